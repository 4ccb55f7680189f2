import Foundation
import Testing
import TestSupport
import VerifiableCredentials

/// One entry of the W3C JSON-LD 1.1 toRdf test suite in `shared/vectors/jsonld-toRdf`.
struct ToRDFEntry: Sendable, CustomStringConvertible {
    let id: String
    let types: [String]
    let input: String
    let expect: String?
    let expectErrorCode: String?
    let options: JSONObject
    var description: String { id }

    static let directory = SharedDirectory.vectors("jsonld-toRdf")
    static let suiteBase = "https://w3c.github.io/json-ld-api/tests/"

    /// Entries that do not apply to a JSON-LD 1.1 processor without generalized RDF, with the reason.
    static let skipped: [String: String] = [
        "#t0118": "produceGeneralizedRdf (blank node predicates), which idOS never uses",
        "#tc031": "needs toRdf/c031/c031-context.jsonld and the toRdf/c031-context.jsonld it imports; shared/ holds only the first, flattened",
        "#ter56": "its input, expand/er56-in.jsonld, is not in shared/vectors",
    ]

    static func all() -> [ToRDFEntry] {
        guard let dir = directory,
            let data = FileManager.default.contents(atPath: dir.appendingPathComponent("toRdf-manifest.json").path),
            let manifest = try? JSONParser.parse(Array(data)), let sequence = manifest["sequence"]?.arrayValue
        else { return [] }
        return sequence.compactMap { e in
            guard let id = e["@id"]?.stringValue, let input = e["input"]?.stringValue else { return nil }
            return ToRDFEntry(
                id: id, types: e["@type"]?.asArray.compactMap(\.stringValue) ?? [], input: input,
                expect: e["expect"]?.stringValue, expectErrorCode: e["expectErrorCode"]?.stringValue,
                options: e["option"]?.objectValue ?? JSONObject())
        }
    }

    /// Whether the entry applies (JSON-LD 1.1, not skipped); the reason if not.
    var skipReason: String? {
        if let reason = Self.skipped[id] { return reason }
        if options["specVersion"]?.stringValue == "json-ld-1.0" { return "JSON-LD 1.0-only test" }
        return nil
    }

    var isNegative: Bool { types.contains("jld:NegativeEvaluationTest") }

    /// Every `.jsonld` file of the suite, served at its URL under the suite base.
    static let loader: StaticDocumentLoader = {
        var loader = StaticDocumentLoader()
        guard let dir = directory else { return loader }
        let fm = FileManager.default
        for sub in ["toRdf"] {
            let files = (try? fm.contentsOfDirectory(atPath: dir.appendingPathComponent(sub).path)) ?? []
            for file in files where file.hasSuffix(".jsonld") {
                guard let data = fm.contents(atPath: dir.appendingPathComponent(sub).appendingPathComponent(file).path),
                    let json = try? JSONParser.parse(Array(data))
                else { continue }
                loader = loader.adding(url: suiteBase + sub + "/" + file, document: json)
            }
        }
        return loader
    }()

    enum Outcome: Equatable { case passed, failed(String) }

    /// The entry's dataset as `loader` serves the contexts (the suite's options applied).
    func toRDF(loader: any DocumentLoader = Self.loader) -> Result<[RDFQuad], VCError>? {
        guard let dir = Self.directory,
            let data = FileManager.default.contents(atPath: dir.appendingPathComponent(input).path)
        else { return nil }
        var options = JSONLDOptions()
        let documentURL = Self.suiteBase + input
        options.base = self.options["base"]?.stringValue ?? documentURL
        if let mode = self.options["processingMode"]?.stringValue { options.processingMode = mode }
        if let direction = self.options["rdfDirection"]?.stringValue { options.rdfDirection = direction }
        if self.options["produceGeneralizedRdf"] == .bool(true) { options.produceGeneralizedRDF = true }
        if let ctx = self.options["expandContext"]?.stringValue {
            guard let doc = try? Self.loader.loadDocument(Self.suiteBase + ctx) else { return nil }
            options.expandContext = doc.document
        }
        return Result { () throws(VCError) -> [RDFQuad] in
            let document = try JSONParser.parse(Array(data))
            return try JSONLD.toRDF(document, options: options, loader: loader, documentURL: documentURL)
        }
    }

