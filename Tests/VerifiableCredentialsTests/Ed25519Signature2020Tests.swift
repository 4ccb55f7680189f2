import Foundation
import IdosCrypto
import Testing
import VerifiableCredentials

/// idos-issuer.md §13.6: a VC signed with Ed25519Signature2020 (pyld URDNA2015 + PyNaCl).
enum VCVector {
    static let seed = "4afb738a47b339399110f12b2555db83fa845fc20b9fb180e312733f3712ae0b"
    static let publicKeyMultibase = "z6Mkp8cLeCLk23M9ucPQvAe3cEf8KvpuLifUfdsq3R5wgvvE"
    static let privateKeyMultibase = "zrv28r72rs1EwzhthnwsQvbvL4WxaHvq2PM6ALvM16rRJaM1n96ReL5t3z8eYRtsroKkZLqX5uSGsEQokujo27aDvzn"
    static let issuer = "https://vc-issuers.example.com/idos"
    static let document = #"""
        {"@context":["https://www.w3.org/2018/credentials/v1","https://idos-network.github.io/idos-sdk-js/credentials/idos-credentials-v1.json","https://w3id.org/security/suites/ed25519-2020/v1"],
         "type":["VerifiableCredential"],"issuer":"https://vc-issuers.example.com/idos/issuers/1",
         "id":"https://vc-issuers.example.com/idos/credentials/z6MkszZtxCmA2Ce4vUV132PCuLQmwnaDD5mw2L23fGNnsiX3",
         "level":"basic+liveness","issued":"2022-01-01T00:00:00.000Z","approvedAt":"2022-01-01T00:00:00.000Z","expirationDate":"2030-01-01T00:00:00.000Z",
         "credentialSubject":{"@context":"https://idos-network.github.io/idos-sdk-js/credentials/idos-credential-subject-v2.json",
           "id":"uuid:z6MkszZtxCmA2Ce4vUV132PCuLQmwnaDD5mw2L23fGNnsiX3","firstName":"John","familyName":"Lennon",
           "dateOfBirth":"1980-01-01T00:00:00.000Z","idDocumentCountry":"US","idDocumentNumber":"123456789","idDocumentType":"PASSPORT",
           "idDocumentFrontFile":"<~7WNEbF<GL6+A\"sDA8bt#D.RU,~>","selfieFile":"<~;e9cWBk7~>"},
         "issuanceDate":"2022-01-01T00:00:00Z"}
        """#
    static let created = "2022-01-01T00:00:00Z"
    static let canonicalProofOptions = """
        _:c14n0 <http://purl.org/dc/terms/created> "2022-01-01T00:00:00Z"^^<http://www.w3.org/2001/XMLSchema#dateTime> .
        _:c14n0 <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/security#Ed25519Signature2020> .
        _:c14n0 <https://w3id.org/security#proofPurpose> <https://w3id.org/security#assertionMethod> .
        _:c14n0 <https://w3id.org/security#verificationMethod> <https://vc-issuers.example.com/idos/keys/1> .

