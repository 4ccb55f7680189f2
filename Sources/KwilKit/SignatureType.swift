internal import IdosCrypto

/// The Kwil authenticator types an idOS node accepts (kwil-transport.md §5): the `signature.type` of a
/// transaction, the `auth_type` of a call and the KGW `signature.type`. The one place that knows each type's
/// sender form, account key type, verification and `@caller` spelling; client and devnode both use it.
public enum SignatureType: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Raw Ed25519 over the message; the sender is the 32-byte public key.
    case ed25519
    /// EIP-191 personal_sign (secp256k1 with recovery); the sender is the 20-byte Ethereum address.
    case secp256k1_ep

    /// The `key_type` of the account in `user.account`: `ed25519`, or `secp256k1` for `secp256k1_ep`.
    public var keyType: String {
        switch self {
        case .ed25519: "ed25519"
        case .secp256k1_ep: "secp256k1"
        }
    }

    /// The length of a valid sender (32 for a public key, 20 for an address).
    public var senderLength: Int {
        switch self {
        case .ed25519: 32
        case .secp256k1_ep: 20
        }
    }

    /// Whether `signature` signs `message` for `sender` (no reason given; see `verify`).
    public func isValid(sender: [UInt8], message: [UInt8], signature: [UInt8]) -> Bool {
        guard sender.count == senderLength else { return false }
        return switch self {
        case .ed25519: Ed25519Signer.verify(identifier: sender, message: message, signature: signature)
        case .secp256k1_ep: EthPersonalSigner.verify(identifier: sender, message: message, signature: signature)
        }
    }

    /// Verifies `signature` over `message` for `sender` as the node does.
    /// - Throws: `KwilError.invalidSignature` naming what failed (sender length, or the signature itself).
    public func verify(sender: [UInt8], message: [UInt8], signature: [UInt8]) throws(KwilError) {
        switch self {
        case .secp256k1_ep:
            guard sender.count == senderLength else { throw .invalidSignature("a secp256k1_ep sender is a 20-byte address") }
            guard isValid(sender: sender, message: message, signature: signature) else {
                throw .invalidSignature("the signature does not recover to the sender address")
            }
        case .ed25519:
            guard isValid(sender: sender, message: message, signature: signature) else {
                throw .invalidSignature("the ed25519 signature does not verify for the sender key")
            }
        }
    }

    /// Parses a type string from the wire.
    /// - Throws: `KwilError.invalidSignature("unsupported signature type '…'")` for any other string.
    public init(wire text: String) throws(KwilError) {
        guard let type = SignatureType(rawValue: text) else { throw .invalidSignature("unsupported signature type '\(text)'") }
        self = type
    }

    /// `@caller` inside actions for `sender`: EIP-55 `0x…` for a 20-byte `secp256k1_ep` sender, else
    /// lower-case hex without `0x`.
    public func caller(sender: [UInt8]) -> String {
        self == .secp256k1_ep && sender.count == 20 ? EthereumAddress.checksummed(sender) : Hex.encode(sender)
    }

    /// The wire string.
    public var description: String { rawValue }
}
