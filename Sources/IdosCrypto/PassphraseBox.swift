import CSodium

/// A secret sealed under a passphrase, for key files at rest: scrypt (N = 2^15, r = 8, p = 1) of the passphrase
/// with a random 16-byte salt gives a 32-byte key for libsodium's `crypto_secretbox` (XSalsa20-Poly1305) with a
/// random 24-byte nonce. Text form: `idos-encrypted-key:v1:` + base64(salt ‖ nonce ‖ MAC ‖ ciphertext). The same
/// bytes come out of Python's `hashlib.scrypt` + PyNaCl's `SecretBox` (the tests open such a file).
public enum PassphraseBox {
    /// The text form's prefix.
    public static let prefix = "idos-encrypted-key:v1:"
    static let saltBytes = 16, nonceBytes = 24, macBytes = 16
    static let n: UInt64 = 1 << 15, r: UInt32 = 8, p: UInt32 = 1

    /// Whether `text` is in the sealed form (whatever follows the prefix).
    public static func isSealed(_ text: String) -> Bool { text.hasPrefix(prefix) }

    /// Seals `secret` under `passphrase` with a fresh salt and nonce.
    public static func seal(_ secret: [UInt8], passphrase: [UInt8]) throws(CryptoError) -> String {
        try seal(secret, passphrase: passphrase, salt: Sodium.randomBytes(saltBytes), nonce: Sodium.randomBytes(nonceBytes))
    }

    /// Seals with a given salt and nonce (fixed vectors only).
    public static func seal(_ secret: [UInt8], passphrase: [UInt8], salt: [UInt8], nonce: [UInt8]) throws(CryptoError) -> String {
        guard salt.count == saltBytes, nonce.count == nonceBytes else {
            throw .invalidLength(what: "passphrase box salt/nonce", expected: "16/24", actual: salt.count + nonce.count)
        }
        let key = try IdosKeyDerivation.scrypt(password: passphrase, salt: salt, n: n, r: r, p: p, length: 32)
        var box = [UInt8](repeating: 0, count: secret.count + macBytes)
        guard crypto_secretbox_easy(&box, secret, UInt64(secret.count), nonce, key) == 0 else { throw .libraryFailure("crypto_secretbox_easy") }
        return prefix + Base64.encode(salt + nonce + box)
    }

    /// Opens the text form.
    /// - Throws: `CryptoError.decryptionFailed` for a wrong passphrase or altered bytes; a length or encoding
    ///   error for something that is not a sealed key.
    public static func open(_ text: String, passphrase: [UInt8]) throws(CryptoError) -> [UInt8] {
        guard text.hasPrefix(prefix) else { throw .invalidEncoding(encoding: "sealed key", reason: "it does not start with \(prefix)") }
        let bytes = try Base64.decode(String(text.dropFirst(prefix.count)))
        guard bytes.count >= saltBytes + nonceBytes + macBytes else {
            throw .invalidLength(what: "passphrase box", expected: "at least 56", actual: bytes.count)
        }
        let salt = Array(bytes[0..<saltBytes]), nonce = Array(bytes[saltBytes..<(saltBytes + nonceBytes)])
        let box = Array(bytes[(saltBytes + nonceBytes)...])
        let key = try IdosKeyDerivation.scrypt(password: passphrase, salt: salt, n: n, r: r, p: p, length: 32)
        var plain = [UInt8](repeating: 0, count: box.count - macBytes)
        guard crypto_secretbox_open_easy(&plain, box, UInt64(box.count), nonce, key) == 0 else { throw .decryptionFailed }
        return plain
    }
}
