import Foundation
import Testing
import TestSupport
import VerifiableCredentials

/// The W3C RDFC-1.0 test suite entries in `shared/vectors/rdf-canon`.
struct RDFCanonEntry: Sendable, CustomStringConvertible {
    let id: String
    let type: String
    let action: String
    let result: String?
    /// The entry's `hashAlgorithm` (`SHA384` in test075c/m); nil means RDFC-1.0's default, SHA-256.
    let hashAlgorithm: String?
    var description: String { hashAlgorithm.map { "\(id) (\($0))" } ?? id }

    static let directory = SharedDirectory.vectors("rdf-canon")

    static func all() -> [RDFCanonEntry] {
        guard let dir = directory,
            let data = FileManager.default.contents(atPath: dir.appendingPathComponent("manifest.json").path),
            let manifest = try? JSONParser.parse(Array(data)), let entries = manifest["entries"]?.arrayValue
        else { return [] }
        return entries.compactMap { e in
            guard let id = e["id"]?.stringValue, let type = e["type"]?.stringValue, let action = e["action"]?.stringValue
            else { return nil }
            return RDFCanonEntry(id: id, type: type, action: action, result: e["result"]?.stringValue,
                                 hashAlgorithm: e["hashAlgorithm"]?.stringValue)
        }
    }

    func read(_ path: String) throws -> String {
        let url = Self.directory!.appendingPathComponent(path)
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// Runs the entry; true if it passes. An unknown hash algorithm fails the entry (never skips it).
    func run() throws -> Bool {
        let input = try read(action)
        var canonicalizer = RDFCanonicalizer()
        if let hashAlgorithm {
            guard let algorithm = RDFCanonicalizer.HashAlgorithm(rawValue: hashAlgorithm) else { return false }
            canonicalizer.hashAlgorithm = algorithm
        }
        switch type {
        case "rdfc:RDFC10EvalTest":
            return try canonicalizer.canonicalize(nquads: input) == read(result!)
        case "rdfc:RDFC10MapTest":
            let quads = try NQuadsParser.parse(input)
            let issued = try canonicalizer.canonicalize(quads).issuedIdentifiers
            let expected = try JSONParser.parse(read(result!))
            guard let map = expected.objectValue else { return false }
            return map.count == issued.count && map.members.allSatisfy { issued[$0.key] == $0.value.stringValue }
        case "rdfc:RDFC10NegativeEvalTest":
            let quads = try NQuadsParser.parse(input)
            let outcome = Result { () throws(VCError) in try canonicalizer.canonicalize(quads) }
            guard case .failure(let failure) = outcome, case .canonicalizationWorkLimitExceeded = failure else { return false }
            return true
        default:
            return false
        }
    }
}

@Suite struct RDFCanonicalizerTests {
    @Test(arguments: RDFCanonEntry.all())
    func w3cSuiteEntry(_ entry: RDFCanonEntry) throws {
        #expect(try entry.run(), "\(entry.id) (\(entry.type))")
    }

    @Test func suiteSummary() throws {
        let entries = RDFCanonEntry.all()
        #expect(entries.count > 0, "shared/vectors/rdf-canon not found (set IDOS_SHARED_DIR)")
        let passed = entries.filter { (try? $0.run()) == true }.count
        print("rdf-canon: \(passed)/\(entries.count) passed")
        #expect(passed == entries.count)
    }

    /// test075c/m are test020's diamond canonicalized with SHA-384; with SHA-256 the labels differ, so
    /// these entries prove the parameter reaches every hashing step.
    @Test func sha384EntriesRunAndDifferFromSHA256() throws {
        let sha384 = RDFCanonEntry.all().filter { $0.hashAlgorithm != nil }
        #expect(sha384.map(\.id).sorted() == ["#test075c", "#test075m"])
        #expect(sha384.allSatisfy { $0.hashAlgorithm == "SHA384" })
        for entry in sha384 { #expect(try entry.run(), "\(entry)") }
        let eval = try #require(sha384.first { $0.type == "rdfc:RDFC10EvalTest" })
        let input = try eval.read(eval.action)
        let withSHA256 = try RDFCanonicalizer().canonicalize(nquads: input)
        #expect(withSHA256 != (try eval.read(eval.result!)))
        #expect(try RDFCanonicalizer(hashAlgorithm: .sha384).canonicalize(nquads: input) == (try eval.read(eval.result!)))
    }

    @Test func escapesLiteralsCanonically() throws {
        let quads = try NQuadsParser.parse("<http://a/s> <http://a/p> \"a\\\"b\\\\c\\nd\\re\\tf\\u0001\\u00E9\" .\n")
        #expect(NQuadsSerializer.serialize(quads) == "<http://a/s> <http://a/p> \"a\\\"b\\\\c\\nd\\re\\tf\\u0001é\" .\n")
    }

    @Test func rejectsMalformedNQuads() {
        let cases = [("<a> <http://p> <http://o> .", "relative IRI"), ("<http://s> \"p\" <http://o> .", "the predicate must be an IRI"),
                     ("<http://s> <http://p> \"o .", "unterminated literal"), ("_:a <http://p> _:b", "expected '.'")]
        for (bad, reason) in cases {
            #expect(throws: VCError.malformedNQuads(line: 1, reason: reason)) { try NQuadsParser.parse(bad) }
        }
    }
}
