import CSodium
import Foundation

/// The idOS enclave's password → X25519 key derivation (KDF version 0.1):
/// `scrypt(utf8(NFKC(password)), utf8(userId), N=16384, r=8, p=1, dkLen=32)` used directly as the secret key.
public enum IdosKeyDerivation {
    /// scrypt cost parameters of KDF version 0.1.
    public static let n: UInt64 = 16384, r: UInt32 = 8, p: UInt32 = 1

    /// Whether `userId` is accepted as a salt: a version-4 UUID string, any case
    /// (`^[a-f0-9]{8}-[a-f0-9]{4}-4[a-f0-9]{3}-[a-f0-9]{4}-[a-f0-9]{12}$`, case-insensitive).
    public static func isValidSalt(_ userId: String) -> Bool {
        let u = Array(userId.utf8)
        guard u.count == 36 else { return false }
        for (i, c) in u.enumerated() {
            switch i {
            case 8, 13, 18, 23: if c != UInt8(ascii: "-") { return false }
            case 14: if c != UInt8(ascii: "4") { return false }
            default: if Hex.nibble(c) == nil { return false }
            }
        }
        return true
    }

    /// Raw scrypt (libsodium `crypto_pwhash_scryptsalsa208sha256_ll`).
    public static func scrypt(password: [UInt8], salt: [UInt8], n: UInt64, r: UInt32, p: UInt32, length: Int) throws(CryptoError) -> [UInt8] {
        Sodium.ensureInitialized()
        var out = [UInt8](repeating: 0, count: length)
        guard crypto_pwhash_scryptsalsa208sha256_ll(password, password.count, salt, salt.count, n, r, p, &out, length) == 0 else {
            throw .libraryFailure("scrypt (out of memory or bad parameters)")
        }
        return out
    }

    /// Derives the user's X25519 key pair from her password and her idOS user id.
    /// - Throws: `CryptoError.invalidSalt` if `userId` is not a UUIDv4 string.
    public static func deriveKeyPair(password: String, userId: String) throws(CryptoError) -> SealedBox.KeyPair {
        guard isValidSalt(userId) else { throw .invalidSalt(userId) }
        let normalized = password.precomposedStringWithCompatibilityMapping
        let secret = try scrypt(password: Array(normalized.utf8), salt: Array(userId.utf8), n: n, r: r, p: p, length: 32)
        return try SealedBox.KeyPair(secretKey: secret)
    }
}
