public import Foundation
public import IssuerStore
import IdosCrypto

/// API keys: `idos_<prefix>_<secret>` — a 16-hex-digit public prefix (the lookup) and a 32-byte random
/// secret (base64url). Only the SHA-256 of the whole key is stored; the key is shown once, at creation.
public enum APIKey {
    /// The scopes a key can carry.
    public static let scopes: Set<String> = ["issue", "read", "admin"]

    /// Creates a key for the provider named `name` (created if new) with `scopes`.
    /// - Returns: the key text (print it once) and its id.
    public static func create(providerName: String, scopes: [String], in session: StoreSession) async throws -> (key: String, id: UUID) {
        let prefix = Hex.encode(randomBytes(8))
        let secret = Base64.encode(randomBytes(32)).replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        let key = "idos_\(prefix)_\(secret)"
        let provider = try await session.ensureProvider(name: providerName)
        let id = UUID()
        try await session.insertAPIKey(id: id, providerID: provider, prefix: prefix, secretHash: hash(key), scopes: scopes)
        return (key, id)
    }

    /// Bytes from the system's CSPRNG (getrandom on Linux).
    static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    /// The prefix of a well-formed key, or nil.
    public static func prefix(of key: String) -> String? {
        let parts = key.split(separator: "_", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "idos", parts[1].count == 16, parts[1].allSatisfy(\.isHexDigit), parts[1] == parts[1].lowercased(),
              (40...50).contains(parts[2].count) else { return nil }
        return String(parts[1])
    }

    /// Lower-case hex SHA-256 of the key.
    public static func hash(_ key: String) -> String { Hex.encode(SHA256.hash(Array(key.utf8))) }

    /// Whether `key` matches the stored hash (compared in constant time).
    public static func matches(_ key: String, storedHash: String) -> Bool {
        let a = Array(hash(key).utf8), b = Array(storedHash.utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
