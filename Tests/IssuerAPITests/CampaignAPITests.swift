import Foundation
import HTTPTypes
import IdosCrypto
import IdosKit
import IssuerAPI
import IssuerEngine
import IssuerStore
import IssuerTestSupport
import PostgresNIO
import TestSupport
import Testing
import VerifiableCredentials

/// Re-issuance campaigns through the API: the contract's fields and errors, provider isolation, the dry run,
/// and a key rotation whose credentials (before and after) verify against the keys `GET /v1/issuer` publishes.
@Suite(.requiresPostgres)
struct CampaignAPITests {
    typealias Wallet = OnboardingTests.Wallet

    /// A credential of `userID` signed with `/keys/<version>` of `keys`, issued as the API would (sealed pair,
    /// delivery job), for credentials "from before" a rotation.
    static func issueSigned(_ api: APIWorld, userID: String, keys: [Int: Ed25519.PrivateKey], version: Int) async throws -> UUID {
        let ring = VCKeyRing(issuerBaseURL: APIWorld.vcIssuer, keys: keys)
        guard case .object(let fields) = try JSONParser.parse(Array(try JSONSerialization.data(withJSONObject: OnboardingTests.fields))),
              case .object(let subject) = try JSONParser.parse(Array(try JSONSerialization.data(withJSONObject: OnboardingTests.subject)))
        else { throw FixtureError("fixture is not an object") }
        let unsigned = CredentialBuilder.withIssuanceDate(try CredentialBuilder.build(fields: fields, subject: subject, issuer: ring.controller))
        let signed = try Ed25519Signature2020().sign(unsigned, key: ring.signingKey(version))
        let notesID = UUID()
        let userUUID = try #require(UUID(uuidString: userID))
        let found = try await api.world.store.session.user(id: userUUID)
        let user = try #require(found)
        let acme = try await api.world.store.session.providerID(named: "acme")
        let provider = try #require(acme)
        return try await api.world.store.withTransaction { session in
            try await api.world.service.issueCredential(
                providerID: provider, user: user, plaintext: Array(JSONSerializer.serialize(.object(signed)).utf8),
                publicNotes: #"{"id":"\#(notesID.uuidString.lowercased())","type":"KYC DATA","level":"plus","status":"approved","issuer":"test"}"#,
                publicNotesID: notesID, level: "plus", delivery: .inserter, vcKeyVersion: version, in: session).id
        }
    }

