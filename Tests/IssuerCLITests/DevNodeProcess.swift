import Foundation
import IdosCrypto
import TestSupport
import Testing

/// The `idos-devnode` executable started as a child process on a free loopback port, in a schema of its own
/// in the harness's PostgreSQL, with one ed25519 delegate key (as an acceptance script would run it).
final class DevNodeProcess {
    let process: Process
    let url: String
    let schema: String
    /// The delegate's 32-byte seed, hex.
    let delegateSeedHex: String

    init() async throws {
        let databaseURL = try #require(TestEnvironment.databaseURL)
        let key = Ed25519.PrivateKey.generate()
        delegateSeedHex = Hex.encode(key.seed)
        schema = "t_cli_" + Hex.encode(secureRandomBytes(5))
        process = Process()
        process.executableURL = URL(fileURLWithPath: TestEnvironment.executable("idos-devnode"))
        process.arguments = ["--listen", "127.0.0.1:0", "--database-url", databaseURL, "--schema", schema, "--block-interval", "50",
                             "--delegate", "acme:\(Hex.encode(key.publicKey))", "--log-level", "error"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Read the "listening on URL" line off the cooperative pool.
        let handle = out.fileHandleForReading
        let line: String = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var bytes: [UInt8] = []
                while let chunk = try? handle.read(upToCount: 1), let byte = chunk.first, byte != 10 { bytes.append(byte) }
                continuation.resume(returning: String(decoding: bytes, as: UTF8.self))
            }
        }
        guard let range = line.range(of: "http://") else {
            process.terminate()
            throw DevNodeStartError(line: line)
        }
        url = String(line[range.lowerBound...].split(separator: " ")[0])
    }

    /// Writes the delegate key to a temporary file (hex seed) and returns its path.
    func delegateKeyFile() throws -> String { try ProcessRunner.temporaryFile(Array(delegateSeedHex.utf8), name: "issuer.key") }

    deinit {
        process.terminate()
        process.waitUntilExit()
    }
}

/// `idos-devnode` exited before printing its URL.
struct DevNodeStartError: Error, CustomStringConvertible {
    let line: String
    var description: String { "idos-devnode did not start: '\(line)'" }
}
