import Foundation
import IdosCrypto
import KwilKit
@testable import IdosDevNode

/// A party in a test with its own signing key: an EVM wallet (secp256k1_ep) or an ed25519 identity.
struct TestActor: Sendable {
    enum Key: Sendable {
        case evm(Secp256k1.PrivateKey)
        case ed25519(Ed25519.PrivateKey)
    }
    let name: String
    let key: Key

    static func evm(_ name: String) -> TestActor { TestActor(name: name, key: .evm(.generate())) }
    static func ed25519(_ name: String) -> TestActor { TestActor(name: name, key: .ed25519(.generate())) }

    /// The sender bytes (20-byte address or 32-byte public key).
    var sender: [UInt8] {
        switch key {
        case let .evm(k): EthereumAddress.fromPublicKey(k.publicKey())
        case let .ed25519(k): k.publicKey
        }
    }

    /// The Kwil signature type.
    var signatureType: SignatureType {
        switch key {
        case .evm: .secp256k1_ep
        case .ed25519: .ed25519
        }
    }

    /// `@caller` as the node derives it.
    var caller: String { signatureType.caller(sender: sender) }

    /// The EIP-55 address (EVM actors only).
    var address: String { caller }

    /// The lower-case hex public key (ed25519 actors only).
    var publicKeyHex: String { Hex.encode(sender) }

    /// Signs a message as this actor's wallet would: EIP-191 personal_sign (`0x` + 65-byte hex) or raw
    /// ed25519 (hex).
    func signMessage(_ message: String) -> String {
        switch key {
        case let .evm(k): "0x" + Hex.encode(EIP191.sign(Array(message.utf8), key: k))
        case let .ed25519(k): Hex.encode(k.sign(Array(message.utf8)))
        }
    }

    /// Raw signature bytes over a message (for Kwil tx texts and KGW sign-in).
    func signBytes(_ message: [UInt8]) -> [UInt8] {
        switch key {
        case let .evm(k): EIP191.sign(message, key: k)
        case let .ed25519(k): k.sign(message)
        }
    }

    var account: AccountKey { AccountKey(identifier: Hex.encode(sender), keyType: signatureType.keyType) }
}
