import Foundation
import TestSupport
import Testing

/// `idos-issuer vc …` end to end through the built binary: the §13.6 credential built, issued and
/// verified; to-rdf and canonicalize on suite inputs; the exit codes of every failure.
@Suite struct VCCommandTests {
    static let base = "https://vc-issuers.example.com/idos"
    static let multibase = "z6Mkp8cLeCLk23M9ucPQvAe3cEf8KvpuLifUfdsq3R5wgvvE"
    static let proofValue = "z2qGvubcCE1de2TB6HtMDHL8WeJay8RtQBpfbVNJNb9e4YF7SHoNP3LGDJ1fZfbjGVmQudxgBC6s8wJi4etgmhy3J"

    static func file(_ text: String, _ name: String) throws -> String { try TemporaryFiles.file(Array(text.utf8), name: name) }

    static func vectorCredential() throws -> [UInt8] {
        let fields = try file(#"{"id":"https://vc-issuers.example.com/idos/credentials/z6MkszZtxCmA2Ce4vUV132PCuLQmwnaDD5mw2L23fGNnsiX3","level":"basic+liveness","issued":"2022-01-01","approvedAt":"2022-01-01","expirationDate":"2030-01-01"}"#, "fields.json")
        let subject = try file(#"{"id":"uuid:z6MkszZtxCmA2Ce4vUV132PCuLQmwnaDD5mw2L23fGNnsiX3","firstName":"John","familyName":"Lennon","dateOfBirth":"1980-01-01","idDocumentCountry":"US","idDocumentNumber":"123456789","idDocumentType":"PASSPORT","idDocumentFrontFile":"RnJvbnQgb2YgSUQgZG9jdW1lbnQ=","selfieFile":"U2VsZmll"}"#, "subject.json")
        let built = try issuer("vc", "build", "--fields", fields, "--subject", subject, "--issuer", base)
        #expect(built.status == 0, "\(built.stderr)")
        var object = try jsonObject(built)
        #expect(object["issuer"] as? String == base + "/issuers/1")
        object["issuanceDate"] = "2022-01-01T00:00:00Z"
        return Array(try JSONSerialization.data(withJSONObject: object))
    }

    static func keyFile() throws -> String { try file("4afb738a47b339399110f12b2555db83fa845fc20b9fb180e312733f3712ae0b\n", "vc.key") }

    @Test func buildIssueVerifyReproducesTheVector() throws {
        let issued = try issuer("vc", "issue", "--key-file", try Self.keyFile(), "--issuer", Self.base, "--created", "2022-01-01T00:00:00Z",
                                input: try Self.vectorCredential())
        #expect(issued.status == 0, "\(issued.stderr)")
        let proof = try jsonObject(issued)["proof"] as? [String: Any]
        #expect(proof?["proofValue"] as? String == Self.proofValue)
        #expect(proof?["verificationMethod"] as? String == Self.base + "/keys/1")

        let verified = try issuer("vc", "verify", "--public-key-multibase", Self.multibase, "--issuer", Self.base, input: issued.stdout)
        #expect(verified.status == 0, "\(verified.stderr)")
        let json = try jsonObject(verified)
        #expect(json["verified"] as? Bool == true)
        #expect(json["issuer"] as? String == Self.base + "/issuers/1")
        #expect(json["verificationMethod"] as? String == Self.base + "/keys/1")

        let tampered = Array(issued.stdoutText.replacingOccurrences(of: "Lennon", with: "McCartney").utf8)
        let refused = try issuer("vc", "verify", "--public-key-multibase", Self.multibase, input: tampered)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("proof rule 'signature' failed"), "\(refused.stderr)")
        let otherIssuer = try issuer("vc", "verify", "--public-key-multibase", Self.multibase, "--issuer", "https://other.example", input: issued.stdout)
        #expect(otherIssuer.status == 1)
        #expect(otherIssuer.stderr.contains("proof rule 'issuer' failed"), "\(otherIssuer.stderr)")
        let badKey = try issuer("vc", "verify", "--public-key-multibase", "zNope", input: issued.stdout)
        #expect(badKey.status == 2)
        #expect(badKey.stderr.contains("--public-key-multibase"), "\(badKey.stderr)")
        let noProof = try issuer("vc", "verify", "--public-key-multibase", Self.multibase, input: try Self.vectorCredential())
        #expect(noProof.status == 2)
        #expect(noProof.stderr.contains("no proof"), "\(noProof.stderr)")
    }

    /// A credential signed with this issuer's key that names another issuer, or whose proof is for a
    /// purpose other than assertionMethod, is refused by name (exit 1).
    @Test func verifyNamesTheRuleThatFailed() throws {
        var credential = try JSONSerialization.jsonObject(with: Data(try Self.vectorCredential())) as! [String: Any]
        credential["issuer"] = "https://other-issuer.example/idos/issuers/1"
        let forged = try issuer("vc", "issue", "--key-file", try Self.keyFile(), "--issuer", Self.base, "--created", "2022-01-01T00:00:00Z",
                                input: Array(try JSONSerialization.data(withJSONObject: credential)))
        #expect(forged.status == 0, "\(forged.stderr)")
        let refused = try issuer("vc", "verify", "--public-key-multibase", Self.multibase, input: forged.stdout)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("proof rule 'verificationMethod' failed"), "\(refused.stderr)")

        let issued = try issuer("vc", "issue", "--key-file", try Self.keyFile(), "--issuer", Self.base, "--created", "2022-01-01T00:00:00Z",
                                input: try Self.vectorCredential())
        // The proof options are signed, so changing the purpose also breaks the signature; the purpose
        // rule is checked first and is the one reported.
        let otherPurpose = Array(issued.stdoutText.replacingOccurrences(of: "\"assertionMethod\"", with: "\"authentication\"").utf8)
        let purpose = try issuer("vc", "verify", "--public-key-multibase", Self.multibase, input: otherPurpose)
        #expect(purpose.status == 1)
        #expect(purpose.stderr.contains("proof rule 'proofPurpose' failed"), "\(purpose.stderr)")
    }