        """
    static let s = "<https://vc-issuers.example.com/idos/credentials/z6MkszZtxCmA2Ce4vUV132PCuLQmwnaDD5mw2L23fGNnsiX3>"
    static let u = "<uuid:z6MkszZtxCmA2Ce4vUV132PCuLQmwnaDD5mw2L23fGNnsiX3>"
    static let canonicalDocument = #"""
        S <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://www.w3.org/2018/credentials#VerifiableCredential> .
        S <http://www.w3.org/2001/XMLSchema#date> "2022-01-01T00:00:00.000Z" .
        S <http://www.w3.org/2001/XMLSchema#string> "basic+liveness" .
        S <https://www.w3.org/2018/credentials#credentialSubject> U .
        S <https://www.w3.org/2018/credentials#expirationDate> "2030-01-01T00:00:00.000Z"^^<http://www.w3.org/2001/XMLSchema#dateTime> .
        S <https://www.w3.org/2018/credentials#issuanceDate> "2022-01-01T00:00:00Z"^^<http://www.w3.org/2001/XMLSchema#dateTime> .
        S <https://www.w3.org/2018/credentials#issued> "2022-01-01T00:00:00.000Z"^^<http://www.w3.org/2001/XMLSchema#dateTime> .
        S <https://www.w3.org/2018/credentials#issuer> <https://vc-issuers.example.com/idos/issuers/1> .
        U <aux:date> "1980-01-01T00:00:00.000Z" .
        U <http://www.w3.org/2001/XMLSchema#string> "123456789" .
        U <http://www.w3.org/2001/XMLSchema#string> "<~7WNEbF<GL6+A\"sDA8bt#D.RU,~>" .
        U <http://www.w3.org/2001/XMLSchema#string> "<~;e9cWBk7~>" .
        U <http://www.w3.org/2001/XMLSchema#string> "John" .
        U <http://www.w3.org/2001/XMLSchema#string> "Lennon" .
        U <http://www.w3.org/2001/XMLSchema#string> "PASSPORT" .
        U <http://www.w3.org/2001/XMLSchema#string> "US" .

