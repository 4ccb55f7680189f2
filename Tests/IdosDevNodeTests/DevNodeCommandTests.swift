import Foundation
import KwilKit
import TestSupport
import Testing

/// `idos-devnode --help` documents every flag of the contract, and bad input exits with a usage error.
@Suite struct DevNodeCommandTests {
    static let executable = TestEnvironment.executable("idos-devnode")

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: TestEnvironment.executable("idos-devnode")), "build idos-devnode first"))
    func helpDocumentsEveryFlag() throws {
        let result = try ChildProcess.run(Self.executable, ["--help"])
        #expect(result.status == 0)
        for flag in ["--listen", "--database-url", "--chain-id", "--open", "--delegate", "--owner", "--block-interval", "--tls-cert",
                     "--tls-key", "--faults", "--schema", "--public-url", "--private", "--mempool-max-txs", "--sync-timeout", "--idle-timeout"] {
            #expect(result.stdoutText.contains(flag), "--help does not mention \(flag)")
        }
        #expect(result.stdoutText.contains("(default: 127.0.0.1:8484)"), "the default listen address is loopback")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: TestEnvironment.executable("idos-devnode")), "build idos-devnode first"),
          arguments: [
            ["--database-url", "postgres://x@h/db", "--delegate", "acme"],
            ["--database-url", "postgres://x@h/db", "--delegate", "acme:nothex"],
            ["--database-url", "postgres://x@h/db", "--listen", "nowhere"],
            ["--database-url", "postgres://x@h/db", "--faults", #"{"error_rate":3}"#],
            ["--database-url", "postgres://x@h/db", "--tls-cert", "only-cert.pem"],
            ["--database-url", "mysql://x@h/db"],
            ["--database-url", "postgres://x@h/db", "--chain-id", ""],
            ["--database-url", "postgres://x@h/db", "--chain-id", "  "],
            ["--database-url", "postgres://x@h/db", "--public-url", "ftp://node.example"],
            ["--database-url", "postgres://x@h/db", "--faults", #"{"latency_ms":9223372036854775807}"#],
            ["--database-url", "postgres://x@h/db", "--mempool-max-txs", "0"],
            ["--database-url", "postgres://x@h/db", "--sync-timeout", "0"],
          ])
    func badInputIsAUsageError(arguments: [String]) throws {
        let result = try ChildProcess.run(Self.executable, arguments)
        #expect(result.status == 64, "a usage error exits with EX_USAGE")
        #expect(result.stderr.hasPrefix("Error: "), "\(result.stderr)")
    }

    @Test(.requiresPostgres,
          .enabled(if: FileManager.default.isExecutableFile(atPath: TestEnvironment.executable("idos-devnode")), "build idos-devnode first"))
    func aListenAddressWithoutHostBindsLoopback() async throws {
        try await withTestSchema { _, schema in
            let url = try #require(TestEnvironment.databaseURL)
            try await ServerHarness.withServerProcess(Self.executable, ["--listen", ":0", "--database-url", url, "--schema", schema,
                                                                        "--log-level", "error"]) { baseURL, _ in
                #expect(baseURL.hasPrefix("http://127.0.0.1:"), "\(baseURL)")
            }
        }
    }
}
