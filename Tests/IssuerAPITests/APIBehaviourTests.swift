import Foundation
import HTTPTypes
import IdosCrypto
import IdosKit
import IssuerAPI
import IssuerEngine
import IssuerStore
import IssuerTestSupport
import TestSupport
import Testing

/// Auth, scopes, provider isolation, idempotency, edits, revocation, key rotation and rate limits over HTTP.
@Suite(.requiresPostgres)
struct APIBehaviourTests {
    typealias Wallet = OnboardingTests.Wallet

    @Test func scopesAndProviderIsolation() async throws {
        try await APIWorld.with { api in
            let (userID, _) = try await OnboardingTests.onboard(api, wallet: Wallet(key: .evm(.generate())))
            // No key: 401 with a problem; a malformed or unknown key: 401.
            let anonymous = try await api.call(.get, "/v1/users/\(userID)", key: .some(nil))
            #expect(anonymous.status == 401)
            #expect(anonymous.problemType == "unauthorized")
            #expect(anonymous.headers[.contentType] == "application/problem+json")
            #expect(try await api.call(.get, "/v1/users/\(userID)", key: "idos_0123456789abcdef_" + String(repeating: "A", count: 43)).status == 401)
            #expect(try await api.call(.get, "/v1/users/\(userID)", key: "not-a-key").status == 401)
            // A read-only key reads but cannot issue: 403.
            #expect(try await api.call(.get, "/v1/users/\(userID)", key: api.readKey).status == 200)
            let forbidden = try await api.call(.post, "/v1/wallet-challenges", json: ["walletType": "EVM", "address": Wallet(key: .evm(.generate())).address],
                                               key: api.readKey)
            #expect(forbidden.status == 403)
            #expect(forbidden.problemType == "forbidden")
            // Another provider does not see her: 404, as for an id that does not exist.
            #expect(try await api.call(.get, "/v1/users/\(userID)", key: api.otherKey).status == 404)
            #expect(try await api.call(.post, "/v1/users/\(userID)/write-grants", json: [String: Any](), key: api.otherKey).status == 404)
            let list = try await api.call(.get, "/v1/credentials?userId=\(userID)", key: api.otherKey)
            #expect(list.status == 200)
            #expect((list.json["items"] as? [Any])?.isEmpty == true)
            // Ids must be UUIDv4.
            let v1 = try await api.call(.get, "/v1/users/6ba7b810-9dad-11d1-80b4-00c04fd430c8")
            #expect(v1.status == 400)
            #expect(v1.fieldErrors == ["id"])
        }
    }

