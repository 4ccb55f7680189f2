import Foundation
import HTTPTypes
import IdosCrypto
import IssuerStore
import IssuerTestSupport
import TestSupport
import Testing

/// Provider calls through the HTTP API and the node confirmations they lead to, in the user's audit trail.
@Suite(.requiresPostgres)
struct AuditTrailAPITests {
    @Test func providerCallsAndNodeConfirmationsAreInTheUsersTrail() async throws {
        try await APIWorld.with { api in
            let wallet = OnboardingTests.Wallet(key: .evm(.generate()))
            let (userID, _) = try await OnboardingTests.onboard(api, wallet: wallet)
            let grant = try await api.call(.post, "/v1/users/\(userID)/write-grants", json: [String: Any]())
            #expect(grant.status == 201)
            let issued = try await api.call(.post, "/v1/credentials", json: [
                "userId": userID,
                "writeGrant": ["id": try #require(grant.json["id"] as? String), "signature": wallet.sign(try #require(grant.json["message"] as? String))],
                "credential": ["fields": OnboardingTests.fields, "subject": OnboardingTests.subject],
            ])
            #expect(issued.status == 202, "\(String(decoding: issued.body, as: UTF8.self))")
            let credentialID = try #require(issued.json["id"] as? String)
            try await api.eventually("/v1/credentials/\(credentialID)", "delivered") { $0["status"] as? String == "delivered" }
            let revoked = try await api.call(.post, "/v1/credentials/\(credentialID)/revoke", json: ["reason": "test"])
            #expect(revoked.status == 202, "\(String(decoding: revoked.body, as: UTF8.self))")
            try await api.eventually("/v1/credentials/\(credentialID)", "revoked on the node") { $0["status"] as? String == "revoked" }

            let trail = try await api.world.store.session.auditTrail(userID: try #require(UUID(uuidString: userID)))
            let actions = trail.map(\.action)
            for action in ["user.created", "node.user_created", "write_grant.created", "credential.issued", "node.credential_delivered",
                           "credential.revoked", "node.notes_edited"] {
                #expect(actions.filter { $0 == action }.count == 1, "\(action) in \(actions)")
            }
            #expect(trail.filter { !$0.action.hasPrefix("node.") }.allSatisfy { $0.actor.hasPrefix("provider:") })
            #expect(trail.filter { $0.action.hasPrefix("node.") }.allSatisfy { $0.actor == "node" })
            let notes = try #require(trail.first { $0.action == "node.notes_edited" })
            #expect(notes.details["revoked"] == .bool(true))
            // No personal data: the wallet address is in no row.
            #expect(!trail.contains { $0.jsonLine.lowercased().contains(wallet.address.lowercased()) })
            #expect(try await api.world.store.session.verifyAuditChain().isIntact)
        }
    }
}
