import Foundation
import IdosCrypto
import IdosKit
import KwilKit
import TestSupport
import Testing
@testable import IdosDevNode

/// Seed flow 1 end to end with KwilKit's KwilClient over HTTP: the issuer (ed25519 delegate) adds Alice's
/// user and proven EVM wallet, Alice signs the node's DWG text, the issuer writes the credential pair by DWG,
/// and Alice, signed in through KGW, reads and decrypts her credential with her password-derived key.
@Suite(.requiresPostgres)
struct KwilClientFlowTests {
    @Test func flow1OverJSONRPCWithKwilClient() async throws {
        try await HTTPSeedWorld.with { w in
            #expect(w.chainID == "idos-devnode")
            try await w.onboardAlice()
            let user = try await w.alice.call("get_user")
            #expect(user.first("id") == .uuid(w.fixture.aliceUserId))

            // Alice signs the node's DWG text; the issuer writes the credential pair by DWG.
            let grant = try await w.signedWriteGrant()
            let originalId = UUID()
            let args = try w.fixture.dwgArguments(plaintext: ActionFlowTests.plaintext, grant: grant, originalId: originalId)
            let write = try await w.issuer.execute("create_credentials_by_dwg", args)
            #expect(write.code == 0, "\(write.log)")

            // Alice's identified read goes through KGW sign-in (−901, authenticate, retry) inside KwilClient.
            let owned = try await w.alice.call("get_credential_owned", [.uuid(originalId)])
            #expect(owned.text("inserter") == grant.grant.id.lowercasedString, "a DWG write records the DWG id as inserter")
            #expect(try IssuedCredential.open(content: try #require(owned.text("content")), encryptorPublicKey: try #require(owned.text("encryptor_public_key")),
                                              recipient: try w.fixture.aliceKeyPair()) == ActionFlowTests.plaintext)
            #expect(await w.alice.client.hasSession(for: w.alice.signer))

            // The same DWG cannot be used twice: mined with a failure, which KwilClient reports as an error.
            let reused = try w.fixture.dwgArguments(plaintext: "again", grant: grant)
            let log = try await w.issuer.failureLog { () throws(KwilError) in try await w.issuer.execute("create_credentials_by_dwg", reused) }
            #expect(log != nil, "a reused DWG must be refused")
        }
    }

    /// IdosKit's builders, with their SDK descriptions, against the devnode over JSON-RPC: the issuer's writes
    /// (user, wallet, DWG pair, notes edit, key update) and reads (profile, user, existence, sibling, shared copy).
    @Test func issuerBuildersWorkAgainstTheDevnode() async throws {
        try await HTTPSeedWorld.with { w in
            let f = w.fixture, issuer = w.issuer
            try await w.onboardAlice()
            let unsigned = try await issuer.client.call(try IdosActionCall.hasProfile(address: f.alice.address.lowercased()))
            #expect(unsigned.rows == [[.bool(true)]], "has_profile matches EVM addresses case-insensitively")
            let user = try await issuer.client.call(try IdosActionCall.getUserAsInserter(id: f.aliceUserId), signer: issuer.signer)
            #expect(user.first("inserter") == .text("acme") && user.first("encryption_password_store") == .text("user"))

            let originalId = UUID(), copyId = UUID()
            _ = try await w.issueCredential(originalId: originalId, copyId: copyId)
            let exists = try await issuer.client.call(try IdosActionCall.credentialExistAsInserter(id: originalId), signer: issuer.signer)
            #expect(exists.rows == [[.bool(true)]])
            let contentHash = CredentialPair.contentHash(Array(ActionFlowTests.plaintext.utf8))
            let sibling = try await issuer.client.call(try IdosActionCall.getSiblingCredentialId(contentHash: contentHash), signer: issuer.signer)
            #expect(sibling.rows == [[.uuid(copyId)]], "the issuer (grantee) finds its copy by content hash")
            let notes = #"{"id":"urn:uuid:demo","type":"KYC","status":"revoked"}"#
            try await issuer.execute(try IdosActionCall.editPublicNotesAsIssuer(publicNotesId: "urn:uuid:demo", publicNotes: notes))
            let shared = try await issuer.client.call(try IdosActionCall.getCredentialShared(id: copyId), signer: issuer.signer)
            #expect(shared.text("public_notes") == notes, "a grantee sees the original's edited notes")
            #expect(try IssuedCredential.open(content: try #require(shared.text("content")), encryptorPublicKey: try #require(shared.text("encryptor_public_key")),
                                              recipient: f.issuerEncryption) == ActionFlowTests.plaintext)

            try await issuer.execute(try IdosActionCall.updateUserPubKeyAsInserter(id: f.aliceUserId, recipientEncryptionPublicKey: "new-key",
                                                                                  encryptionPasswordStore: .mpc))
            let updated = try await issuer.client.call(try IdosActionCall.getUserAsInserter(id: f.aliceUserId), signer: issuer.signer)
            #expect(updated.first("recipient_encryption_public_key") == .text("new-key") && updated.first("encryption_password_store") == .text("mpc"))
            await #expect(throws: KwilError.invalidValue("get_user_as_inserter is a VIEW: send it with user.call")) {
                try await issuer.execute(try IdosActionCall.getUserAsInserter(id: f.aliceUserId))
            }
        }
    }
}
