import CSodium

/// HMAC-SHA-256 (RFC 2104 with SHA-256; libsodium's `crypto_auth_hmacsha256_init/update/final`, which take a
/// key of any length: a key longer than SHA-256's 64-byte block is hashed first, as RFC 2104 says).
/// Pinned by the RFC 4231 test vectors (`Tests/IdosCryptoTests/HMACTests.swift`).
public enum HMACSHA256 {
    /// Bytes of a tag.
    public static let tagBytes = 32

    /// The 32-byte tag of `message` under `key`.
    public static func authenticate(_ message: some Collection<UInt8>, key: some Collection<UInt8>) -> [UInt8] {
        Sodium.ensureInitialized()
        let keyBytes = Array(key), messageBytes = Array(message)
        var state = crypto_auth_hmacsha256_state()
        var out = [UInt8](repeating: 0, count: tagBytes)
        _ = crypto_auth_hmacsha256_init(&state, keyBytes, keyBytes.count)
        _ = crypto_auth_hmacsha256_update(&state, messageBytes, UInt64(messageBytes.count))
        _ = crypto_auth_hmacsha256_final(&state, &out)
        // The state holds key material (the padded inner and outer keys).
        sodium_memzero(&state, MemoryLayout<crypto_auth_hmacsha256_state>.size)
        return out
    }

    /// The tag of the UTF-8 bytes of `message` under the UTF-8 bytes of `key`.
    public static func authenticate(_ message: String, key: String) -> [UInt8] {
        authenticate(Array(message.utf8), key: Array(key.utf8))
    }

    /// Whether `tag` is the tag of `message` under `key`, compared in constant time (`sodium_memcmp`).
    public static func verify(_ tag: some Collection<UInt8>, message: some Collection<UInt8>, key: some Collection<UInt8>) -> Bool {
        let expected = authenticate(message, key: key), given = Array(tag)
        guard given.count == expected.count else { return false }
        return sodium_memcmp(expected, given, expected.count) == 0
    }
}
