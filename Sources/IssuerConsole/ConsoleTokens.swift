import Foundation
import Logging
import IdosCrypto

/// Session and CSRF tokens: 32 random bytes, base64url without padding. Sessions are stored by the SHA-256
/// of their token, so the database alone opens none.
enum ConsoleTokens {
    static func new() -> String {
        Base64.encode(secureRandomBytes(32)).replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func hash(_ token: String) -> String { Hex.encode(SHA256.hash(token)) }

    /// Constant-time equality of two tokens.
    static func equal(_ a: String, _ b: String) -> Bool {
        PasswordHash.constantTimeEqual(Array(a.utf8), Array(b.utf8))
    }

    /// Whether `text` looks like one of our tokens (43 base64url characters), before any database lookup.
    static func isWellFormed(_ text: String) -> Bool {
        text.utf8.count == 43 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x41...0x5a).contains($0) || (0x61...0x7a).contains($0) || $0 == 0x2d || $0 == 0x5f }
    }
}
