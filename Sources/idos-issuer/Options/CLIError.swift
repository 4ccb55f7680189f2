import ArgumentParser

/// Writes a one-line reason to stderr and exits with the given code. Exit 1 means "did not verify",
/// exit 2 means "malformed input".
struct CLIFailure: Error, CustomStringConvertible {
    let message: String
    let code: Int32

    /// The input was well formed but does not verify or authenticate (exit 1).
    static func rejected(_ message: String) -> CLIFailure { CLIFailure(message: message, code: 1) }
    /// The input is malformed (exit 2).
    static func malformed(_ message: String) -> CLIFailure { CLIFailure(message: message, code: 2) }

    var description: String { message }
}

extension AsyncParsableCommand {
    /// Runs `body`, turning a `CLIFailure` into its message on stderr and its exit code.
    func reportingFailures(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let failure as CLIFailure {
            StandardStreams.writeError("error: \(failure.message)\n")
            throw ExitCode(failure.code)
        }
    }
}
