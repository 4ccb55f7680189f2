import Foundation
import IdosCrypto
import TestSupport
import Testing

/// The `idos-devnode` executable started as a child process on a free loopback port, in a schema of its own
/// in the harness's PostgreSQL (dropped afterwards), with one ed25519 delegate key (as an acceptance script
/// would run it).
struct DevNodeProcess: Sendable {
    let url: String
    let schema: String
    /// The delegate's 32-byte seed, hex.
    let delegateSeedHex: String

    /// Starts the node, runs `body` against it, stops the node and drops its schema.
    static func with(_ body: (DevNodeProcess) async throws -> Void) async throws {
        let key = Ed25519.PrivateKey.generate()
        let databaseURL = try #require(TestEnvironment.databaseURL)
        try await withTestSchema(prefix: "t_cli_") { _, schema in
            try await ServerHarness.withServerProcess(TestEnvironment.executable("idos-devnode"), [
                "--listen", "127.0.0.1:0", "--database-url", databaseURL, "--schema", schema, "--block-interval", "50",
                "--delegate", "acme:\(Hex.encode(key.publicKey))", "--log-level", "error",
            ]) { url, _ in
                try await body(DevNodeProcess(url: url, schema: schema, delegateSeedHex: Hex.encode(key.seed)))
            }
        }
    }

    /// Writes the delegate key to a temporary file (hex seed) and returns its path.
    func delegateKeyFile() throws -> String { try TemporaryFiles.file(Array(delegateSeedHex.utf8), name: "issuer.key") }
}
