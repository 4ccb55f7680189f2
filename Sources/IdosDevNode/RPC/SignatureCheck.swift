import IdosCrypto

/// Verifies a Kwil signature of a sign-in message or tx text for the two key types the devnode accepts.
enum SignatureCheck {
    /// `secp256k1_ep`: EIP-191 over the message, recovering the 20-byte sender address. `ed25519`: raw
    /// Ed25519 over the message by the 32-byte sender key.
    static func verify(type: String, sender: [UInt8], message: [UInt8], signature: [UInt8]) throws(GatewaySessions.Failure) {
        switch type {
        case "secp256k1_ep":
            guard sender.count == 20 else { throw .badSignature("a secp256k1_ep sender is a 20-byte address") }
            guard let recovered = try? EIP191.recoverAddress(message: message, signature: signature), recovered == sender else {
                throw .badSignature("the signature does not recover to the sender address")
            }
        case "ed25519":
            guard sender.count == 32, Ed25519.verify(signature: signature, message: message, publicKey: sender) else {
                throw .badSignature("the ed25519 signature does not verify for the sender key")
            }
        default:
            throw .badSignature("unsupported signature type '\(type)'")
        }
    }

    /// `@caller` for a sender: EIP-55 `0x…` for secp256k1_ep, lower-case hex for ed25519.
    static func caller(type: String, sender: [UInt8]) -> String {
        type == "secp256k1_ep" && sender.count == 20 ? EthereumAddress.checksummed(sender) : Hex.encode(sender)
    }

    /// The account key type of a signature type (`user.account`'s `key_type`).
    static func keyType(_ type: String) -> String { type == "ed25519" ? "ed25519" : "secp256k1" }
}
