import Foundation
import IdosCrypto
import IdosKit
import KwilKit
import TestSupport
import Testing
@testable import IdosDevNode

/// Seed flows 2–4 end to end over JSON-RPC: every party signs its own txs and reads through its own KGW
/// session with KwilKit's `KwilClient`, against a live devnode on loopback.
@Suite(.requiresPostgres)
struct KwilClientSeedFlowTests {
    /// The message of the action error a failed call reports.
    static func callError(_ body: () async throws(KwilError) -> QueryResult) async -> String? {
        do {
            _ = try await body()
            return nil
        } catch let .actionFailed(message) {
            return message
        } catch {
            return "unexpected: \(error)"
        }
    }

    @Test func flow2AliceListsAndEditsHerOwnCredential() async throws {
        try await HTTPSeedWorld.with { w in
            try await w.onboardAlice()
            let originalId = try await w.issueCredential()
            let list = try await w.alice.call("get_credentials")
            #expect(list.rows.count == 2, "the original and the issuer's copy are both under Alice's user")
            let copyId = try #require(list.records.first { $0["original_id"] == .uuid(originalId) }?["id"])

            // Alice re-encrypts her original to her own key and signs it with a key of her own.
            let edited = try IssuedCredential(plaintext: "edited", to: try w.fixture.aliceKeyPair().publicKey, publicNotes: #"{"id":"mine"}"#,
                                              issuer: Ed25519.PrivateKey.generate())
            let editArguments: (UUID, String) -> [KwilValue] = { id, notes in
                [.uuid(id), .text(notes), .text(edited.publicNotesSignature), .text(edited.broaderSignature), .text(edited.content),
                 .text(edited.encryptorPublicKey), .text(edited.issuerPublicKey)]
            }
            try await w.alice.execute("edit_credential", editArguments(originalId, edited.publicNotes))
            let owned = try await w.alice.call("get_credential_owned", [.uuid(originalId)])
            #expect(owned.text("public_notes") == #"{"id":"mine"}"#)
            #expect(try IssuedCredential.open(content: try #require(owned.text("content")), encryptorPublicKey: try #require(owned.text("encryptor_public_key")),
                                              recipient: try w.fixture.aliceKeyPair()) == "edited")

            // The copy has an access grant: editing it is refused, and the refusal changes nothing.
            guard case let .uuid(copy) = copyId else { Issue.record("copy id is not a uuid"); return }
            let log = try await w.alice.failureLog { () throws(KwilError) in try await w.alice.execute("edit_credential", editArguments(copy, "")) }
            #expect(log == "can not edit shared credential")
            #expect(try await w.alice.call("get_credentials").rows.count == 2)
        }
    }

    @Test func flow3BobReadsUntilAliceRevokes() async throws {
        try await HTTPSeedWorld.with { w in
            let bob = try w.party(.evm("bob")), bobKey = SealedBox.KeyPair.generate()
            try await w.onboardAlice()
            let originalId = try await w.issueCredential()
            let copyId = try await w.share(originalId, with: bob, granteeKey: bobKey, lockedUntil: 0)
            let grantId = try await w.grantId(copyId: copyId)
            #expect(grantId == IdosExtension.accessGrantId(grantee: bob.actor.caller, dataId: copyId, lockedUntil: 0))
            #expect(try await bob.call("get_access_grants_granted", [.null(.uuid), .int8(1), .int8(10)]).rows.count == 1)

            try await w.alice.execute("revoke_access_grant", [.uuid(grantId)])
            let refused = await Self.callError { () throws(KwilError) in try await bob.call("get_credential_shared", [.uuid(copyId)]) }
            #expect(refused?.contains("the credential is not shared with the caller") == true, "\(refused ?? "read still allowed")")
            #expect(try await bob.call("get_access_grants_granted", [.null(.uuid), .int8(1), .int8(10)]).rows.isEmpty)
        }
    }

    @Test func flow3BobLosesAccessWhenAliceDeletesTheCopy() async throws {
        try await HTTPSeedWorld.with { w in
            let bob = try w.party(.evm("bob")), bobKey = SealedBox.KeyPair.generate()
            try await w.onboardAlice()
            let copyId = try await w.share(try await w.issueCredential(), with: bob, granteeKey: bobKey, lockedUntil: 0)
            try await w.alice.execute("remove_credential", [.uuid(copyId)])
            let refused = await Self.callError { () throws(KwilError) in try await bob.call("get_credential_shared", [.uuid(copyId)]) }
            #expect(refused?.contains("the credential does not exist") == true, "\(refused ?? "read still allowed")")
        }
    }

    @Test func flow4DAppReadsATimelockedGrantThatCannotBeRevokedEarly() async throws {
        try await HTTPSeedWorld.with { w in
            let dapp = try w.party(.ed25519("dapp")), dappKey = SealedBox.KeyPair.generate()
            try await w.onboardAlice()
            let lockedUntil = Int64(Date().timeIntervalSince1970) + 3_600
            let copyId = try await w.share(try await w.issueCredential(), with: dapp, granteeKey: dappKey, lockedUntil: lockedUntil)
            let granted = try await dapp.call("get_access_grants_granted", [.null(.uuid), .int8(1), .int8(10)])
            #expect(granted.first("locked_until") == .int8(lockedUntil))
            #expect(try await w.alice.call("has_locked_access_grants", [.uuid(copyId)]).first("has") == .bool(true))

            let grantId = try await w.grantId(copyId: copyId)
            let revoke = try await w.alice.failureLog { () throws(KwilError) in try await w.alice.execute("revoke_access_grant", [.uuid(grantId)]) }
            #expect(revoke == "the grant is locked")
            let remove = try await w.alice.failureLog { () throws(KwilError) in try await w.alice.execute("remove_credential", [.uuid(copyId)]) }
            #expect(remove == "there are locked access grants for this credential")
            // The dApp still reads and decrypts it.
            let shared = try await dapp.call("get_credential_shared", [.uuid(copyId)])
            #expect(try IssuedCredential.open(content: try #require(shared.text("content")), encryptorPublicKey: try #require(shared.text("encryptor_public_key")),
                                              recipient: dappKey) == ActionFlowTests.plaintext)
        }
    }
}
