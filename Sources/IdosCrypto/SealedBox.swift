import CSodium

/// NaCl `crypto_box` (X25519 + XSalsa20-Poly1305) as idOS uses it for credential content:
/// `content = nonce(24) ‖ MAC(16) ‖ ciphertext`, sealed with a fresh ephemeral sender key per message.
public enum SealedBox {
    /// Byte sizes of the scheme.
    public static let keyBytes = 32, nonceBytes = 24, macBytes = 16

    /// An X25519 key pair (the idOS "encryption key").
    public struct KeyPair: Sendable, CustomStringConvertible {
        /// The 32-byte secret scalar (used as tweetnacl uses it; clamped inside libsodium).
        public let secretKey: [UInt8]
        /// The 32-byte public key.
        public let publicKey: [UInt8]

        /// The pair for a 32-byte secret key.
        public init(secretKey: [UInt8]) throws(CryptoError) {
            Sodium.ensureInitialized()
            guard secretKey.count == 32 else { throw .invalidLength(what: "X25519 secret key", expected: "32", actual: secretKey.count) }
            var pk = [UInt8](repeating: 0, count: 32)
            guard crypto_scalarmult_base(&pk, secretKey) == 0 else { throw .libraryFailure("crypto_scalarmult_base") }
            self.secretKey = secretKey
            self.publicKey = pk
        }

        /// A fresh random pair.
        public static func generate() -> KeyPair { try! KeyPair(secretKey: Sodium.randomBytes(32)) }

        public var description: String { "X25519.KeyPair(public: \(Base64.encode(publicKey)))" }
    }

    /// Whether anything can be sealed to `publicKey`: 32 bytes and not of low order (the all-zero key and the
    /// other small-order points make X25519 output all zeros, which libsodium refuses to use).
    public static func isUsablePublicKey(_ publicKey: [UInt8]) -> Bool {
        Sodium.ensureInitialized()
        guard publicKey.count == keyBytes else { return false }
        var shared = [UInt8](repeating: 0, count: 32)
        let scalar = [UInt8](repeating: 0x5a, count: 32)
        return crypto_scalarmult(&shared, scalar, publicKey) == 0
    }

    /// The result of sealing: the content bytes and the ephemeral sender's public key.
    public struct Sealed: Sendable, Equatable {
        /// nonce ‖ MAC ‖ ciphertext.
        public let content: [UInt8]
        /// The ephemeral sender's X25519 public key (`encryptor_public_key`).
        public let encryptorPublicKey: [UInt8]
    }

    /// Seals `plaintext` to `recipientPublicKey` with a fresh ephemeral key pair and a random nonce.
    public static func seal(_ plaintext: some Collection<UInt8>, to recipientPublicKey: [UInt8]) throws(CryptoError) -> Sealed {
        try seal(plaintext, to: recipientPublicKey, ephemeral: .generate(), nonce: Sodium.randomBytes(nonceBytes))
    }

    /// Seals with a given ephemeral key and nonce. Only for reproducing fixed vectors: reusing either
    /// breaks confidentiality.
    public static func seal(_ plaintext: some Collection<UInt8>, to recipientPublicKey: [UInt8],
                            ephemeral: KeyPair, nonce: [UInt8]) throws(CryptoError) -> Sealed {
        guard recipientPublicKey.count == keyBytes else {
            throw .invalidLength(what: "recipient X25519 public key", expected: "32", actual: recipientPublicKey.count)
        }
        guard nonce.count == nonceBytes else { throw .invalidLength(what: "box nonce", expected: "24", actual: nonce.count) }
        let message = Array(plaintext)
        var box = [UInt8](repeating: 0, count: message.count + macBytes)
        guard crypto_box_easy(&box, message, UInt64(message.count), nonce, recipientPublicKey, ephemeral.secretKey) == 0 else {
            throw .invalidKey(what: "recipient X25519 public key")
        }
        return Sealed(content: nonce + box, encryptorPublicKey: ephemeral.publicKey)
    }

    /// Opens `content` (nonce ‖ box) sent by `senderPublicKey` to the holder of `recipientSecretKey`.
    /// - Throws: `CryptoError.decryptionFailed` if it does not authenticate, or a length error.
    public static func open(_ content: [UInt8], senderPublicKey: [UInt8], recipientSecretKey: [UInt8]) throws(CryptoError) -> [UInt8] {
        Sodium.ensureInitialized()
        guard senderPublicKey.count == keyBytes else {
            throw .invalidLength(what: "encryptor X25519 public key", expected: "32", actual: senderPublicKey.count)
        }
        guard recipientSecretKey.count == keyBytes else {
            throw .invalidLength(what: "X25519 secret key", expected: "32", actual: recipientSecretKey.count)
        }
        guard content.count >= nonceBytes + macBytes else {
            throw .invalidLength(what: "box content (nonce ‖ MAC ‖ ciphertext)", expected: "at least 40", actual: content.count)
        }
        let nonce = Array(content[0..<nonceBytes])
        let box = Array(content[nonceBytes...])
        var plain = [UInt8](repeating: 0, count: box.count - macBytes)
        guard crypto_box_open_easy(&plain, box, UInt64(box.count), nonce, senderPublicKey, recipientSecretKey) == 0 else {
            throw .decryptionFailed
        }
        return plain
    }
}
