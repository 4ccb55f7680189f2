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
                     "--tls-key", "--faults", "--schema"] {
            #expect(result.stdoutText.contains(flag), "--help does not mention \(flag)")
        }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: TestEnvironment.executable("idos-devnode")), "build idos-devnode first"),
          arguments: [
            ["--database-url", "postgres://x@h/db", "--delegate", "acme"],
            ["--database-url", "postgres://x@h/db", "--delegate", "acme:nothex"],
            ["--database-url", "postgres://x@h/db", "--listen", "nowhere"],
            ["--database-url", "postgres://x@h/db", "--faults", #"{"error_rate":3}"#],
            ["--database-url", "postgres://x@h/db", "--tls-cert", "only-cert.pem"],
            ["--database-url", "mysql://x@h/db"],
          ])
    func badInputIsAUsageError(arguments: [String]) throws {
        let result = try ChildProcess.run(Self.executable, arguments)
        #expect(result.status == 64, "a usage error exits with EX_USAGE")
        #expect(result.stderr.hasPrefix("Error: "), "\(result.stderr)")
    }
}
