import Foundation
import IdosCrypto
import IdosKit
import KwilKit
import Testing
@testable import IdosDevNode

/// The cast of the coverage run: the database owner, the issuer (ed25519 delegate of "acme") and Alice (EVM)
/// from `IdosFixture`, Bob (EVM, a second user and grantee), a dApp (ed25519 grantee) and a stranger.
/// Each `CoverageWorld+…` file walks one part of the schema, its happy paths and its §4.14 refusals.
struct CoverageWorld {
    let f = IdosFixture()
    let owner = TestActor.ed25519("owner")
    let bob = TestActor.evm("bob")
    let bobUserId = UUID()
    let dapp = TestActor.ed25519("dapp")
    let dappKey = SealedBox.KeyPair.generate()
    let bobKey = SealedBox.KeyPair.generate()
    let stranger = TestActor.ed25519("stranger")
    var issuer: TestActor { f.issuer }
    var alice: TestActor { f.alice }

    /// An EVM wallet-ownership proof as `upsert_wallet_as_inserter` takes it (NULL public key).
    static func evmWallet(_ id: UUID, user: UUID, _ actor: TestActor, message: String = "I own this wallet") -> [KwilValue] {
        [Arg.uuid(id), Arg.uuid(user), Arg.text(actor.address), Arg.text(nil), Arg.text("EVM"), Arg.text(message), Arg.text(actor.signMessage(message))]
    }

    /// A sealed, issuer-signed credential row for `recipient` with `notes`.
    func credential(_ plaintext: String = ActionFlowTests.plaintext, to recipient: [UInt8], notes: String,
                    signer: Ed25519.PrivateKey? = nil) throws -> IssuedCredential {
        try IssuedCredential(plaintext: plaintext, to: recipient, publicNotes: notes, issuer: signer ?? f.issuerKey)
    }

    /// `share_credential` arguments: a copy of `original` sealed to `granteeKey`, for `grantee`, locked until `lockedUntil`.
    func shareArguments(copy copyId: UUID, of original: UUID, grantee: TestActor, granteeKey: SealedBox.KeyPair, lockedUntil: Int64,
                        notes: String = "") throws -> [KwilValue] {
        let copy = try credential(to: granteeKey.publicKey, notes: "", signer: Ed25519.PrivateKey.generate())
        return [Arg.uuid(copyId), Arg.uuid(original), Arg.text(notes), Arg.text(copy.publicNotesSignature), Arg.text(copy.broaderSignature),
                Arg.text(copy.content), Arg.text(IssuedCredential.contentHash(ActionFlowTests.plaintext)), Arg.text(copy.encryptorPublicKey),
                Arg.text(copy.issuerPublicKey), Arg.text(grantee.caller), Arg.int(lockedUntil)]
    }

    /// Alice signs `grant` as the node's `dwg_message` renders it.
    func sign(_ grant: DelegatedWriteGrant, on node: CoveredNode, by signer: TestActor? = nil) async throws -> SignedDelegatedWriteGrant {
        let message = try #require(try await node.call("", "dwg_message", try IdosActionCall.dwgMessage(grant).arguments).text("message"))
        return SignedDelegatedWriteGrant(grant: grant, signature: (signer ?? alice).signMessage(message))
    }

    /// Runs every part in an order where each builds on the state the previous left.
    func run(_ node: CoveredNode) async throws {
        try await ownerActions(node)
        try await usersAndWallets(node)
        let state = try await credentials(node)
        try await writeGrants(node)
        try await attributes(node)
        try await accessGrants(node, state)
        try await gasAndBridges(node, state)
    }
}

/// What the credential part leaves for the later parts.
struct CoverageState {
    /// The original the issuer wrote by DWG for Alice, and its copy (access grant to the issuer, unlocked).
    var dwgOriginal: UUID
    var dwgCopy: UUID
    /// A copy Alice shared with the dApp, locked for an hour.
    var lockedCopy: UUID
}

extension CoverageWorld {
    /// §3.1 and the OWNER gas action: inserters and delegates come and go; only the owner may run them.
    func ownerActions(_ node: CoveredNode) async throws {
        let inserter = UUID(), delegate = TestActor.ed25519("second delegate")
        try await node.mustExecute(owner, "add_inserter_as_owner", [Arg.uuid(inserter), Arg.text("second")])
        try await node.mustExecute(owner, "add_delegate_as_owner", [Arg.text(delegate.publicKeyHex.uppercased()), Arg.uuid(inserter)])
        try await node.mustExecute(delegate, "add_user_as_inserter", [Arg.uuid(UUID()), Arg.text("k"), Arg.text("mpc")])
        try await node.mustExecute(owner, "delete_delegate_as_owner", [Arg.text(delegate.publicKeyHex)])
        try await node.expectFailure(delegate, "add_user_as_inserter", [Arg.uuid(UUID()), Arg.text("k"), Arg.text("user")], "Unauthorized inserter")
        try await node.mustExecute(owner, "delete_inserter_as_owner", [Arg.uuid(inserter)])
        let notOwner = try await node.execute(stranger, "add_inserter_as_owner", [Arg.uuid(UUID()), Arg.text("x")])
        #expect(notOwner.log == "action add_inserter_as_owner can only be executed by the owner")
        try await node.expectFailure(owner, "request_balance_withdrawal", [Arg.text("BTC"), Arg.text(bob.address)], "invalid token")
    }

