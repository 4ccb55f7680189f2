import Foundation
import IdosCrypto
import IdosKit
import KwilKit
import TestSupport
import Testing
@testable import IdosDevNode

/// Write grants signed by NEAR, FaceSign, Stellar and XRPL owners: `idos.dwg_verify_owner` checks the
/// signature for the owner wallet's type with its stored public key, and refuses another key's.
@Suite(.requiresPostgres)
struct WriteGrantOwnerTests {
    /// A non-EVM wallet able to sign: what is stored, how the node names it (W(x)), and its signer.
    struct Owner: Sendable, CustomTestStringConvertible {
        let type: String
        let address: String
        let publicKey: String
        /// The identifier the grant's owner field carries (public key for NEAR and FaceSign, else the address).
        let identifier: String
        let sign: @Sendable (String) -> String
        var testDescription: String { type }

        /// NEAR (§13.5's key): the implicit account, the `ed25519:` key, NEP-413 blobs.
        static func near(_ key: Ed25519.PrivateKey = WalletVectors.nearKey) -> Owner {
            Owner(type: "NEAR", address: Hex.encode(key.publicKey), publicKey: NEARPublicKey.encode(key.publicKey),
                  identifier: NEARPublicKey.encode(key.publicKey), sign: { WalletVectors.nearSign($0, key: key) })
        }
        /// FaceSign (§13.5's key): hex key as address and key, raw Ed25519.
        static func faceSign(_ key: Ed25519.PrivateKey = WalletVectors.faceSignKey) -> Owner {
            Owner(type: "FaceSign", address: Hex.encode(key.publicKey), publicKey: Hex.encode(key.publicKey), identifier: Hex.encode(key.publicKey),
                  sign: { Hex.encode(key.sign(Array($0.utf8))) })
        }
        /// Stellar: `G…` address, hex key (as the idOS dashboard stores it), SEP-53.
        static func stellar(_ key: Ed25519.PrivateKey = .generate()) -> Owner {
            Owner(type: "Stellar", address: StrKey.encodeAccountId(key.publicKey), publicKey: Hex.encode(key.publicKey),
                  identifier: StrKey.encodeAccountId(key.publicKey), sign: { WalletVectors.stellarSign($0, key: key) })
        }
        /// XRPL with an Ed25519 key: `ED` ‖ key, its classic address, raw Ed25519 over the message.
        static func xrpl(_ key: Ed25519.PrivateKey = .generate()) -> Owner {
            let publicKey = [0xED] + key.publicKey
            return Owner(type: "XRPL", address: XRPLAddress.fromPublicKey(publicKey), publicKey: Hex.encode(publicKey).uppercased(),
                         identifier: XRPLAddress.fromPublicKey(publicKey), sign: { Hex.encode(key.sign(Array($0.utf8))) })
        }
    }

    static let owners: [Owner] = [.near(), .faceSign(), .stellar(), .xrpl()]
    /// Another key of the same type, for forgeries.
    static func impostor(of owner: Owner) -> Owner {
        switch owner.type {
        case "NEAR": .near(.generate())
        case "FaceSign": .faceSign(.generate())
        case "Stellar": .stellar()
        default: .xrpl()
        }
    }

    @Test(arguments: owners)
    func aGrantSignedWithTheStoredKeyIsAcceptedAndAnotherKeysIsNot(owner: Owner) async throws {
        let f = IdosFixture()
        try await ChainHarness.with(delegates: f.delegates) { node in
            let user = UUID(), proof = "proof of \(owner.type)"
            try await node.mustExecute(f.issuer, "add_user_as_inserter", [Arg.uuid(user), Arg.text(Base64.encode(try f.aliceKeyPair().publicKey)), Arg.text("user")])
            try await node.mustExecute(f.issuer, "upsert_wallet_as_inserter", [
                Arg.uuid(UUID()), Arg.uuid(user), Arg.text(owner.address), Arg.text(owner.publicKey), Arg.text(owner.type), Arg.text(proof),
                Arg.text(owner.sign(proof)),
            ])
            func grant(signedBy signer: Owner) async throws -> SignedDelegatedWriteGrant {
                var grant = f.writeGrant()
                grant.ownerWalletIdentifier = owner.identifier
                let text = try #require(try await node.call("", "dwg_message", try IdosActionCall.dwgMessage(grant).arguments).text("message"))
                return SignedDelegatedWriteGrant(grant: grant, signature: signer.sign(text))
            }
            let forged = try await node.execute(f.issuer, "create_credentials_by_dwg",
                                                try f.dwgArguments(plaintext: "forged", grant: try await grant(signedBy: Self.impostor(of: owner))))
            #expect(forged.log == "verify owner failed")
            let original = UUID()
            try await node.mustExecute(f.issuer, "create_credentials_by_dwg",
                                       try f.dwgArguments(plaintext: ActionFlowTests.plaintext, grant: try await grant(signedBy: owner), originalId: original))
            let owned = try await node.call(owner.identifier, "get_credential_owned", [Arg.uuid(original)])
            #expect(owned.value("user_id") == .uuid(user))
        }
    }
}