        """#.replacingOccurrences(of: "S <", with: s + " <").replacingOccurrences(of: "> U .", with: "> " + u + " .")
        .replacingOccurrences(of: "\nU <", with: "\n" + u + " <")
    static let verifyDataHex = "1f2d8c2443c3477b5c87288986b0ec4f8572b1827b6d430dd295baebea4647403bf34b12d4205473a28b86bd1196355ecb566651ad10776443fdd2393114ead0"
    static let proofValue = "z2qGvubcCE1de2TB6HtMDHL8WeJay8RtQBpfbVNJNb9e4YF7SHoNP3LGDJ1fZfbjGVmQudxgBC6s8wJi4etgmhy3J"

    static func key() throws -> Ed25519VerificationKey2020 {
        Ed25519VerificationKey2020(issuerBaseURL: issuer, privateKey: try Ed25519.PrivateKey(Hex.decode(seed)))
    }

    static func credential() throws -> JSONObject { try JSONParser.parse(document).objectValue! }
}

@Suite struct Ed25519Signature2020Tests {
    @Test func vectorKeysMatch() throws {
        let key = try VCVector.key()
        #expect(key.publicKeyMultibase == VCVector.publicKeyMultibase)
        #expect(Multibase.encodeEd25519PrivateKey(key.privateKey!) == VCVector.privateKeyMultibase)
        #expect(key.id == "https://vc-issuers.example.com/idos/keys/1")
        #expect(key.controller == "https://vc-issuers.example.com/idos/issuers/1")
    }

    @Test func canonicalFormsMatchVectorByteForByte() throws {
        let suite = Ed25519Signature2020()
        var options = JSONObject()
        options["type"] = "Ed25519Signature2020"
        options["created"] = .string(VCVector.created)
        options["verificationMethod"] = "https://vc-issuers.example.com/idos/keys/1"
        options["proofPurpose"] = "assertionMethod"
        let forms = try suite.canonicalForms(document: VCVector.credential(), proofOptions: options)
        #expect(forms.proofOptions == VCVector.canonicalProofOptions)
        #expect(forms.document == VCVector.canonicalDocument)
        #expect(Hex.encode(forms.verifyData) == VCVector.verifyDataHex)
    }

    @Test func signsVectorByteForByteAndVerifies() throws {
        let suite = Ed25519Signature2020()
        let key = try VCVector.key()
        let signed = try suite.sign(VCVector.credential(), key: key, created: VCVector.created)
        let proof = try #require(signed["proof"]?.objectValue)
        #expect(proof["proofValue"] == .string(VCVector.proofValue))
        #expect(proof.keys == ["type", "created", "verificationMethod", "proofPurpose", "proofValue"])
        let verified = try suite.verify(signed, publicKey: key.publicKey)
        #expect(verified.issuer == "https://vc-issuers.example.com/idos/issuers/1")
        #expect(verified.verificationMethod == "https://vc-issuers.example.com/idos/keys/1")
        #expect(verified.created == VCVector.created)
        #expect(try suite.verify(signed, publicKey: key.publicKey, issuerBaseURL: VCVector.issuer) == verified)
        #expect(try suite.verify(signed, publicKey: key.publicKey, issuerBaseURL: VCVector.issuer + "/") == verified)
    }

    @Test func tamperedCredentialFailsTheSignatureRule() throws {
        let suite = Ed25519Signature2020()
        let key = try VCVector.key()
        var signed = try suite.sign(VCVector.credential(), key: key, created: VCVector.created)
        signed["level"] = "plus"
        #expect(throws: VCError.signatureMismatch) { try suite.verify(signed, publicKey: key.publicKey) }
        let other = try Ed25519.PrivateKey(Array(repeating: 7, count: 32))
        let resigned = try suite.sign(VCVector.credential(), key: key, created: VCVector.created)
        #expect(throws: VCError.signatureMismatch) { try suite.verify(resigned, publicKey: other.publicKey) }
    }

    /// The attack the ownership rule stops: issuer A's key signs a credential that names issuer B. The
    /// signature is good; the credential is not B's.
    @Test func credentialNamingAnotherIssuerFailsTheVerificationMethodRule() throws {
        let suite = Ed25519Signature2020()
        let keyOfA = try VCVector.key()
        var credential = try VCVector.credential()
        credential["issuer"] = "https://other-issuer.example/idos/issuers/1"
        let signed = try suite.sign(credential, key: keyOfA, created: VCVector.created)
        #expect(throws: VCError.verificationMethodNotOwnedByIssuer(verificationMethod: "https://vc-issuers.example.com/idos/keys/1",
                                                                    issuer: "https://other-issuer.example/idos/issuers/1")) {
            try suite.verify(signed, publicKey: keyOfA.publicKey)
        }
        // Pinning B does not help the forger: B's pin is met, the key still is not B's.
        #expect(throws: VCError.verificationMethodNotOwnedByIssuer(verificationMethod: "https://vc-issuers.example.com/idos/keys/1",
                                                                    issuer: "https://other-issuer.example/idos/issuers/1")) {
            try suite.verify(signed, publicKey: keyOfA.publicKey, issuerBaseURL: "https://other-issuer.example/idos")
        }
    }

    @Test func proofPurposeOtherThanAssertionMethodFailsItsRule() throws {
        let suite = Ed25519Signature2020()
        let key = try VCVector.key()
        let signed = try suite.sign(VCVector.credential(), key: key, created: VCVector.created, proofPurpose: "authentication")
        #expect(throws: VCError.proofPurposeNotAssertionMethod(found: "authentication")) { try suite.verify(signed, publicKey: key.publicKey) }
    }

    @Test func pinnedIssuerMismatchFailsTheIssuerRule() throws {
        let suite = Ed25519Signature2020()
        let key = try VCVector.key()
        let signed = try suite.sign(VCVector.credential(), key: key, created: VCVector.created)
        #expect(throws: VCError.issuerNotPinned(expected: "https://other.example", found: "https://vc-issuers.example.com/idos/issuers/1")) {
            try suite.verify(signed, publicKey: key.publicKey, issuerBaseURL: "https://other.example/")
        }
    }

    /// `<base>/issuers/N` owns every `<base>/keys/M`, and an issuer may be written as an object with an id.
    @Test func anyKeyOfTheIssuersBaseAndAnIssuerObjectVerify() throws {
        let suite = Ed25519Signature2020()
        let seed = try Ed25519.PrivateKey(Hex.decode(VCVector.seed))
        let key = Ed25519VerificationKey2020(id: VCVector.issuer + "/keys/7", controller: VCVector.issuer + "/issuers/2", privateKey: seed)
        var credential = try VCVector.credential()
        var issuerObject = JSONObject()
        issuerObject["id"] = .string(VCVector.issuer + "/issuers/2")
        credential["issuer"] = .object(issuerObject)
        let signed = try suite.sign(credential, key: key, created: VCVector.created)
        let verified = try suite.verify(signed, publicKey: key.publicKey, issuerBaseURL: VCVector.issuer)
        #expect(verified.issuer == VCVector.issuer + "/issuers/2")
        #expect(verified.verificationMethod == VCVector.issuer + "/keys/7")
    }

    @Test func missingIssuerOrProofIsMalformed() throws {
        let suite = Ed25519Signature2020()
        let key = try VCVector.key()
        var signed = try suite.sign(VCVector.credential(), key: key, created: VCVector.created)
        #expect(throws: VCError.invalidCredential(reason: "no proof, or more than one")) { try suite.verify(VCVector.credential(), publicKey: key.publicKey) }
        signed["issuer"] = nil
        #expect(throws: VCError.invalidCredential(reason: "the credential has no issuer (a URL, or an object with an id)")) {
            try suite.verify(signed, publicKey: key.publicKey)
        }
    }

    @Test func issuerKeyConvention() {
        #expect(IssuerKeyConvention.base(ofIssuer: "https://x.example/idos/issuers/1") == "https://x.example/idos")
        #expect(IssuerKeyConvention.base(ofKey: "https://x.example/idos/keys/12") == "https://x.example/idos")
        #expect(IssuerKeyConvention.base(ofKey: "https://x.example/idos/issuers/1/keys/1") == "https://x.example/idos/issuers/1")
        for notAnIssuer in ["https://x.example/idos/issuers/", "https://x.example/idos/issuers/1/", "https://x.example/issuers/1#k",
                            "https://x.example/issuers/1?q", "issuers/1", "/a/issuers/1", "https://x.example/idos/keys/1"] {
            #expect(IssuerKeyConvention.base(ofIssuer: notAnIssuer) == nil, "\(notAnIssuer)")
        }
        #expect(IssuerKeyConvention.issuer("https://x.example/idos/issuers/1", owns: "https://x.example/idos/keys/3"))
        #expect(!IssuerKeyConvention.issuer("https://x.example/idos/issuers/1", owns: "https://x.example/other/keys/1"))
        #expect(!IssuerKeyConvention.issuer("https://x.example/idos/issuers/1", owns: "https://x.example/idos/issuers/1/keys/1"))
        #expect(!IssuerKeyConvention.issuer("https://x.example/idos/issuers/1", owns: "https://X.example/idos/keys/1"))
    }

    @Test func safeModeRefusesUnmappedProperty() throws {
        var credential = try VCVector.credential()
        credential["notInAnyContext"] = "x"
        #expect(throws: VCError.unsafeDrop(event: "invalid property", detail: "'notInAnyContext' is not defined by the context and was dropped")) {
            try Ed25519Signature2020().sign(credential, key: try VCVector.key(), created: VCVector.created)
        }
    }

    /// The suite is specified with SHA-256: a canonicalizer configured for SHA-384 does not change the proof.
    @Test func suiteAlwaysCanonicalizesWithSHA256() throws {
        let suite = Ed25519Signature2020(canonicalizer: RDFCanonicalizer(hashAlgorithm: .sha384))
        let signed = try suite.sign(VCVector.credential(), key: try VCVector.key(), created: VCVector.created)
        #expect(signed["proof"]?["proofValue"] == .string(VCVector.proofValue))
    }

    @Test func createdIsUTCWithoutMilliseconds() {
        #expect(Ed25519Signature2020.dateTime(.init(timeIntervalSince1970: 1_640_995_200.75)) == "2022-01-01T00:00:00Z")
        #expect(Ed25519Signature2020.dateTime(.init(timeIntervalSince1970: 951_782_400 + 86_399)) == "2000-02-29T23:59:59Z")
    }
}
