import ArgumentParser
import Foundation
import IdosCrypto
import IssuerStore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension IssuerCommand {
    /// `operators`: the console's accounts (create, list, set a password, disable, enable).
    struct Operators: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Manage the console's operator accounts.",
            subcommands: [Create.self, List.self, Password.self, Disable.self, Enable.self])
    }
}

/// The password of `operators create` / `password`: one line from stdin when stdin is not a terminal, else a
/// generated one (printed as the last line).
enum OperatorPassword {
    static let minimumLength = 8

    /// (password, generated?)
    static func obtain() throws -> (String, Bool) {
        guard isatty(STDIN_FILENO) == 0 else {
            return (Base64.encode(secureRandomBytes(18)).replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_"), true)
        }
        let data = FileHandle.standardInput.readDataToEndOfFile()
        guard let text = String(data: data, encoding: .utf8) else { throw CLIFailure.malformed("the password on stdin is not UTF-8") }
        var line = String(text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
        if line.hasSuffix("\r") { line.removeLast() }
        guard line.count >= minimumLength else {
            throw CLIFailure.malformed("the password on stdin must be at least \(minimumLength) characters (got \(line.count))")
        }
        guard line.count <= 1024 else { throw CLIFailure.malformed("the password on stdin is longer than 1024 characters") }
        return (line, false)
    }
}

extension IssuerCommand.Operators {
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an operator account.",
            discussion: """
            The password is read from stdin when stdin is not a terminal (one line, the newline stripped; at least \
            \(OperatorPassword.minimumLength) characters); on a terminal one is generated and printed as the last line. \
            Only its scrypt hash is stored.
            """)
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Login name: 1–64 of A–Z a–z 0–9 . _ @ -") var name: String
        @Option(help: "viewer (reads every page) or operator (also retries, redrives and cancels jobs).") var role: String

        func validate() throws {
            guard Self.isValidName(name) else { throw ValidationError("--name must be 1–64 characters of A–Z a–z 0–9 . _ @ -; got '\(name)'") }
            guard OperatorRole(rawValue: role) != nil else { throw ValidationError("--role must be viewer or operator; got '\(role)'") }
        }

        static func isValidName(_ name: String) -> Bool {
            (1...64).contains(name.utf8.count) && name.utf8.allSatisfy {
                (0x30...0x39).contains($0) || (0x41...0x5a).contains($0) || (0x61...0x7a).contains($0) || $0 == 0x2e || $0 == 0x5f || $0 == 0x40 || $0 == 0x2d
            }
        }

        func run() async throws {
            try await reportingFailures {
                let (password, generated) = try OperatorPassword.obtain()
                let hash = try PasswordHash.hash(password)
                let account: OperatorAccount
                do {
                    account = try await database.withStore(logger: CommandLogging.logger("idos-issuer.operators", level: "warning")) { store in
                        try await store.session.createOperator(name: name, role: OperatorRole(rawValue: role)!, passwordHash: hash)
                    }
                } catch StoreError.uniqueViolation {
                    throw CLIFailure.rejected("an operator named '\(name)' exists already")
                }
                StandardStreams.writeError("created operator \(account.name) (\(account.role.rawValue))\n")
                if generated { StandardStreams.write(password + "\n") }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List operator accounts (never their passwords).")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await reportingFailures {
                let accounts = try await database.withStore(logger: CommandLogging.logger("idos-issuer.operators", level: "warning")) {
                    try await $0.session.operatorAccounts()
                }
                if output.json {
                    StandardStreams.write(try JSONOutput.line(accounts.map {
                        View(name: $0.name, role: $0.role.rawValue, createdAt: JobView.format($0.createdAt), disabledAt: $0.disabledAt.map(JobView.format))
                    }))
                } else {
                    StandardStreams.write(TableOutput.render(header: ["NAME", "ROLE", "CREATED", "DISABLED"], rows: accounts.map {
                        [$0.name, $0.role.rawValue, JobView.format($0.createdAt), $0.disabledAt.map(JobView.format) ?? "-"]
                    }))
                }
            }
        }

        struct View: Encodable { var name, role, createdAt: String; var disabledAt: String? }
    }

    struct Password: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set an operator's password (stdin, or generated and printed); ends their sessions.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "The operator's name.") var name: String

        func run() async throws {
            try await reportingFailures {
                let (password, generated) = try OperatorPassword.obtain()
                let hash = try PasswordHash.hash(password)
                let changed = try await database.withStore(logger: CommandLogging.logger("idos-issuer.operators", level: "warning")) {
                    try await $0.session.setOperatorPassword(name: name, passwordHash: hash)
                }
                guard changed else { throw CLIFailure.rejected("no operator named '\(name)'") }
                StandardStreams.writeError("password of \(name) changed; their sessions ended\n")
                if generated { StandardStreams.write(password + "\n") }
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an operator (their sessions end at once).")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "The operator's name.") var name: String

        func run() async throws {
            try await reportingFailures {
                let changed = try await database.withStore(logger: CommandLogging.logger("idos-issuer.operators", level: "warning")) {
                    try await $0.session.setOperatorDisabled(name: name, disabled: true)
                }
                guard changed else { throw CLIFailure.rejected("no operator named '\(name)'") }
                StandardStreams.write("disabled \(name)\n")
            }
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled operator again.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "The operator's name.") var name: String

        func run() async throws {
            try await reportingFailures {
                let changed = try await database.withStore(logger: CommandLogging.logger("idos-issuer.operators", level: "warning")) {
                    try await $0.session.setOperatorDisabled(name: name, disabled: false)
                }
                guard changed else { throw CLIFailure.rejected("no operator named '\(name)'") }
                StandardStreams.write("enabled \(name)\n")
            }
        }
    }
}