    func run() -> Outcome {
        guard let dir = Self.directory, let result = toRDF() else { return .failed("input or expandContext missing") }
        if isNegative {
            switch result {
            case .success: return .failed("expected error '\(expectErrorCode ?? "")', got success")
            case .failure(let e):
                if case .jsonLD(let code, _) = e, code.rawValue == expectErrorCode { return .passed }
                return .failed("expected error '\(expectErrorCode ?? "")', got \(e)")
            }
        }
        switch result {
        case .failure(let e): return .failed("unexpected error \(e)")
        case .success(let quads):
            guard let expect else { return .passed }
            do {
                let expectedText = try String(contentsOf: dir.appendingPathComponent(expect), encoding: .utf8)
                let c = RDFCanonicalizer()
                let ours = try c.canonicalize(quads).nquads
                let theirs = try c.canonicalize(NQuadsParser.parse(expectedText)).nquads
                return ours == theirs ? .passed : .failed("got:\n\(ours)expected:\n\(theirs)")
            } catch {
                return .failed("comparison failed: \(error)")
            }
        }
    }
}

@Suite struct ToRDFSuiteTests {
    static let applicable = ToRDFEntry.all().filter { $0.skipReason == nil }

    @Test(arguments: applicable)
    func w3cSuiteEntry(_ entry: ToRDFEntry) {
        let outcome = entry.run()
        #expect(outcome == .passed, "\(entry.id): \(outcome)")
    }

    @Test func suiteSummary() {
        let all = ToRDFEntry.all()
        #expect(all.count > 0, "shared/vectors/jsonld-toRdf not found (set IDOS_SHARED_DIR)")
        let applicable = all.filter { $0.skipReason == nil }
        let positive = applicable.filter { !$0.isNegative }
        let negative = applicable.filter { $0.isNegative }
        let positivePassed = positive.filter { $0.run() == .passed }.count
        let negativePassed = negative.filter { $0.run() == .passed }.count
        print("jsonld-toRdf: positive \(positivePassed)/\(positive.count), negative \(negativePassed)/\(negative.count) passed; \(all.count - applicable.count) not applicable")
        for e in all where e.skipReason != nil { print("  skipped \(e.id): \(e.skipReason!)") }
        #expect(Double(positivePassed) >= 0.95 * Double(positive.count))
    }
}

/// Serves the suite's documents with no cache identity, so every context is processed afresh.
struct UncachedLoader: DocumentLoader {
    let inner: StaticDocumentLoader
    func loadDocument(_ url: String) throws(VCError) -> RemoteDocument { try inner.loadDocument(url) }
}

/// The processed-context cache changes nothing: every applicable entry gives the same canonical dataset (or
/// the same error) with the cache as without it, run twice so the second cached run hits warm entries.
@Suite struct ProcessedContextCacheTests {
    @Test func cachedAndUncachedProcessingAgreeOnTheWholeSuite() throws {
        let uncached = UncachedLoader(inner: ToRDFEntry.loader)
        #expect(uncached.cacheIdentity == nil && ToRDFEntry.loader.cacheIdentity != nil)
        var compared = 0
        for entry in ToRDFSuiteTests.applicable {
            guard let plain = entry.toRDF(loader: uncached) else { continue }
            for _ in 0..<2 {
                guard let cached = entry.toRDF() else { continue }
                switch (plain, cached) {
                case let (.success(a), .success(b)):
                    #expect(try RDFCanonicalizer().canonicalize(a).nquads == RDFCanonicalizer().canonicalize(b).nquads, "\(entry.id)")
                case let (.failure(a), .failure(b)):
                    #expect(a == b, "\(entry.id)")
                default:
                    Issue.record("\(entry.id): cached \(cached) vs uncached \(plain)")
                }
            }
            compared += 1
        }
        #expect(compared == ToRDFSuiteTests.applicable.count)
    }

    @Test func aLoaderWithOtherDocumentsDoesNotShareTheCache() throws {
        let a = StaticDocumentLoader().adding(url: "https://ctx.example/c", document: try JSONParser.parse(#"{"@context":{"p":"http://a.example/p"}}"#))
        let b = StaticDocumentLoader().adding(url: "https://ctx.example/c", document: try JSONParser.parse(#"{"@context":{"p":"http://b.example/p"}}"#))
        let doc = try JSONParser.parse(#"{"@context":"https://ctx.example/c","@id":"http://s.example","p":"v"}"#)
        #expect(NQuadsSerializer.serialize(try JSONLD.toRDF(doc, loader: a)) == "<http://s.example> <http://a.example/p> \"v\" .\n")
        #expect(NQuadsSerializer.serialize(try JSONLD.toRDF(doc, loader: b)) == "<http://s.example> <http://b.example/p> \"v\" .\n")
        #expect(NQuadsSerializer.serialize(try JSONLD.toRDF(doc, loader: a)) == "<http://s.example> <http://a.example/p> \"v\" .\n")
    }
}
