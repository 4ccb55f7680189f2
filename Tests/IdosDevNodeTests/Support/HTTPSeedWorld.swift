import Foundation
import IdosCrypto
import IdosKit
import KwilKit
import Testing
@testable import IdosDevNode

/// The seed world of `IdosFixture` on a live node over HTTP: the issuer (ed25519 delegate) and Alice (EVM
/// wallet), each a separate `HTTPParty`.
struct HTTPSeedWorld: Sendable {
    let fixture: IdosFixture
    let node: LiveNode
    let chainID: String
    let issuer: HTTPParty
    let alice: HTTPParty

    /// Starts a node with the fixture's delegate in a fresh schema and runs `body` against it.
    static func with(_ body: (HTTPSeedWorld) async throws -> Void) async throws {
        let fixture = IdosFixture()
        try await LiveNode.with(configure: { $0.delegates = fixture.delegates.map { (inserterName: $0.0, publicKeyHex: $0.1) } }) { node in
            let chainID = try await KwilClient(baseURL: node.baseURL, transport: LiveNode.transport()).chainInfo().chainID
            let world = HTTPSeedWorld(fixture: fixture, node: node, chainID: chainID,
                                      issuer: try HTTPParty(fixture.issuer, node: node, chainID: chainID),
                                      alice: try HTTPParty(fixture.alice, node: node, chainID: chainID))
            try await body(world)
        }
    }

    /// A new party with its own key and client.
    func party(_ actor: TestActor) throws -> HTTPParty { try HTTPParty(actor, node: node, chainID: chainID) }

    /// Flow 1, first half: Alice proves her wallet; the issuer adds her user (with her password-derived public
    /// key) and her wallet.
    func onboardAlice() async throws {
        let f = fixture
        let proof = "Please sign this message to confirm you own this wallet address. Nonce \(UUID().lowercasedString)"
        try await issuer.execute(try IdosActionCall.createUserAsInserter(id: f.aliceUserId, recipientEncryptionPublicKey: Base64.encode(try f.aliceKeyPair().publicKey),
                                                                         encryptionPasswordStore: .user))
        let wallet = WalletProof(type: .evm, address: f.alice.address, message: proof, signature: f.alice.signMessage(proof))
        try await issuer.execute(try IdosActionCall.upsertWalletAsInserter(id: UUID(), userId: f.aliceUserId, proof: wallet))
    }

    /// Alice fetches the node's DWG text (an unsigned view call) and signs it with her wallet.
    func signedWriteGrant() async throws -> SignedDelegatedWriteGrant {
        let grant = fixture.writeGrant()
        let text = try await KwilClient(baseURL: node.baseURL, transport: LiveNode.transport()).call(try IdosActionCall.dwgMessage(grant).call())
        guard case let .text(message)? = text.rows.first?.first else { throw KwilError.malformedResponse(status: 200, reason: "no dwg_message") }
        return SignedDelegatedWriteGrant(grant: grant, signature: fixture.alice.signMessage(message))
    }

    /// Flow 1, second half: the issuer writes `plaintext` for Alice by DWG (original + its own copy); returns
    /// the original's id.
    func issueCredential(_ plaintext: String = ActionFlowTests.plaintext, originalId: UUID = UUID(), copyId: UUID = UUID()) async throws -> UUID {
        let grant = try await signedWriteGrant()
        try await issuer.execute(try fixture.dwgCall(plaintext: plaintext, grant: grant, originalId: originalId, copyId: copyId))
        return originalId
    }

    /// Alice shares her credential with `grantee` (a copy sealed to `granteeKey`, locked until `lockedUntil`);
    /// the grantee reads and decrypts it over its own KGW session. Returns the copy's id.
    func share(_ originalId: UUID, with grantee: HTTPParty, granteeKey: SealedBox.KeyPair, lockedUntil: Int64) async throws -> UUID {
        let copyId = UUID(), plaintext = ActionFlowTests.plaintext
        let copy = try IssuedCredential(plaintext: plaintext, to: granteeKey.publicKey, publicNotes: "", issuer: Ed25519.PrivateKey.generate())
        try await alice.execute("share_credential", [
            .uuid(copyId), .uuid(originalId), .text(""), .text(copy.publicNotesSignature), .text(copy.broaderSignature),
            .text(copy.content), .text(IssuedCredential.contentHash(plaintext)), .text(copy.encryptorPublicKey),
            .text(copy.issuerPublicKey), .text(grantee.actor.caller), .int8(lockedUntil),
        ])
        let shared = try await grantee.call("get_credential_shared", [.uuid(copyId)])
        #expect(try IssuedCredential.open(content: try #require(shared.text("content")), encryptorPublicKey: try #require(shared.text("encryptor_public_key")),
                                          recipient: granteeKey) == plaintext)
        #expect(shared.text("public_notes") == #"{"id":"urn:uuid:demo","type":"KYC"}"#, "a grantee sees the original's public notes")
        return copyId
    }

    /// The id of Alice's access grant on `copyId`.
    func grantId(copyId: UUID) async throws -> UUID {
        let grants = try await alice.call("get_access_grants_owned")
        guard case let .uuid(id)? = grants.records.first(where: { $0["data_id"] == .uuid(copyId) })?["id"] else {
            throw KwilError.malformedResponse(status: 200, reason: "no grant on \(copyId)")
        }
        return id
    }
}