    /// The VC a user reads from the node for `nodeID`, opened with her key.
    static func vcOnNode(_ api: APIWorld, nodeID: String, keys: SealedBox.KeyPair) async throws -> (JSONObject, [String: Any]) {
        let row = try await api.world.nodeClient.query("""
            SELECT content, encryptor_public_key, public_notes FROM \(unescaped: api.world.nodeSchema).credentials WHERE id = \(try #require(UUID(uuidString: nodeID)))
            """).collect()
        let (content, encryptor, notes) = try #require(row.first).decode((String, String, String).self)
        let plaintext = try SealedBox.open(try Base64.decode(content), senderPublicKey: try Base64.decode(encryptor), recipientSecretKey: keys.secretKey)
        guard case .object(let vc) = try JSONParser.parse(plaintext) else { throw FixtureError("not a VC") }
        return (vc, try #require(APIJSONTest.object(notes)))
    }

    /// Verifies `vc` with the key `GET /v1/issuer` publishes under its proof's verificationMethod.
    static func verifyAgainstPublished(_ vc: JSONObject, issuer: [String: Any]) throws -> String {
        guard case .object(let proof)? = vc["proof"], case .string(let method)? = proof["verificationMethod"] else {
            throw FixtureError("no proof")
        }
        let keys = issuer["keys"] as? [[String: Any]] ?? []
        guard let published = keys.first(where: { $0["id"] as? String == method }), let multibase = published["publicKeyMultibase"] as? String else {
            throw FixtureError("\(method) is not published")
        }
        try Ed25519Signature2020().verify(vc, publicKey: try Multibase.decodeEd25519PublicKey(multibase), issuerBaseURL: APIWorld.vcIssuer)
        return method
    }

    @Test func aRotationReissuesWithKeys2AndRetiresKeys1AfterBothVerified() async throws {
        let key1 = Ed25519.PrivateKey.generate(), key2 = Ed25519.PrivateKey.generate()
        try await APIWorld.with(configure: { $0.webhookURLPolicy.allowPrivate = true }, vcKeys: [1: key1, 2: key2]) { api in
            let (userID, userKeys) = try await OnboardingTests.onboard(api, wallet: Wallet(key: .evm(.generate())))
            // A webhook for the campaign's end (nothing listens there: the event is what is checked).
            let hook = try await api.call(.post, "/v1/webhooks", json: ["url": "http://127.0.0.1:9/campaigns", "events": ["campaign.finished"]])
            #expect(hook.status == 201)
            let hookID = try #require(hook.json["id"] as? String)
            // Before: two credentials signed with /keys/1. After: one the API signs (the newest key, /keys/2).
            let before = [try await Self.issueSigned(api, userID: userID, keys: [1: key1], version: 1),
                          try await Self.issueSigned(api, userID: userID, keys: [1: key1], version: 1)]
            let after = try await api.call(.post, "/v1/credentials", json: [
                "userId": userID, "credential": ["fields": OnboardingTests.fields, "subject": OnboardingTests.subject]])
            #expect(after.status == 202)
            let afterID = try #require(after.json["id"] as? String)
            for id in before.map(\.uuidString).map({ $0.lowercased() }) + [afterID] {
                try await api.eventually("/v1/credentials/\(id)", "delivered") { $0["status"] as? String == "delivered" }
            }
            // GET /v1/issuer publishes both keys; the current one is /keys/2.
            let issuer = try await api.call(.get, "/v1/issuer", key: .some(nil))
            #expect(issuer.json["verificationMethod"] as? String == APIWorld.vcIssuer + "/keys/2")
            #expect((issuer.json["keys"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
                    == [APIWorld.vcIssuer + "/keys/2", APIWorld.vcIssuer + "/keys/1"])
            #expect((issuer.json["keys"] as? [[String: Any]])?.first?["publicKeyMultibase"] as? String
                    == Multibase.encodeEd25519PublicKey(key2.publicKey))
            let oldShown = try await api.call(.get, "/v1/credentials/\(before[0].uuidString.lowercased())")
            let (oldVC, _) = try await Self.vcOnNode(api, nodeID: try #require(oldShown.json["nodeCredentialId"] as? String), keys: userKeys)
            #expect(try Self.verifyAgainstPublished(oldVC, issuer: issuer.json) == APIWorld.vcIssuer + "/keys/1")
            let afterShown = try await api.call(.get, "/v1/credentials/\(afterID)")
            #expect(afterShown.json["verificationMethod"] as? String == APIWorld.vcIssuer + "/keys/2")
            let (afterVC, _) = try await Self.vcOnNode(api, nodeID: try #require(afterShown.json["nodeCredentialId"] as? String), keys: userKeys)
            #expect(try Self.verifyAgainstPublished(afterVC, issuer: issuer.json) == APIWorld.vcIssuer + "/keys/2")

            // The rotation: every /keys/1 credential re-signed and re-delivered, then the key retired.
            let planned = try await api.call(.post, "/v1/reissue-campaigns", json: [
                "filter": ["issuerKey": APIWorld.vcIssuer + "/keys/1"], "retireKey": true, "publicNotes": ["rotation": "2026-12"]])
            #expect(planned.status == 201, "\(String(decoding: planned.body, as: UTF8.self))")
            #expect(planned.json["status"] as? String == "planned")
            #expect(planned.json["selected"] as? Int == 2)
            let campaignID = try #require(planned.json["id"] as? String)
            let preview = try await api.call(.get, "/v1/reissue-campaigns/\(campaignID)/preview?sample=1")
            #expect(preview.status == 200)
            let sample = try #require((preview.json["samples"] as? [[String: Any]])?.first)
            let changes = (sample["credentialChanges"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
            #expect(changes.contains("proof.verificationMethod"))
            #expect(!changes.contains("credentialSubject"))
            #expect(((sample["publicNotes"] as? [String: Any])?["after"] as? [String: Any])?["rotation"] as? String == "2026-12")
            let started = try await api.call(.post, "/v1/reissue-campaigns/\(campaignID)/start")
            #expect(started.status == 202)
            #expect(started.json["status"] as? String == "running")
            try await api.eventually("/v1/reissue-campaigns/\(campaignID)", "campaign finished") { $0["status"] as? String == "finished" }
            let done = try await api.call(.get, "/v1/reissue-campaigns/\(campaignID)")
            #expect(done.json["selected"] as? Int == 2)
            #expect(done.json["reissued"] as? Int == 2)
            #expect(done.json["revoked"] as? Int == 2)
            #expect(done.json["failed"] as? Int == 0)

            // The old ones are revoked; each has one replacement, signed with /keys/2, same subject, on the node.
            let listed = try await api.call(.get, "/v1/credentials?userId=\(userID)&limit=10")
            let items = listed.json["items"] as? [[String: Any]] ?? []
            #expect(items.count == 5)
            for old in before.map({ $0.uuidString.lowercased() }) {
                let shown = try await api.call(.get, "/v1/credentials/\(old)")
                #expect(shown.json["status"] as? String == "revoked")
                let replacements = items.filter { $0["replacesCredentialId"] as? String == old }
                #expect(replacements.count == 1)
                let replacement = try #require(replacements.first)
                #expect(replacement["status"] as? String == "delivered")
                #expect(replacement["verificationMethod"] as? String == APIWorld.vcIssuer + "/keys/2")
                #expect(replacement["campaignId"] as? String == campaignID)
                let (vc, notes) = try await Self.vcOnNode(api, nodeID: try #require(replacement["nodeCredentialId"] as? String), keys: userKeys)
                #expect(try Self.verifyAgainstPublished(vc, issuer: issuer.json) == APIWorld.vcIssuer + "/keys/2")
                #expect(vc["credentialSubject"] == oldVC["credentialSubject"])
                #expect(notes["rotation"] as? String == "2026-12")
                #expect(notes["status"] as? String == "approved")
                #expect(notes["id"] as? String == replacement["publicNotesId"] as? String)
            }
            let deliveries = try await api.call(.get, "/v1/webhooks/\(hookID)/deliveries")
            #expect((deliveries.json["items"] as? [[String: Any]])?.compactMap { $0["eventType"] as? String } == ["campaign.finished"])
            // Key 1 retired: no longer published.
            let rotated = try await api.call(.get, "/v1/issuer", key: .some(nil))
            #expect((rotated.json["keys"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [APIWorld.vcIssuer + "/keys/2"])
        }
    }

    @Test func requestsAreCheckedTransitionsGuardedAndCampaignsPrivate() async throws {
        try await APIWorld.with(vcKeys: [1: .generate()]) { api in
            let (userID, _) = try await OnboardingTests.onboard(api, wallet: Wallet(key: .evm(.generate())))
            let issued = try await api.call(.post, "/v1/credentials", json: [
                "userId": userID, "credential": ["fields": OnboardingTests.fields, "subject": OnboardingTests.subject]])
            let credentialID = try #require(issued.json["id"] as? String)
            try await api.eventually("/v1/credentials/\(credentialID)", "delivered") { $0["status"] as? String == "delivered" }

            // Bad input names each field.
            let bad = try await api.call(.post, "/v1/reissue-campaigns", json: [
                "filter": ["status": "revoked", "issuedBefore": "yesterday", "colour": "blue"], "ratePerSecond": -1,
                "credentialFields": ["credentialSubject": [:] as [String: Any], "level": "platinum"], "extra": true])
            #expect(bad.status == 400)
            #expect(bad.problemType == "validation")
            #expect(Set(bad.fieldErrors) == ["filter.status", "filter.issuedBefore", "filter.colour", "ratePerSecond",
                                             "credentialFields.credentialSubject", "credentialFields.level", "extra"])
            let notJSON = try await api.call(.post, "/v1/reissue-campaigns", raw: "{")
            #expect(notJSON.status == 400)
            #expect(try await api.call(.post, "/v1/reissue-campaigns", json: [:] as [String: Any], key: .some(api.readKey)).status == 403)
            let retireCurrent = try await api.call(.post, "/v1/reissue-campaigns", json: ["filter": ["issuerKey": "1"], "retireKey": true])
            #expect(retireCurrent.status == 400)
            #expect(retireCurrent.fieldErrors == ["filter.issuerKey"])

            // A dry run keeps nothing.
            let dry = try await api.call(.post, "/v1/reissue-campaigns", json: ["filter": ["level": "plus"], "dryRun": true, "sample": 1])
            #expect(dry.status == 200)
            #expect(dry.json["selected"] as? Int == 1)
            #expect((dry.json["samples"] as? [[String: Any]])?.count == 1)
            let afterDry = try await api.call(.get, "/v1/reissue-campaigns")
            #expect((afterDry.json["items"] as? [Any])?.isEmpty == true)

            // Filters select; another provider sees nothing of ours.
            let none = try await api.call(.post, "/v1/reissue-campaigns", json: ["filter": ["level": "basic"]])
            #expect(none.json["selected"] as? Int == 0)
            let planned = try await api.call(.post, "/v1/reissue-campaigns", json: ["filter": ["issuedBefore": "2999-01-01"], "ratePerSecond": 5])
            #expect(planned.status == 201)
            #expect(planned.json["selected"] as? Int == 1)
            let id = try #require(planned.json["id"] as? String)
            let theirs = try await api.call(.post, "/v1/reissue-campaigns", json: [:] as [String: Any], key: .some(api.otherKey))
            #expect(theirs.json["selected"] as? Int == 0)
            #expect(try await api.call(.get, "/v1/reissue-campaigns/\(id)", key: .some(api.otherKey)).status == 404)
            #expect(try await api.call(.post, "/v1/reissue-campaigns/\(id)/start", key: .some(api.otherKey)).status == 404)

            // Transitions: only from the right state.
            let pausePlanned = try await api.call(.post, "/v1/reissue-campaigns/\(id)/pause")
            #expect(pausePlanned.status == 409)
            #expect(pausePlanned.problemType == "campaign-state")
            // A credential in a live campaign is not selected by another.
            let overlap = try await api.call(.post, "/v1/reissue-campaigns", json: [:] as [String: Any])
            #expect(overlap.json["selected"] as? Int == 0)
            let cancelled = try await api.call(.post, "/v1/reissue-campaigns/\(id)/cancel")
            #expect(cancelled.status == 202)
            #expect(cancelled.json["status"] as? String == "cancelled")
            #expect(cancelled.json["skipped"] as? Int == 1)
            let again = try await api.call(.post, "/v1/reissue-campaigns/\(id)/start")
            #expect(again.status == 409)
            #expect(try await api.call(.get, "/v1/credentials/\(credentialID)").json["status"] as? String == "delivered")
        }
    }

    @Test func aCampaignHaltsWhenTooManyReissuesFailAndCanBeCancelled() async throws {
        try await APIWorld.with(vcKeys: [1: .generate()]) { api in
            let (userID, _) = try await OnboardingTests.onboard(api, wallet: Wallet(key: .evm(.generate())))
            // Copies sealed to a consumer's key: the issuer cannot open them, so they cannot be re-issued.
            var ids: [String] = []
            for _ in 0..<3 {
                let issued = try await api.call(.post, "/v1/credentials", json: [
                    "userId": userID, "consumerEncryptionPublicKey": Base64.encode(SealedBox.KeyPair.generate().publicKey),
                    "credential": ["fields": OnboardingTests.fields, "subject": OnboardingTests.subject]])
                #expect(issued.status == 202)
                ids.append(try #require(issued.json["id"] as? String))
            }
            for id in ids { try await api.eventually("/v1/credentials/\(id)", "delivered") { $0["status"] as? String == "delivered" } }
            let planned = try await api.call(.post, "/v1/reissue-campaigns", json: ["haltMinItems": 2, "haltErrorRate": 0.5, "ratePerSecond": 1000])
            #expect(planned.json["selected"] as? Int == 3)
            let id = try #require(planned.json["id"] as? String)
            let dry = try await api.call(.get, "/v1/reissue-campaigns/\(id)/preview?sample=1")
            #expect(((dry.json["samples"] as? [[String: Any]])?.first?["error"] as? String)?.contains("cannot be opened") == true)
            #expect(try await api.call(.post, "/v1/reissue-campaigns/\(id)/start").status == 202)
            try await api.eventually("/v1/reissue-campaigns/\(id)", "campaign halted") { $0["status"] as? String == "halted" }
            let halted = try await api.call(.get, "/v1/reissue-campaigns/\(id)")
            #expect((halted.json["failed"] as? Int ?? 0) >= 2)
            #expect(halted.json["reissued"] as? Int == 0)
            #expect((halted.json["haltReason"] as? String)?.contains("above the 50 % threshold") == true)
            let failures = halted.json["failures"] as? [[String: Any]] ?? []
            #expect(!failures.isEmpty && failures.allSatisfy { ($0["error"] as? String)?.contains("consumer") == true })
            // Nothing was revoked: the originals stay delivered.
            for credential in ids { #expect(try await api.call(.get, "/v1/credentials/\(credential)").json["status"] as? String == "delivered") }
            let cancelled = try await api.call(.post, "/v1/reissue-campaigns/\(id)/cancel")
            #expect(cancelled.status == 202)
            #expect(cancelled.json["status"] as? String == "cancelled")
        }
    }

    @Test func aCredentialRevokedAfterThePlanIsSkippedNotBroughtBack() async throws {
        try await APIWorld.with(vcKeys: [1: .generate()]) { api in
            let (userID, _) = try await OnboardingTests.onboard(api, wallet: Wallet(key: .evm(.generate())))
            var ids: [String] = []
            for _ in 0..<2 {
                let issued = try await api.call(.post, "/v1/credentials", json: [
                    "userId": userID, "credential": ["fields": OnboardingTests.fields, "subject": OnboardingTests.subject]])
                ids.append(try #require(issued.json["id"] as? String))
            }
            for id in ids { try await api.eventually("/v1/credentials/\(id)", "delivered") { $0["status"] as? String == "delivered" } }
            let planned = try await api.call(.post, "/v1/reissue-campaigns", json: [:] as [String: Any])
            #expect(planned.json["selected"] as? Int == 2)
            let campaignID = try #require(planned.json["id"] as? String)
            // The provider revokes one after the plan, before the campaign runs.
            #expect(try await api.call(.post, "/v1/credentials/\(ids[0])/revoke").status == 202)
            #expect(try await api.call(.post, "/v1/reissue-campaigns/\(campaignID)/start").status == 202)
            try await api.eventually("/v1/reissue-campaigns/\(campaignID)", "campaign finished") { $0["status"] as? String == "finished" }
            let done = try await api.call(.get, "/v1/reissue-campaigns/\(campaignID)")
            #expect(done.json["reissued"] as? Int == 1)
            #expect(done.json["skipped"] as? Int == 1)
            #expect(done.json["failed"] as? Int == 0)
            let items = try await api.call(.get, "/v1/credentials?userId=\(userID)&limit=10").json["items"] as? [[String: Any]] ?? []
            #expect(items.count == 3)
            #expect(items.filter { $0["replacesCredentialId"] as? String == ids[0] }.isEmpty)
            #expect(items.filter { $0["replacesCredentialId"] as? String == ids[1] }.count == 1)
        }
    }
}
