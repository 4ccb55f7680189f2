import CSodium

/// Ed25519 signatures (libsodium). Deterministic, so fixed-key vectors compare byte for byte.
public enum Ed25519 {
    /// An Ed25519 signing key. Holds the 32-byte seed and the 32-byte public key.
    public struct PrivateKey: Sendable, CustomStringConvertible {
        /// The 32-byte seed (RFC 8032 private key).
        public let seed: [UInt8]
        /// The 32-byte public key.
        public let publicKey: [UInt8]

        /// A key from a 32-byte seed, or from a 64-byte tweetnacl secret key (seed ‖ public key),
        /// in which case the embedded public key must match the seed.
        public init(_ bytes: [UInt8]) throws(CryptoError) {
            Sodium.ensureInitialized()
            let seed: [UInt8]
            switch bytes.count {
            case 32: seed = bytes
            case 64: seed = Array(bytes[0..<32])
            default: throw .invalidLength(what: "Ed25519 secret key", expected: "32 (seed) or 64 (seed ‖ public key)", actual: bytes.count)
            }
            var pk = [UInt8](repeating: 0, count: 32)
            var sk = [UInt8](repeating: 0, count: 64)
            guard crypto_sign_seed_keypair(&pk, &sk, seed) == 0 else { throw .libraryFailure("crypto_sign_seed_keypair") }
            if bytes.count == 64, Array(bytes[32..<64]) != pk {
                throw .invalidKey(what: "64-byte Ed25519 secret key (its public half does not match its seed)")
            }
            self.seed = seed
            self.publicKey = pk
        }

        /// A fresh random key.
        public static func generate() -> PrivateKey {
            // A 32-byte random seed is always a valid key.
            try! PrivateKey(Sodium.randomBytes(32))
        }

        /// The 64-byte tweetnacl form: seed ‖ public key.
        public var tweetnaclSecretKey: [UInt8] { seed + publicKey }

        /// The 64-byte detached signature of `message`.
        public func sign(_ message: some Collection<UInt8>) -> [UInt8] {
            var sig = [UInt8](repeating: 0, count: 64)
            let sk = tweetnaclSecretKey
            let msg = Array(message)
            crypto_sign_detached(&sig, nil, msg, UInt64(msg.count), sk)
            return sig
        }

        public var description: String { "Ed25519.PrivateKey(public: \(Hex.encode(publicKey)))" }
    }

    /// Whether `signature` is a valid Ed25519 signature of `message` by `publicKey`.
    /// Wrong lengths verify as `false`.
    public static func verify(signature: [UInt8], message: some Collection<UInt8>, publicKey: [UInt8]) -> Bool {
        Sodium.ensureInitialized()
        guard signature.count == 64, publicKey.count == 32 else { return false }
        let msg = Array(message)
        return crypto_sign_verify_detached(signature, msg, UInt64(msg.count), publicKey) == 0
    }
}
