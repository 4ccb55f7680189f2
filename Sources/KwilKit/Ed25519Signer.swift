internal import IdosCrypto

/// An `ed25519` Kwil signer; the identifier is the 32-byte public key.
public struct Ed25519Signer: KwilSigner {
    /// Derived once: deriving the public key per signature would double the cost of signing.
    private let key: Ed25519.PrivateKey
    public let identifier: [UInt8]
    public var signatureType: SignatureType { .ed25519 }

    /// A signer from a 32-byte seed or a 64-byte tweetnacl secret key.
    public init(secretKey: [UInt8]) throws(KwilError) {
        do {
            key = try Ed25519.PrivateKey(secretKey)
            identifier = key.publicKey
        } catch { throw .invalidKey("ed25519 key must be a 32-byte seed or a 64-byte tweetnacl secret key") }
    }

    public func sign(_ message: [UInt8]) throws(KwilError) -> [UInt8] {
        key.sign(message)
    }

    /// Whether `signature` is an ed25519 signature of `message` by the public key `identifier`.
    public static func verify(identifier: [UInt8], message: [UInt8], signature: [UInt8]) -> Bool {
        Ed25519.verify(signature: signature, message: message, publicKey: identifier)
    }
}
