import CSodium

/// Password hashes for operator accounts: scrypt with a random 16-byte salt, stored in a PHC-style string
/// `$scrypt$ln=<log2 N>,r=<r>,p=<p>$<salt>$<hash>` (standard base64 without padding, 32-byte hash). Python can
/// check one with `hashlib.scrypt(password, salt=salt, n=2**ln, r=r, p=p, dklen=32)`.
public enum PasswordHash {
    /// log2 N of new hashes (N = 2^15, r = 8, p = 1: 32 MiB, about 0.1 s here).
    public static let defaultLogN = 15

    /// A new hash of `password` (UTF-8 bytes as given).
    public static func hash(_ password: String, logN: Int = defaultLogN, r: UInt32 = 8, p: UInt32 = 1) throws(CryptoError) -> String {
        let salt = secureRandomBytes(16)
        let derived = try IdosKeyDerivation.scrypt(password: Array(password.utf8), salt: salt, n: UInt64(1) << UInt64(logN), r: r, p: p, length: 32)
        return "$scrypt$ln=\(logN),r=\(r),p=\(p)$\(unpadded(salt))$\(unpadded(derived))"
    }

    /// Whether `password` matches `stored` (constant-time comparison). A malformed or out-of-range stored
    /// string never matches.
    public static func verify(_ password: String, against stored: String) -> Bool {
        guard let parsed = parse(stored) else { return false }
        guard let derived = try? IdosKeyDerivation.scrypt(password: Array(password.utf8), salt: parsed.salt, n: UInt64(1) << UInt64(parsed.logN),
                                                          r: parsed.r, p: parsed.p, length: parsed.hash.count) else { return false }
        return constantTimeEqual(derived, parsed.hash)
    }

    /// The parts of a stored hash, or nil when it is not one this type reads.
    static func parse(_ stored: String) -> (logN: Int, r: UInt32, p: UInt32, salt: [UInt8], hash: [UInt8])? {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0].isEmpty, parts[1] == "scrypt" else { return nil }
        var values: [String: Int] = [:]
        for item in parts[2].split(separator: ",") {
            let pair = item.split(separator: "=")
            guard pair.count == 2, let value = Int(pair[1]) else { return nil }
            values[String(pair[0])] = value
        }
        guard values.count == 3, let logN = values["ln"], let r = values["r"], let p = values["p"],
              (10...20).contains(logN), (1...32).contains(r), (1...16).contains(p),
              let salt = try? Base64.decode(padded(String(parts[3]))), (16...64).contains(salt.count), unpadded(salt) == parts[3],
              // Exactly 32 bytes, spelled canonically: scrypt's output for a shorter length is a prefix of the longer one,
              // so a cut hash must not be read as a shorter valid one.
              let hash = try? Base64.decode(padded(String(parts[4]))), hash.count == 32, unpadded(hash) == parts[4] else { return nil }
        return (logN, UInt32(r), UInt32(p), salt, hash)
    }

    /// Equality of two byte strings in time that depends only on their lengths (libsodium `sodium_memcmp`).
    public static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        guard !a.isEmpty else { return true }
        Sodium.ensureInitialized()
        return a.withUnsafeBytes { x in b.withUnsafeBytes { y in sodium_memcmp(x.baseAddress!, y.baseAddress!, a.count) == 0 } }
    }

    private static func unpadded(_ bytes: [UInt8]) -> String {
        var text = Base64.encode(bytes)
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }

    private static func padded(_ text: String) -> String {
        text + String(repeating: "=", count: (4 - text.utf8.count % 4) % 4)
    }
}
