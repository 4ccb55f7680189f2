import Foundation
import IdosCrypto
import IdosKit
import Testing
import VerifiableCredentials

/// `CredentialBuilder`: the §13.6 credential rebuilt from the caller's fields signs to the vector's
/// proofValue; each validation rule refuses what the SDK refuses, and all problems are listed at once.
@Suite struct CredentialBuilderTests {
    static let fields = #"{"id":"https://vc-issuers.example.com/idos/credentials/z6MkszZtxCmA2Ce4vUV132PCuLQmwnaDD5mw2L23fGNnsiX3","level":"basic+liveness","issued":"2022-01-01","approvedAt":"2022-01-01T00:00:00Z","expirationDate":"2030-01-01T00:00:00.000Z"}"#
    static func subject(frontFile: String = Base64.encode(Array("Front of ID document".utf8))) -> String {
        #"{"id":"uuid:z6MkszZtxCmA2Ce4vUV132PCuLQmwnaDD5mw2L23fGNnsiX3","firstName":"John","familyName":"Lennon","dateOfBirth":"1980-01-01","idDocumentCountry":"US","idDocumentNumber":"123456789","idDocumentType":"PASSPORT","idDocumentFrontFile":""#
            + frontFile + #"","selfieFile":""# + Base64.encode(Array("Selfie".utf8)) + #""}"#
    }

    static func object(_ text: String) throws -> JSONObject { try #require(try JSONParser.parse(text).objectValue) }

    @Test func rebuildsAndSignsTheVectorCredential() throws {
        let built = try CredentialBuilder.build(fields: Self.object(Self.fields), subject: Self.object(Self.subject()),
                                                issuer: "https://vc-issuers.example.com/idos/issuers/1")
        let subject = try #require(built["credentialSubject"]?.objectValue)
        #expect(subject["idDocumentFrontFile"] == .string(#"<~7WNEbF<GL6+A"sDA8bt#D.RU,~>"#))
        #expect(subject["dateOfBirth"] == .string("1980-01-01T00:00:00.000Z"))
        #expect(built["issued"] == .string("2022-01-01T00:00:00.000Z"))
        let dated = CredentialBuilder.withIssuanceDate(built, now: Date(timeIntervalSince1970: 1_640_995_200))
        #expect(dated["issuanceDate"] == .string("2022-01-01T00:00:00Z"))
        let key = Ed25519VerificationKey2020(issuerBaseURL: "https://vc-issuers.example.com/idos",
                                             privateKey: try Ed25519.PrivateKey(Hex.decode("4afb738a47b339399110f12b2555db83fa845fc20b9fb180e312733f3712ae0b")))
        let signed = try Ed25519Signature2020().sign(dated, key: key, created: "2022-01-01T00:00:00Z")
        #expect(signed["proof"]?["proofValue"] == .string("z2qGvubcCE1de2TB6HtMDHL8WeJay8RtQBpfbVNJNb9e4YF7SHoNP3LGDJ1fZfbjGVmQudxgBC6s8wJi4etgmhy3J"))
    }

    @Test func existingIssuanceDateIsKept() throws {
        let c = try Self.object(#"{"issuanceDate":"2020-02-02T00:00:00Z"}"#)
        #expect(CredentialBuilder.withIssuanceDate(c)["issuanceDate"] == .string("2020-02-02T00:00:00Z"))
    }

    @Test func everyProblemIsListed() throws {
        let fields = try Self.object(#"{"level":"gold+liveness","issued":"yesterday","colour":"red"}"#)
        let subject = try Self.object(#"{"dateOfBirth":"1980-13-45","idDocumentCountry":"USA","idDocumentNumber":"1","idDocumentType":"BADGE","idDocumentFrontFile":"not base64!","selfieFile":"","gender":"X","ssn":"12","residentialAddress":{"street":"Abbey Road","country":"GB"}}"#)
        do {
            _ = try CredentialBuilder.build(fields: fields, subject: subject)
            Issue.record("expected a validation error")
        } catch {
            let paths = Set(error.issues.map(\.path))
            let expected: Set = [
                "id", "level", "issued", "colour", "credentialSubject.id", "credentialSubject.firstName", "credentialSubject.dateOfBirth",
                "credentialSubject.idDocumentCountry", "credentialSubject.idDocumentType", "credentialSubject.idDocumentFrontFile",
                "credentialSubject.selfieFile", "credentialSubject.gender", "credentialSubject.ssn",
                "credentialSubject.residentialAddress.city", "credentialSubject.residentialAddress.proofCategory",
                "credentialSubject.residentialAddress.proofFile",
            ]
            #expect(paths == expected, "\(error)")
            #expect(error.issues.first { $0.path == "credentialSubject.idDocumentCountry" }?.reason == "must be a 2-letter country code")
            #expect(error.description.contains("credentialSubject.idDocumentType: must be one of"))
        }
    }

    @Test(arguments: ["basic", "plus", "basic+liveness", "plus+liveness+email+phoneNumber"])
    func acceptedLevels(level: String) { #expect(CredentialBuilder.levelProblem(level) == nil) }

    @Test(arguments: ["", "gold", "basic+", "basic+liveness+liveness", "plus+face", "Basic"])
    func refusedLevels(level: String) { #expect(CredentialBuilder.levelProblem(level) != nil) }

    @Test func residentialAddressIsFlattenedWithThePrefix() throws {
        var subject = try Self.object(Self.subject())
        subject["residentialAddress"] = .object(try Self.object(#"{"street":"Abbey Road","houseNumber":"3","city":"London","country":"GB","proofCategory":"UTILITY_BILL","proofDateOfIssue":"2021-05-01","proofFile":"AAAAAAE="}"#))
        let built = try CredentialBuilder.build(fields: Self.object(Self.fields), subject: subject)
        let flat = try #require(built["credentialSubject"]?.objectValue)
        #expect(flat["residentialAddressStreet"] == .string("Abbey Road"))
        #expect(flat["residentialAddressHouseNumber"] == .string("3"))
        #expect(flat["residentialAddressProofDateOfIssue"] == .string("2021-05-01T00:00:00.000Z"))
        #expect(flat["residentialAddressProofFile"] == .string("<~z!<~>"), "all-zero group is z, the padded last group is not")
        #expect(flat["residentialAddress"] == nil)
        // The flattened names are terms of the v2 subject context: the credential canonicalizes in safe mode.
        _ = try JSONLD.canonicalize(.object(CredentialBuilder.withIssuanceDate(built)), options: JSONLDOptions(safeMode: true))
    }

    @Test func faceSignSubject() throws {
        let built = try CredentialBuilder.build(fields: Self.object(Self.fields), subject: Self.object(#"{"faceSignUserId":"fs-123"}"#))
        #expect(built["credentialSubject"]?["@context"] == .string(CredentialBuilder.faceSignSubjectContext))
        #expect(built["credentialSubject"]?["faceSignUserId"] == .string("fs-123"))
        #expect(throws: CredentialValidationError(issues: [.init(path: "credentialSubject.firstName",
                                                                  reason: "not a field of the FaceSign subject (faceSignUserId, id)")])) {
            _ = try CredentialBuilder.build(fields: Self.object(Self.fields), subject: Self.object(#"{"faceSignUserId":"fs","firstName":"J"}"#))
        }
    }
}
