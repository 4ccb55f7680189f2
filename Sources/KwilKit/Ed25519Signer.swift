internal import IdosCrypto

/// An `ed25519` Kwil signer; the identifier is the 32-byte public key.
public struct Ed25519Signer: KwilSigner {
    private let seed: [UInt8]
    public let identifier: [UInt8]
    public var signatureType: String { "ed25519" }

    /// A signer from a 32-byte seed or a 64-byte tweetnacl secret key.
    public init(secretKey: [UInt8]) throws(KwilError) {
        do {
            let key = try Ed25519.PrivateKey(secretKey)
            seed = key.seed; identifier = key.publicKey
        } catch { throw .invalidKey("ed25519 key must be a 32-byte seed or a 64-byte tweetnacl secret key") }
    }

    public func sign(_ message: [UInt8]) throws(KwilError) -> [UInt8] {
        do { return try Ed25519.PrivateKey(seed).sign(message) } catch { throw .invalidKey("ed25519 seed") }
    }

    /// Whether `signature` is an ed25519 signature of `message` by the public key `identifier`.
    public static func verify(identifier: [UInt8], message: [UInt8], signature: [UInt8]) -> Bool {
        Ed25519.verify(signature: signature, message: message, publicKey: identifier)
    }
}
