import Foundation
import IdosCrypto
import KwilKit
import IdosKit
import TestSupport
import Testing
@testable import IdosDevNode

/// The four seed flows at the action layer (chain + actions + PostgreSQL, no HTTP), each actor with its own keys.
@Suite(.requiresPostgres)
struct ActionFlowTests {
    static let plaintext = #"{"@context":["https://www.w3.org/2018/credentials/v1"],"type":["VerifiableCredential"],"credentialSubject":{"id":"did:example:alice"}}"#

    @Test func flow1IssuerWritesACredentialByDWGThatAliceDecrypts() async throws {
        let f = IdosFixture()
        try await ChainHarness.with(delegates: f.delegates) { node in
            try await f.onboardAlice(node)
            let user = try await node.call(f.alice.caller, "get_user")
            #expect(user.value("id") == .uuid(f.aliceUserId))
            let grant = try await f.sign(f.writeGrant(), on: node)
            let originalId = UUID(), copyId = UUID()
            try await node.mustExecute(f.issuer, "create_credentials_by_dwg",
                                       try f.dwgArguments(plaintext: Self.plaintext, grant: grant, originalId: originalId, copyId: copyId))
            let owned = try await node.call(f.alice.caller, "get_credential_owned", [Arg.uuid(originalId)])
            #expect(owned.rows.count == 1)
            #expect(owned.text("inserter") == grant.grant.id.lowercasedString)
            let decrypted = try IssuedCredential.open(content: try #require(owned.text("content")),
                                                      encryptorPublicKey: try #require(owned.text("encryptor_public_key")),
                                                      recipient: try f.aliceKeyPair())
            #expect(decrypted == Self.plaintext)
            // The issuer reads its copy through the access grant the DWG created.
            let sibling = try await node.call(f.issuer.caller, "get_sibling_credential_id", [Arg.text(IssuedCredential.contentHash(Self.plaintext))])
            #expect(sibling.value("id") == .uuid(copyId))
            let copy = try await node.call(f.issuer.caller, "get_credential_shared", [Arg.uuid(copyId)])
            #expect(try IssuedCredential.open(content: try #require(copy.text("content")), encryptorPublicKey: try #require(copy.text("encryptor_public_key")),
                                              recipient: f.issuerEncryption) == Self.plaintext)
        }
    }

    @Test func flow2AliceListsAndEditsHerOwnCredential() async throws {
        let f = IdosFixture()
        try await ChainHarness.with(delegates: f.delegates) { node in
            try await f.onboardAlice(node)
            let grant = try await f.sign(f.writeGrant(), on: node)
            let originalId = UUID()
            try await node.mustExecute(f.issuer, "create_credentials_by_dwg", try f.dwgArguments(plaintext: Self.plaintext, grant: grant, originalId: originalId))
            let list = try await node.call(f.alice.caller, "get_credentials")
            #expect(list.rows.count == 2, "the original and the issuer's copy are both under Alice's user")
            // Alice re-encrypts her original and signs it with a key of her own.
            let aliceSigner = Ed25519.PrivateKey.generate()
            let edited = try IssuedCredential(plaintext: "edited", to: try f.aliceKeyPair().publicKey, publicNotes: #"{"id":"mine"}"#, issuer: aliceSigner)
            try await node.mustExecute(f.alice, "edit_credential", [
                Arg.uuid(originalId), Arg.text(edited.publicNotes), Arg.text(edited.publicNotesSignature), Arg.text(edited.broaderSignature),
                Arg.text(edited.content), Arg.text(edited.encryptorPublicKey), Arg.text(edited.issuerPublicKey),
            ])
            let owned = try await node.call(f.alice.caller, "get_credential_owned", [Arg.uuid(originalId)])
            #expect(owned.text("public_notes") == #"{"id":"mine"}"#)
            #expect(try IssuedCredential.open(content: try #require(owned.text("content")), encryptorPublicKey: try #require(owned.text("encryptor_public_key")),
                                              recipient: try f.aliceKeyPair()) == "edited")
            // Editing the copy (it has an access grant) is refused.
            let copyId = try #require(list.rows.compactMap { row -> UUID? in !row[5].isNull ? row[0].uuidValue : nil }.first)
            let refused = try await node.execute(f.alice, "edit_credential", [
                Arg.uuid(copyId), Arg.text(""), Arg.text(edited.publicNotesSignature), Arg.text(edited.broaderSignature),
                Arg.text(edited.content), Arg.text(edited.encryptorPublicKey), Arg.text(edited.issuerPublicKey),
            ])
            #expect(refused.code != 0)
            #expect(refused.log == "can not edit shared credential")
        }
    }

    /// Alice shares her credential with `grantee` (a copy sealed to the grantee's key), who reads and decrypts it.
    static func share(_ f: IdosFixture, on node: ChainHarness, originalId: UUID, to grantee: TestActor, granteeKey: SealedBox.KeyPair,
                      lockedUntil: Int64, originalNotes: String = #"{"id":"urn:uuid:demo","type":"KYC"}"#) async throws -> UUID {
        let copyId = UUID()
        let signer = Ed25519.PrivateKey.generate()
        let copy = try IssuedCredential(plaintext: plaintext, to: granteeKey.publicKey, publicNotes: "", issuer: signer)
        try await node.mustExecute(f.alice, "share_credential", [
            Arg.uuid(copyId), Arg.uuid(originalId), Arg.text(""), Arg.text(copy.publicNotesSignature), Arg.text(copy.broaderSignature),
            Arg.text(copy.content), Arg.text(IssuedCredential.contentHash(plaintext)), Arg.text(copy.encryptorPublicKey),
            Arg.text(copy.issuerPublicKey), Arg.text(grantee.caller), Arg.int(lockedUntil),
        ])
        let shared = try await node.call(grantee.caller, "get_credential_shared", [Arg.uuid(copyId)])
        #expect(try IssuedCredential.open(content: try #require(shared.text("content")), encryptorPublicKey: try #require(shared.text("encryptor_public_key")),
                                          recipient: granteeKey) == plaintext)
        #expect(shared.text("public_notes") == originalNotes, "a grantee sees the original's public notes")
        return copyId
    }

    static func grantId(_ node: ChainHarness, owner: TestActor, copyId: UUID) async throws -> UUID {
        let grants = try await node.call(owner.caller, "get_access_grants_owned")
        return try #require(grants.rows.first { $0[3] == .uuid(copyId) }?[0].uuidValue)
    }

    @Test func flow3AliceSharesWithBobThenRevokes() async throws {
        let f = IdosFixture()
        let bob = TestActor.evm("bob"), bobKey = SealedBox.KeyPair.generate()
        try await ChainHarness.with(delegates: f.delegates) { node in
            try await f.onboardAlice(node)
            let originalId = UUID()
            try await node.mustExecute(f.issuer, "create_credentials_by_dwg",
                                       try f.dwgArguments(plaintext: Self.plaintext, grant: try await f.sign(f.writeGrant(), on: node), originalId: originalId))
            let copyId = try await Self.share(f, on: node, originalId: originalId, to: bob, granteeKey: bobKey, lockedUntil: 0)
            let agId = try await Self.grantId(node, owner: f.alice, copyId: copyId)
            #expect(agId == IdosExtension.accessGrantId(grantee: bob.caller, dataId: copyId, lockedUntil: 0))
            try await node.mustExecute(f.alice, "revoke_access_grant", [Arg.uuid(agId)])
            await #expect(throws: DevNodeError.raised("the credential is not shared with the caller")) {
                _ = try await node.call(bob.caller, "get_credential_shared", [Arg.uuid(copyId)])
            }
        }
    }

    @Test func flow3DeletingTheCopyEndsBobsAccess() async throws {
        let f = IdosFixture()
        let bob = TestActor.evm("bob"), bobKey = SealedBox.KeyPair.generate()
        try await ChainHarness.with(delegates: f.delegates) { node in
            try await f.onboardAlice(node)
            let originalId = UUID()
            try await node.mustExecute(f.issuer, "create_credentials_by_dwg",
                                       try f.dwgArguments(plaintext: Self.plaintext, grant: try await f.sign(f.writeGrant(), on: node), originalId: originalId))
            let copyId = try await Self.share(f, on: node, originalId: originalId, to: bob, granteeKey: bobKey, lockedUntil: 0)
            try await node.mustExecute(f.alice, "remove_credential", [Arg.uuid(copyId)])
            await #expect(throws: DevNodeError.raised("the credential does not exist")) {
                _ = try await node.call(bob.caller, "get_credential_shared", [Arg.uuid(copyId)])
            }
        }
    }

    @Test func flow4DAppWithATimelockedGrantCannotBeRevokedEarly() async throws {
        let f = IdosFixture()
        let dapp = TestActor.ed25519("dapp"), dappKey = SealedBox.KeyPair.generate()
        try await ChainHarness.with(delegates: f.delegates) { node in
            try await f.onboardAlice(node)
            let originalId = UUID()
            try await node.mustExecute(f.issuer, "create_credentials_by_dwg",
                                       try f.dwgArguments(plaintext: Self.plaintext, grant: try await f.sign(f.writeGrant(), on: node), originalId: originalId))
            let lockedUntil = Int64(Date().timeIntervalSince1970) + 3_600
            let copyId = try await Self.share(f, on: node, originalId: originalId, to: dapp, granteeKey: dappKey, lockedUntil: lockedUntil)
            let granted = try await node.call(dapp.caller, "get_access_grants_granted", [Arg.uuid(nil), Arg.int(1), Arg.int(10)])
            #expect(granted.rows.count == 1)
            #expect(granted.value("locked_until") == .int8(lockedUntil))
            let locked = try await node.call(f.alice.caller, "has_locked_access_grants", [Arg.uuid(copyId)])
            #expect(locked.value("has") == .bool(true))
            let agId = try await Self.grantId(node, owner: f.alice, copyId: copyId)
            let revoke = try await node.execute(f.alice, "revoke_access_grant", [Arg.uuid(agId)])
            #expect(revoke.code != 0)
            #expect(revoke.log == "the grant is locked")
            let remove = try await node.execute(f.alice, "remove_credential", [Arg.uuid(copyId)])
            #expect(remove.log == "there are locked access grants for this credential")
            // The dApp still reads it.
            #expect(try await node.call(dapp.caller, "get_credential_shared", [Arg.uuid(copyId)]).rows.count == 1)
        }
    }
}