    @Test func idempotencyReplaysTheFirstAnswerAndRefusesAnotherBody() async throws {
        try await APIWorld.with { api in
            let address = Wallet(key: .evm(.generate())).address
            let headers: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "key-\(UUID())"]
            let first = try await api.call(.post, "/v1/wallet-challenges", json: ["walletType": "EVM", "address": address], headers: headers)
            #expect(first.status == 201)
            #expect(first.headers[HTTPField.Name("Idempotent-Replayed")!] == nil)
            let again = try await api.call(.post, "/v1/wallet-challenges", json: ["walletType": "EVM", "address": address], headers: headers)
            #expect(again.status == 201)
            #expect(again.body == first.body)
            #expect(again.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            let other = try await api.call(.post, "/v1/wallet-challenges", json: ["walletType": "EVM", "address": Wallet(key: .evm(.generate())).address],
                                           headers: headers)
            #expect(other.status == 409)
            #expect(other.problemType == "idempotency-key-reused")
            // Only one challenge was stored for the replayed request.
            let stored = try await api.world.nodeCount("SELECT count(*) FROM \(api.world.store.schema).wallet_challenges")
            #expect(stored == 1)
            // Concurrent duplicates: one runs, the other waits and replays (or is told it is in progress).
            let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "concurrent-\(UUID())"]
            let body = #"{"walletType":"EVM","address":"\#(Wallet(key: .evm(.generate())).address)"}"#
            async let a = api.call(.post, "/v1/wallet-challenges", raw: body, headers: key)
            async let b = api.call(.post, "/v1/wallet-challenges", raw: body, headers: key)
            let (ra, rb) = try await (a, b)
            #expect(Set([ra.status, rb.status]).isSubset(of: [201, 409]))
            #expect([ra, rb].filter { $0.status == 201 }.count >= 1)
            if ra.status == 201 && rb.status == 201 { #expect(ra.body == rb.body) }
            #expect(try await api.world.nodeCount("SELECT count(*) FROM \(api.world.store.schema).wallet_challenges") == 2)
        }
    }

    @Test func aChallengeIsUsedOnceAndAWalletBelongsToOneUser() async throws {
        try await APIWorld.with { api in
            let wallet = Wallet(key: .evm(.generate()))
            let challenge = try await api.call(.post, "/v1/wallet-challenges", json: ["walletType": "EVM", "address": wallet.address])
            let message = try #require(challenge.json["message"] as? String)
            let create: [String: Any] = ["challengeId": try #require(challenge.json["id"] as? String), "signature": wallet.sign(message),
                                         "recipientEncryptionPublicKey": Base64.encode(SealedBox.KeyPair.generate().publicKey),
                                         "encryptionPasswordStore": "mpc"]
            #expect(try await api.call(.post, "/v1/users", json: create).status == 202)
            let replay = try await api.call(.post, "/v1/users", json: create)
            #expect(replay.status == 409)
            #expect(replay.problemType == "challenge-used")
            // The same wallet again: the challenge names her existing user, and creating another is refused.
            let second = try await api.call(.post, "/v1/wallet-challenges", json: ["walletType": "EVM", "address": wallet.address.lowercased()])
            #expect(second.json["userId"] as? String == challenge.json["userId"] as? String)
            var again = create
            again["challengeId"] = second.json["id"]
            again["signature"] = wallet.sign(try #require(second.json["message"] as? String))
            let bound = try await api.call(.post, "/v1/users", json: again)
            #expect(bound.status == 409)
            #expect(bound.problemType == "wallet-already-registered")
            // A signature by another wallet is a rejected proof, not a server error.
            let third = try await api.call(.post, "/v1/wallet-challenges", json: ["walletType": "EVM", "address": Wallet(key: .evm(.generate())).address])
            var wrong = create
            wrong["challengeId"] = third.json["id"]
            wrong["signature"] = wallet.sign(try #require(third.json["message"] as? String))
            let rejected = try await api.call(.post, "/v1/users", json: wrong)
            #expect(rejected.status == 422)
            #expect(rejected.problemType == "wallet-proof-rejected")
        }
    }

    @Test func editRevokeAndKeyRotationReachTheNode() async throws {
        try await APIWorld.with { api in
            let (userID, _) = try await OnboardingTests.onboard(api, wallet: Wallet(key: .evm(.generate())))
            // A credential by inserter write (no grant), then edited and revoked.
            let issued = try await api.call(.post, "/v1/credentials", json: [
                "userId": userID, "credential": ["fields": OnboardingTests.fields, "subject": OnboardingTests.subject],
                "publicNotes": ["type": "KYC DATA", "level": "plus", "status": "approved", "id": "ignored"],
            ])
            #expect(issued.status == 202)
            let id = try #require(issued.json["id"] as? String)
            try await api.eventually("/v1/credentials/\(id)", "delivered") { $0["status"] as? String == "delivered" }
            let notes = try await api.call(.get, "/v1/credentials/\(id)")
            #expect((notes.json["publicNotes"] as? [String: Any])?["id"] as? String == issued.json["publicNotesId"] as? String)
            let edited = try await api.call(.patch, "/v1/credentials/\(id)", json: ["publicNotes": ["type": "KYC DATA", "level": "basic", "status": "approved"]])
            #expect(edited.status == 202)
            let revoked = try await api.call(.post, "/v1/credentials/\(id)/revoke", json: ["reason": "document expired"])
            #expect(revoked.status == 202)
            try await api.eventually("/v1/credentials/\(id)", "revoked") { $0["status"] as? String == "revoked" }
            let nodeID = try #require(notes.json["nodeCredentialId"] as? String)
            let onNode = try await api.world.nodeCount("""
                SELECT count(*) FROM \(api.world.nodeSchema).credentials WHERE id = '\(nodeID)' AND public_notes::jsonb ->> 'status' = 'revoked'
                  AND public_notes::jsonb ->> 'level' = 'basic'
                """)
            #expect(onNode == 1)
            // Key rotation: the node gets the new key.
            let newKey = SealedBox.KeyPair.generate()
            let rotated = try await api.call(.put, "/v1/users/\(userID)/encryption-key",
                                             json: ["recipientEncryptionPublicKey": Base64.encode(newKey.publicKey), "encryptionPasswordStore": "mpc"])
            #expect(rotated.status == 202)
            try await api.world.eventually("node has the new key") {
                try await api.world.nodeCount("""
                    SELECT count(*) FROM \(api.world.nodeSchema).users WHERE id = '\(userID)'
                      AND recipient_encryption_public_key = '\(Base64.encode(newKey.publicKey))' AND encryption_password_store = 'mpc'
                    """) == 1
            }
        }
    }

    @Test func theRateLimitAnswers429WithRetryAfter() async throws {
        // One token per 1,000 s: however slow the machine, no token comes back while the test runs.
        try await APIWorld.with(rateLimit: RateLimit(perSecond: 0.001, burst: 3)) { api in
            var statuses: [Int] = []
            var retryAfter: String?
            for _ in 0..<5 {
                let answer = try await api.call(.get, "/v1/credentials")
                statuses.append(answer.status)
                if answer.status == 429 { retryAfter = answer.headers[.retryAfter] }
            }
            #expect(statuses == [200, 200, 200, 429, 429])
            #expect(retryAfter.flatMap(Int.init).map { $0 >= 1 } == true)
            // Another provider has its own bucket.
            #expect(try await api.call(.get, "/v1/credentials", key: api.otherKey).status == 200)
        }
    }

    @Test func pagingWithACursorShowsEveryCredentialOnce() async throws {
        try await APIWorld.with { api in
            let (userID, _) = try await OnboardingTests.onboard(api, wallet: OnboardingTests.Wallet(key: .evm(.generate())))
            var issued: Set<String> = []
            for _ in 0..<12 {
                var fields = OnboardingTests.fields
                fields["id"] = "https://issuer.example/idos/credentials/\(UUID().uuidString.lowercased())"
                let answer = try await api.call(.post, "/v1/credentials", json: ["userId": userID, "credential": ["fields": fields, "subject": OnboardingTests.subject]])
                #expect(answer.status == 202)
                issued.insert(try #require(answer.json["id"] as? String))
            }
            var seen: [String] = []
            var cursor: String?
            repeat {
                let page = try await api.call(.get, "/v1/credentials?userId=\(userID)&limit=1" + (cursor.map { "&cursor=\($0)" } ?? ""))
                #expect(page.status == 200)
                seen += ((page.json["items"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
                cursor = page.json["nextCursor"] as? String
            } while cursor != nil && seen.count <= issued.count
            #expect(seen.count == issued.count, "each credential once: \(seen)")
            #expect(Set(seen) == issued)
        }
    }

    @Test func aWriteGrantReplayIsAnsweredWithoutTheNode() async throws {
        try await APIWorld.with { api in
            let (userID, _) = try await OnboardingTests.onboard(api, wallet: OnboardingTests.Wallet(key: .evm(.generate())))
            let name = HTTPField.Name("Idempotency-Key")!
            let keyed: HTTPFields = [name: "grant-replay-\(UUID())"]
            let original = try await api.call(.post, "/v1/users/\(userID)/write-grants", json: [String: Any](), headers: keyed)
            #expect(original.status == 201)
            // The node now fails every request: a replay still gets the stored answer; a new grant cannot be made.
            try await api.world.setFaults(["error_rate": 1.0])
            let replay = try await api.call(.post, "/v1/users/\(userID)/write-grants", json: [String: Any](), headers: keyed)
            #expect(replay.status == 201)
            #expect(replay.body == original.body)
            #expect(replay.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            let fresh = try await api.call(.post, "/v1/users/\(userID)/write-grants", json: [String: Any](), headers: [name: "grant-new-\(UUID())"])
            #expect(fresh.status == 503)
            try await api.world.setFaults([:])
        }
    }
}
