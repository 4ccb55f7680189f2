/// Multibase/multicodec Ed25519 keys as Ed25519VerificationKey2020 writes them:
/// `publicKeyMultibase = "z" + base58btc(0xed 0x01 ‖ pk32)`, `privateKeyMultibase = "z" + base58btc(0x80 0x26 ‖ seed32 ‖ pk32)`.
public enum Multibase {
    static let ed25519PublicPrefix: [UInt8] = [0xed, 0x01]
    static let ed25519PrivatePrefix: [UInt8] = [0x80, 0x26]

    /// `z…` text of an Ed25519 public key.
    public static func encodeEd25519PublicKey(_ publicKey: [UInt8]) -> String {
        "z" + Base58.encode(ed25519PublicPrefix + publicKey)
    }

    /// `z…` text of an Ed25519 private key (seed ‖ public key).
    public static func encodeEd25519PrivateKey(_ key: Ed25519.PrivateKey) -> String {
        "z" + Base58.encode(ed25519PrivatePrefix + key.seed + key.publicKey)
    }

    /// The 32-byte public key in a `z6Mk…` multibase string.
    public static func decodeEd25519PublicKey(_ text: String) throws(CryptoError) -> [UInt8] {
        guard text.first == "z" else {
            throw .invalidEncoding(encoding: "multibase", reason: "expected base58btc ('z' prefix), got '\(text.prefix(1))'")
        }
        let raw = try Base58.decode(String(text.dropFirst()))
        guard raw.count == 34, Array(raw.prefix(2)) == ed25519PublicPrefix else {
            throw .invalidEncoding(encoding: "multibase Ed25519 public key", reason: "expected multicodec 0xed01 and 32 key bytes")
        }
        return Array(raw.dropFirst(2))
    }

    /// The signing key in a `z…` multibase private key.
    public static func decodeEd25519PrivateKey(_ text: String) throws(CryptoError) -> Ed25519.PrivateKey {
        guard text.first == "z" else {
            throw .invalidEncoding(encoding: "multibase", reason: "expected base58btc ('z' prefix), got '\(text.prefix(1))'")
        }
        let raw = try Base58.decode(String(text.dropFirst()))
        guard raw.count == 66, Array(raw.prefix(2)) == ed25519PrivatePrefix else {
            throw .invalidEncoding(encoding: "multibase Ed25519 private key", reason: "expected multicodec 0x8026 and 64 key bytes")
        }
        return try Ed25519.PrivateKey(Array(raw.dropFirst(2)))
    }
}