    @Test func issueDefaultsIssuerAndIssuanceDateAndRefusesUnknownProperties() throws {
        var object = try JSONSerialization.jsonObject(with: Data(try Self.vectorCredential())) as! [String: Any]
        object["issuer"] = nil
        object["issuanceDate"] = nil
        let issued = try issuer("vc", "issue", "--key-file", try Self.keyFile(), "--issuer", Self.base,
                                input: Array(try JSONSerialization.data(withJSONObject: object)))
        #expect(issued.status == 0, "\(issued.stderr)")
        let signed = try jsonObject(issued)
        #expect(signed["issuer"] as? String == Self.base + "/issuers/1")
        #expect((signed["issuanceDate"] as? String)?.count == 20, "YYYY-MM-DDTHH:MM:SSZ")
        object["favouriteColour"] = "blue"
        let unsafe = try issuer("vc", "issue", "--key-file", try Self.keyFile(), "--issuer", Self.base,
                                input: Array(try JSONSerialization.data(withJSONObject: object)))
        #expect(unsafe.status == 2)
        #expect(unsafe.stderr.contains("favouriteColour"), "\(unsafe.stderr)")
        let badCreated = try issuer("vc", "issue", "--key-file", try Self.keyFile(), "--issuer", Self.base, "--created", "yesterday",
                                    input: try Self.vectorCredential())
        #expect(badCreated.status == 2)
        #expect(badCreated.stderr.contains("--created must be YYYY-MM-DDTHH:MM:SSZ"), "\(badCreated.stderr)")
    }

