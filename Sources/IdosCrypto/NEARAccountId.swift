/// NEAR account ids (nearcore's `AccountId` rules): 2–64 characters of `a-z 0-9 . - _`, where a
/// separator (`.`, `-`, `_`) neither starts nor ends the id nor follows another separator. An implicit
/// account is the 64-digit lower-case hex of its Ed25519 key.
public enum NEARAccountId {
    /// The one spelling of `text`: lower-cased, then checked against NEAR's rules. NEAR itself only has
    /// lower-case ids, so `Alice.near` and `alice.near` name the same account.
    /// - Throws: `CryptoError.invalidEncoding` naming the rule the id breaks.
    public static func canonical(_ text: String) throws(CryptoError) -> String {
        let bytes = Array(text.utf8).map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 | 0x20 : $0 }
        guard (2...64).contains(bytes.count) else {
            throw .invalidEncoding(encoding: "NEAR account id", reason: "must be 2 to 64 characters, got \(bytes.count)")
        }
        var previousWasSeparator = true  // so a leading separator is refused
        for c in bytes {
            let isSeparator = c == UInt8(ascii: ".") || c == UInt8(ascii: "-") || c == UInt8(ascii: "_")
            let isAlphanumeric = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(c) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c)
            guard isSeparator || isAlphanumeric else {
                throw .invalidEncoding(encoding: "NEAR account id", reason: "only a-z, 0-9 and the separators . - _ are allowed")
            }
            if isSeparator && previousWasSeparator {
                throw .invalidEncoding(encoding: "NEAR account id", reason: "a separator (. - _) may not start the id or follow another")
            }
            previousWasSeparator = isSeparator
        }
        guard !previousWasSeparator else {
            throw .invalidEncoding(encoding: "NEAR account id", reason: "a separator (. - _) may not end the id")
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether a canonical id is an implicit account (64 hex digits: the hex of an Ed25519 key).
    public static func isImplicit(_ canonicalId: String) -> Bool {
        canonicalId.utf8.count == 64 && Hex.isHex(canonicalId)
    }
}
