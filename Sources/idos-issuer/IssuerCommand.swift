import ArgumentParser
import Foundation

/// The `idos-issuer` command: the issuer back-office's CLI. Each subcommand group lives in
/// `Commands/<Name>.swift` as an extension of this type.
@main
struct IssuerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "idos-issuer",
        abstract: "The idOS issuer back-office: database, job queue, wallet proofs, idOS crypto, Kwil and VC tools.",
        discussion: """
            Exit codes: 0 success; 1 the input was well formed but did not verify/authenticate; \
            2 malformed input or usage error.
            """,
        version: IssuerVersion.current,
        subcommands: [Serve.self, Migrate.self, Worker.self, Queue.self, Audit.self, APIKeys.self, Operators.self, Reissue.self, Keys.self, Bench.self, Wallet.self, Crypto.self, Kwil.self, VC.self]
    )

    /// Runs the command line. Usage and validation errors exit 2 (malformed input), not
    /// ArgumentParser's default 64, so that every command keeps the documented exit codes.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                Foundation.exit(0)
            }
            if !message.isEmpty { StandardStreams.writeError(message + "\n") }
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}

/// The version `--version` prints.
enum IssuerVersion {
    static let current = "0.1.0"
}
