import Foundation
import IdosCrypto
import IdosKit
import KwilKit
import Testing
@testable import IdosDevNode

/// The seed world of the flows: an issuer (ed25519 delegate of inserter "acme", with its own X25519
/// encryption key) and Alice (EVM wallet) whose profile and wallet the issuer created, with her idOS
/// encryption key derived from her password.
struct IdosFixture {
    let issuerKey = Ed25519.PrivateKey.generate()
    let issuerEncryption = SealedBox.KeyPair.generate()
    let alice = TestActor.evm("alice")
    let aliceUserId = UUID()
    let alicePassword = "correct horse battery staple"
    var issuer: TestActor { TestActor(name: "issuer", key: .ed25519(issuerKey)) }

    var delegates: [(String, String)] { [("acme", Hex.encode(issuerKey.publicKey))] }

    /// Alice's key, derived with scrypt from her password and user id.
    func aliceKeyPair() throws -> SealedBox.KeyPair {
        try IdosKeyDerivation.deriveKeyPair(password: alicePassword, userId: aliceUserId.lowercasedString)
    }

    /// Flow 1, first half: Alice proves her wallet; the issuer adds her user and wallet.
    func onboardAlice(_ node: ChainHarness) async throws {
        let proofMessage = "Please sign this message to confirm you own this wallet address. Nonce \(UUID().lowercasedString)"
        let proofSignature = alice.signMessage(proofMessage)
        let publicKey = Base64.encode(try aliceKeyPair().publicKey)
        try await node.mustExecute(issuer, "add_user_as_inserter", [Arg.uuid(aliceUserId), Arg.text(publicKey), Arg.text("user")])
        try await node.mustExecute(issuer, "upsert_wallet_as_inserter", [
            Arg.uuid(UUID()), Arg.uuid(aliceUserId), Arg.text(alice.address), Arg.text(nil), Arg.text("EVM"),
            Arg.text(proofMessage), Arg.text(proofSignature),
        ])
    }

    /// A write grant from Alice to the issuer (grantee and issuer key are the issuer's), usable from five
    /// minutes ago for a day by default.
    func writeGrant(notBefore: Date = Date().addingTimeInterval(-300), notAfter: Date = Date().addingTimeInterval(86_400),
                    timelock: Date = Date(timeIntervalSince1970: 0)) -> DelegatedWriteGrant {
        DelegatedWriteGrant(ownerWalletIdentifier: alice.address, granteeWalletIdentifier: Hex.encode(issuerKey.publicKey),
                            issuerPublicKey: Hex.encode(issuerKey.publicKey), accessGrantTimelock: timelock, notUsableBefore: notBefore,
                            notUsableAfter: notAfter)
    }

    /// Alice (or `signer`) asks the node for the DWG text and signs it.
    func sign(_ grant: DelegatedWriteGrant, on node: ChainHarness, by signer: TestActor? = nil) async throws -> SignedDelegatedWriteGrant {
        let rows = try await node.call("", "dwg_message", try IdosActionCall.dwgMessage(grant).arguments)
        return SignedDelegatedWriteGrant(grant: grant, signature: (signer ?? alice).signMessage(try #require(rows.text("message"))))
    }

    /// The `create_credentials_by_dwg` call (built by IdosKit) for a credential with `plaintext` for Alice and
    /// a copy for the issuer.
    func dwgCall(plaintext: String, grant: SignedDelegatedWriteGrant, originalId: UUID = UUID(), copyId: UUID = UUID(),
                 notes: String = #"{"id":"urn:uuid:demo","type":"KYC"}"#) throws -> IdosActionCall {
        let pair = try CredentialPair(plaintext: Array(plaintext.utf8), publicNotes: notes, userPublicKey: try aliceKeyPair().publicKey,
                                      copyPublicKey: issuerEncryption.publicKey, issuer: issuerKey, originalId: originalId, copyId: copyId)
        return try IdosActionCall.createCredentialsByDWG(pair: pair, grant: grant)
    }

    /// The arguments of `dwgCall`.
    func dwgArguments(plaintext: String, grant: SignedDelegatedWriteGrant, originalId: UUID = UUID(), copyId: UUID = UUID(),
                      notes: String = #"{"id":"urn:uuid:demo","type":"KYC"}"#) throws -> [KwilValue] {
        try dwgCall(plaintext: plaintext, grant: grant, originalId: originalId, copyId: copyId, notes: notes).arguments
    }
}