    /// §3.2 and §3.3: users, EVM wallets and every wallet refusal.
    func usersAndWallets(_ node: CoveredNode) async throws {
        let key = Base64.encode(try f.aliceKeyPair().publicKey)
        try await node.mustExecute(issuer, "add_user_as_inserter", [Arg.uuid(f.aliceUserId), Arg.text("old"), Arg.text("mpc")])
        try await node.mustExecute(issuer, "update_user_pub_key_as_inserter", [Arg.uuid(f.aliceUserId), Arg.text(key), Arg.text("user")])
        #expect(try await node.call(issuer.caller, "get_user_as_inserter", [Arg.uuid(f.aliceUserId)]).text("inserter") == "acme")
        try await node.expectFailure(stranger, "update_user_pub_key_as_inserter", [Arg.uuid(f.aliceUserId), Arg.text(key), Arg.text("user")],
                                     "Unauthorized inserter")
        try await node.mustExecute(issuer, "upsert_wallet_as_inserter", Self.evmWallet(UUID(), user: f.aliceUserId, alice))
        #expect(try await node.call(alice.caller, "get_user").value("recipient_encryption_public_key") == .text(key))
        try await node.mustExecute(issuer, "add_user_as_inserter", [Arg.uuid(bobUserId), Arg.text("bob-key"), Arg.text("user")])
        try await node.mustExecute(issuer, "upsert_wallet_as_inserter", Self.evmWallet(UUID(), user: bobUserId, bob))
        #expect(try await node.call("", "has_profile", [Arg.text(alice.address.lowercased())]).value("has_profile") == .bool(true))

        // Alice adds a second wallet herself, lists both, cannot remove the one she is connected with.
        let second = TestActor.evm("alice 2"), secondId = UUID()
        var own = Self.evmWallet(secondId, user: f.aliceUserId, second)
        own.remove(at: 1)
        try await node.mustExecute(alice, "add_wallet", own)
        let wallets = try await node.call(alice.caller, "get_wallets")
        #expect(wallets.rows.count == 2)
        let connected = try #require(wallets.rows.first { $0[2] == .text(alice.address) }?[0].uuidValue)
        try await node.expectFailure(alice, "remove_wallet", [Arg.uuid(connected)],
                                     "You can not delete a wallet you are connected with. To delete this wallet you have to connect other wallet.")
        try await node.mustExecute(alice, "remove_wallet", [Arg.uuid(secondId)])
        #expect(try await node.call(alice.caller, "get_wallets").rows.count == 1)

        // Every refusal of §3.3.1, in its check order.
        var evm = Self.evmWallet(UUID(), user: f.aliceUserId, TestActor.evm("x"))
        evm[4] = Arg.text("evm")
        try await node.expectFailure(issuer, "upsert_wallet_as_inserter", evm, "unsupported wallet type")
        var forged = Self.evmWallet(UUID(), user: f.aliceUserId, TestActor.evm("y"))
        forged[6] = Arg.text(alice.signMessage("I own this wallet"))
        try await node.expectFailure(issuer, "upsert_wallet_as_inserter", forged, "wallet is invalid")
        var again = Self.evmWallet(UUID(), user: f.aliceUserId, bob)
        again[2] = Arg.text(bob.address.lowercased())
        try await node.expectFailure(issuer, "upsert_wallet_as_inserter", again, "wallet address already exists in idos")
        let face = Ed25519.PrivateKey.generate(), faceHex = Hex.encode(face.publicKey), message = "FaceSign proof"
        let faceProof = [Arg.text(faceHex), Arg.text(nil), Arg.text("FaceSign"), Arg.text(message), Arg.text(Hex.encode(face.sign(Array(message.utf8))))]
        try await node.expectFailure(issuer, "upsert_wallet_as_inserter", [Arg.uuid(UUID()), Arg.uuid(bobUserId)] + faceProof,
                                     "wallet require a public_key to be given")
        var keyed = faceProof
        keyed[1] = Arg.text(faceHex)
        try await node.mustExecute(issuer, "upsert_wallet_as_inserter", [Arg.uuid(UUID()), Arg.uuid(bobUserId)] + keyed)
        try await node.expectFailure(issuer, "upsert_wallet_as_inserter", [Arg.uuid(UUID()), Arg.uuid(bobUserId)] + keyed,
                                     "wallet public key already exists in idos")
    }
}
