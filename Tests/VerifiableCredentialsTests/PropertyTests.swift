import Foundation
import Testing
import VerifiableCredentials

/// A small deterministic generator so property tests replay identically.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct PropertyTests {
    static let keys = ["@id", "@type", "@value", "@list", "@set", "@graph", "@reverse", "@context", "@language", "@index",
                       "@vocab", "@base", "@nest", "@included", "@json", "@container", "name", "knows", "http://ex.org/p",
                       "_:b", "ex:q", "a", "@protected", "@direction"]
    static let strings = ["", "x", "http://ex.org/", "_:b0", "@id", "@vocab", "@list", "@set", "ex:y", "en", "ltr", "../r", "#f",
                          "@json", "@graph", "@index", "@type", "http://ex.org/p"]

    static func randomJSON(_ rng: inout SplitMix64, depth: Int) -> JSONValue {
        let choice = Int(rng.next() % (depth > 3 ? 5 : 8))
        switch choice {
        case 0: return .null
        case 1: return .bool(rng.next() % 2 == 0)
        case 2: return rng.next() % 2 == 0 ? .int(Int(rng.next() % 2000) - 1000) : .double(Double(rng.next() % 10_000) / 7.0)
        case 3, 4: return .string(strings[Int(rng.next() % UInt64(strings.count))])
        case 5: return .array((0..<Int(rng.next() % 4)).map { _ in randomJSON(&rng, depth: depth + 1) })
        default:
            var o = JSONObject()
            for _ in 0..<Int(rng.next() % 5) {
                o[keys[Int(rng.next() % UInt64(keys.count))]] = randomJSON(&rng, depth: depth + 1)
            }
            return .object(o)
        }
    }

    @Test func randomJSONIntoToRDFNeverCrashes() {
        var rng = SplitMix64(state: 0x1D05)
        var succeeded = 0, failed = 0
        for _ in 0..<3000 {
            let doc = Self.randomJSON(&rng, depth: 0)
            for safe in [false, true] {
                do {
                    let quads = try JSONLD.toRDF(doc, options: JSONLDOptions(base: "http://ex.org/doc", safeMode: safe))
                    _ = try RDFCanonicalizer().canonicalize(quads)
                    succeeded += 1
                } catch {
                    failed += 1
                }
            }
        }
        // Both outcomes must occur: the generator reaches valid and invalid documents alike.
        #expect(succeeded > 0 && failed > 0)
    }

    @Test func randomBytesIntoParsersNeverCrash() {
        var rng = SplitMix64(state: 42)
        let alphabet = Array("{}[]\":,0123456789.eE-+tfnul \\\"<>_:@^#.\n abc".utf8)
        for _ in 0..<3000 {
            let bytes = (0..<Int(rng.next() % 40)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            _ = try? JSONParser.parse(bytes)
            _ = try? NQuadsParser.parse(String(decoding: bytes, as: UTF8.self))
        }
    }

    @Test(arguments: RDFCanonEntry.all().filter { $0.type == "rdfc:RDFC10EvalTest" })
    func blankNodeRelabellingLeavesCanonicalFormUnchanged(_ entry: RDFCanonEntry) throws {
        let quads = try NQuadsParser.parse(entry.read(entry.action))
        let expected = try RDFCanonicalizer().canonicalize(quads).nquads
        var rng = SplitMix64(state: entry.id.utf8.reduce(1) { $0 &* 31 &+ UInt64($1) })
        var labels: [String: String] = [:]
        func relabel(_ t: RDFTerm) -> RDFTerm {
            guard case .blankNode(let l) = t else { return t }
            if let n = labels[l] { return .blankNode(n) }
            let n = "r\(rng.next() % 1_000_000)x\(labels.count)"
            labels[l] = n
            return .blankNode(n)
        }
        var relabelled = quads.map { RDFQuad(relabel($0.subject), $0.predicate, relabel($0.object), graph: $0.graph.map(relabel)) }
        relabelled.shuffle(using: &rng)
        #expect(try RDFCanonicalizer().canonicalize(relabelled).nquads == expected)
    }

    @Test func poisonGraphFailsWithWorkLimit() throws {
        // A 6-clique of blank nodes: every node looks the same, so hash-n-degree-quads explodes.
        var quads: [RDFQuad] = []
        for i in 0..<6 { for j in 0..<6 where i != j {
            quads.append(RDFQuad(.blankNode("n\(i)"), .iri("http://ex.org/p"), .blankNode("n\(j)")))
        } }
        let limited = RDFCanonicalizer(workLimit: 50)
        #expect(throws: VCError.canonicalizationWorkLimitExceeded(limit: 50)) { try limited.canonicalize(quads) }
    }
}
