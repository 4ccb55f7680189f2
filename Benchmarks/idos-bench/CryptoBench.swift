import Foundation
import IdosCrypto

/// Crypto primitives beside raw C loops over libsodium/libsecp256k1 and pycryptodome's Keccak.
@MainActor
func runCryptoBenchmarks(_ report: BenchReport) async throws {
    // Filled in by the ground-floor issue's bench work.
}
