import CSodium

/// SHA-256 (libsodium).
public enum SHA256 {
    /// The 32-byte digest of `bytes`.
    public static func hash(_ bytes: some Collection<UInt8>) -> [UInt8] {
        Sodium.ensureInitialized()
        var out = [UInt8](repeating: 0, count: 32)
        let done: Void? = bytes.withContiguousStorageIfAvailable { buf in
            _ = crypto_hash_sha256(&out, buf.baseAddress, UInt64(buf.count))
        }
        if done == nil {
            let copy = Array(bytes)
            _ = crypto_hash_sha256(&out, copy, UInt64(copy.count))
        }
        return out
    }

    /// The digest of the UTF-8 bytes of `text`.
    public static func hash(_ text: String) -> [UInt8] { hash(Array(text.utf8)) }
}

/// SHA-512 (libsodium), and XRPL's SHA-512Half.
public enum SHA512 {
    /// The 64-byte digest of `bytes`.
    public static func hash(_ bytes: some Collection<UInt8>) -> [UInt8] {
        Sodium.ensureInitialized()
        var out = [UInt8](repeating: 0, count: 64)
        let copy = Array(bytes)
        _ = crypto_hash_sha512(&out, copy, UInt64(copy.count))
        return out
    }

    /// The first 32 bytes of SHA-512: XRPL's "SHA-512Half".
    public static func half(_ bytes: some Collection<UInt8>) -> [UInt8] { Array(hash(bytes).prefix(32)) }
}
