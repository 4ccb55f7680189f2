import CSodium

/// Ensures `sodium_init()` has run before any libsodium call. Thread-safe: Swift runs a global's
/// initializer exactly once.
enum Sodium {
    private static let initialized: Bool = sodium_init() >= 0

    @inline(__always)
    static func ensureInitialized() {
        precondition(initialized, "libsodium failed to initialize")
    }

    /// Cryptographically secure random bytes from libsodium.
    static func randomBytes(_ count: Int) -> [UInt8] {
        ensureInitialized()
        var out = [UInt8](repeating: 0, count: count)
        out.withUnsafeMutableBytes { randombytes_buf($0.baseAddress!, count) }
        return out
    }
}

/// Secure random bytes (libsodium `randombytes_buf`).
public func secureRandomBytes(_ count: Int) -> [UInt8] { Sodium.randomBytes(count) }
