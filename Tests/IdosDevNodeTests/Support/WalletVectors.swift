import Foundation
import IdosCrypto
import KwilKit
import TestSupport

/// Wallet-ownership proofs made outside our code: the XRPL and Stellar proofs xrpl-py and stellar-sdk
/// wrote into `Tests/IdosKitTests/Fixtures/wallet_proofs.json`, and the NEAR and FaceSign proofs of
/// idos-issuer.md §13.5 (with the keys that made them, so the tests can also sign write grants).
enum WalletVectors {
    /// One proof from the fixture file.
    typealias Proof = WalletProofFixture.Proof

    /// The library-made proof named `name`.
    static func proof(_ name: String) -> Proof? { WalletProofFixture.shared.proofs.first { $0.name == name } }
    /// The tampered proofs the libraries themselves refuse.
    static var tampered: [Proof] { WalletProofFixture.shared.tampered }

    /// §13.5's message.
    static let message = "Please sign this message to confirm you own this wallet address. Nonce 00000000-0000-4000-8000-000000000000"

    /// §13.5 NEAR: key seed sha256("near-test-key"), its implicit account and NEP-413 blob (recipient idos.network).
    static let nearKey: Ed25519.PrivateKey = { try! Ed25519.PrivateKey(SHA256.hash(Array("near-test-key".utf8))) }()
    static let nearPublicKey = "ed25519:AoTdnojLSRgTgTH3BoA13Dwd4bYgHfdmDHBcCjDxehU1"
    static let nearAccount = "91a003db01c1c2d1d66072a865326b3ffb3b4adf694922015e7440b0ed4e2e76"
    static let nearSignature = "00a49d0100806b000000506c65617365207369676e2074686973206d65737361676520746f20636f6e6669726d20796f75206f776e20746869732077616c6c657420616464726573732e204e6f6e63652030303030303030302d303030302d343030302d383030302d303030303030303030303030000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f0c00000069646f732e6e6574776f726b002066bc5e87273bc702beafc89aa536528cc420357006324c8e7c8165adf6e598beb7f33d073e16e98b146fa72ad1556da98f920775d54f089e4bef91600ed706"

    /// §13.5 FaceSign: raw Ed25519 by the §13.3 issuer key (RFC 8032 test 1), whose hex is address and public key.
    static let faceSignKey: Ed25519.PrivateKey = { try! Ed25519.PrivateKey(Hex.decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")) }()
    static let faceSignAddress = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
    static let faceSignSignature = "dc28e968fb6bc2322cab254ecddf52143f7101dd9f586a91e7de6cc84903dc9032d13953874d1ebfabb8aa906b9bf41da6fbd18d0dece09f553dbd4afd9d1100"

    /// A NEAR wallet's signature of `text` in the idOS blob form (NEP-413, recipient idos.network).
    static func nearSign(_ text: String, key: Ed25519.PrivateKey = nearKey) -> String {
        let payload = NEP413(message: text, nonce: Array(0..<32), recipient: "idos.network")
        return Hex.encode(payload.blob(signature: key.sign(payload.signingHash)))
    }

    /// A Stellar wallet's SEP-53 signature of `text` (hex).
    static func stellarSign(_ text: String, key: Ed25519.PrivateKey) -> String {
        Hex.encode(key.sign(SHA256.hash(Array("Stellar Signed Message:\n".utf8) + Array(text.utf8))))
    }
}
