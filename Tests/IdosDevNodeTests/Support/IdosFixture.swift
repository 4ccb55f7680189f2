import Foundation
import IdosCrypto
import IdosKit
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

    /// The DWG fields Alice signs.
    struct WriteGrant {
        var owner: String
        var grantee: String
        var issuerPublicKey: String
        var id = UUID()
        var timelock: String
        var notBefore: String
        var notAfter: String
        var signature = ""
    }

    func writeGrant(notBefore: Date = Date().addingTimeInterval(-300), notAfter: Date = Date().addingTimeInterval(86_400),
                    timelock: Date = Date(timeIntervalSince1970: 0)) -> WriteGrant {
        WriteGrant(owner: alice.address, grantee: Hex.encode(issuerKey.publicKey), issuerPublicKey: Hex.encode(issuerKey.publicKey),
                   timelock: Self.rfc3339(timelock), notBefore: Self.rfc3339(notBefore), notAfter: Self.rfc3339(notAfter))
    }

    /// Alice asks the node for the DWG text and signs it.
    func sign(_ grant: WriteGrant, on node: ChainHarness, by signer: TestActor? = nil) async throws -> WriteGrant {
        let rows = try await node.call("", "dwg_message", [
            Arg.text(grant.owner), Arg.text(grant.grantee), Arg.text(grant.issuerPublicKey), Arg.uuid(grant.id),
            Arg.text(grant.timelock), Arg.text(grant.notBefore), Arg.text(grant.notAfter),
        ])
        var signed = grant
        signed.signature = (signer ?? alice).signMessage(try #require(rows.text("message")))
        return signed
    }

    /// The 21 arguments of `create_credentials_by_dwg` for a credential with `plaintext` for Alice and a
    /// copy for the issuer.
    func dwgArguments(plaintext: String, grant: WriteGrant, originalId: UUID = UUID(), copyId: UUID = UUID(),
                      notes: String = #"{"id":"urn:uuid:demo","type":"KYC"}"#) throws -> [TypedArgument] {
        let original = try IssuedCredential(plaintext: plaintext, to: try aliceKeyPair().publicKey, publicNotes: notes, issuer: issuerKey)
        let copy = try IssuedCredential(plaintext: plaintext, to: issuerEncryption.publicKey, publicNotes: "", issuer: issuerKey)
        return [
            Arg.text(original.issuerPublicKey), Arg.text(original.encryptorPublicKey), Arg.uuid(originalId), Arg.text(original.content),
            Arg.text(original.publicNotes), Arg.text(original.publicNotesSignature), Arg.text(original.broaderSignature),
            Arg.text(copy.encryptorPublicKey), Arg.uuid(copyId), Arg.text(copy.content), Arg.text(copy.publicNotesSignature),
            Arg.text(copy.broaderSignature), Arg.text(IssuedCredential.contentHash(plaintext)), Arg.text(grant.owner),
            Arg.text(grant.grantee), Arg.text(grant.issuerPublicKey), Arg.uuid(grant.id), Arg.text(grant.timelock),
            Arg.text(grant.notBefore), Arg.text(grant.notAfter), Arg.text(grant.signature),
        ]
    }

    static func rfc3339(_ date: Date) -> String { GatewaySessions.timestamp(date) }
}