    @Test func buildListsEveryInvalidField() throws {
        let fields = try Self.file(#"{"level":"gold"}"#, "f.json")
        let subject = try Self.file(#"{"id":"uuid:x","idDocumentCountry":"USA"}"#, "s.json")
        let result = try issuer("vc", "build", "--fields", fields, "--subject", subject)
        #expect(result.status == 2)
        for path in ["id", "level", "credentialSubject.idDocumentCountry", "credentialSubject.dateOfBirth", "credentialSubject.selfieFile",
                     "credentialSubject.firstName"] {
            #expect(result.stderr.contains("  \(path): "), "\(path) missing from: \(result.stderr)")
        }
    }

    @Test func toRDFPrintsSortedNQuads() throws {
        let doc = #"{"@context":{"@vocab":"http://example.org/"},"@id":"http://example.org/a","name":"A","knows":{"name":"B"}}"#
        let result = try issuer("vc", "to-rdf", input: Array(doc.utf8))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdoutText == """
            <http://example.org/a> <http://example.org/knows> _:b0 .
            <http://example.org/a> <http://example.org/name> "A" .
            _:b0 <http://example.org/name> "B" .

            """)
        let relative = try issuer("vc", "to-rdf", "--base", "http://base.example/dir/", input: Array(#"{"@id":"x","http://p.example/q":"v"}"#.utf8))
        #expect(relative.stdoutText == "<http://base.example/dir/x> <http://p.example/q> \"v\" .\n")
        let notJSON = try issuer("vc", "to-rdf", input: Array("{".utf8))
        #expect(notJSON.status == 2)
        #expect(notJSON.stderr.contains("stdin: malformed JSON"), "\(notJSON.stderr)")
        let remote = try issuer("vc", "to-rdf", input: Array(#"{"@context":"https://example.org/ctx.jsonld","a":1}"#.utf8))
        #expect(remote.status == 2)
        #expect(remote.stderr.contains("https://example.org/ctx.jsonld"), "no network fetch: \(remote.stderr)")
        let ctx = try Self.file(#"{"@context":{"a":"http://example.org/a"}}"#, "ctx.jsonld")
        let served = try issuer("vc", "to-rdf", "--context", "https://example.org/ctx.jsonld=\(ctx)",
                                input: Array(#"{"@context":"https://example.org/ctx.jsonld","@id":"http://s","a":1}"#.utf8))
        #expect(served.stdoutText == "<http://s> <http://example.org/a> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n", "\(served.stderr)")
    }

    @Test(arguments: ["test001", "test004", "test044"])
    func canonicalizeNQuadsMatchesTheSuite(test: String) throws {
        let dir = try #require(SharedDirectory.vectors("rdf-canon")).appendingPathComponent("rdfc10")
        let input = try Data(contentsOf: dir.appendingPathComponent("\(test)-in.nq"))
        let expected = try String(contentsOf: dir.appendingPathComponent("\(test)-rdfc10.nq"), encoding: .utf8)
        let result = try issuer("vc", "canonicalize", "--nquads", input: Array(input))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdoutText == expected)
    }

    /// The W3C suite's SHA-384 entry (test075c) through `--hash-algorithm SHA384`; the default (SHA-256)
    /// labels the same graph differently.
    @Test func canonicalizeWithSHA384MatchesTheSuite() throws {
        let dir = try #require(SharedDirectory.vectors("rdf-canon")).appendingPathComponent("rdfc10")
        let input = try Data(contentsOf: dir.appendingPathComponent("test075-in.nq"))
        let expected = try String(contentsOf: dir.appendingPathComponent("test075-rdfc10.nq"), encoding: .utf8)
        let sha384 = try issuer("vc", "canonicalize", "--nquads", "--hash-algorithm", "SHA384", input: Array(input))
        #expect(sha384.status == 0, "\(sha384.stderr)")
        #expect(sha384.stdoutText == expected)
        let sha256 = try issuer("vc", "canonicalize", "--nquads", input: Array(input))
        #expect(sha256.stdoutText == (try issuer("vc", "canonicalize", "--nquads", "--hash-algorithm", "SHA256", input: Array(input)).stdoutText))
        #expect(sha256.stdoutText != expected)
        let unknown = try issuer("vc", "canonicalize", "--nquads", "--hash-algorithm", "SHA512", input: Array(input))
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("--hash-algorithm"), "\(unknown.stderr)")
    }

    @Test func canonicalizeRefusesAPoisonGraphQuickly() throws {
        var lines = ""
        for i in 0..<6 { for j in 0..<6 where i != j { lines += "_:n\(i) <http://ex.org/p> _:n\(j) .\n" } }
        let result = try issuer("vc", "canonicalize", "--nquads", "--work-limit", "50", input: Array(lines.utf8))
        #expect(result.status == 1)
        #expect(result.stderr.contains("work limit"), "\(result.stderr)")
        let malformed = try issuer("vc", "canonicalize", "--nquads", input: Array("<a> <b> .\n".utf8))
        #expect(malformed.status == 2)
        #expect(malformed.stderr.contains("malformed N-Quads at line 1: relative IRI"), "\(malformed.stderr)")
    }
}
