import ArgumentParser
import Foundation
import IssuerStore

extension IssuerCommand {
    /// `audit`: the hash-chained audit log.
    struct Audit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the audit log's hash chain, or export one user's trail.",
            subcommands: [Verify.self, Export.self])
    }
}

extension IssuerCommand.Audit {
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute the whole audit chain (exit 1 naming the first broken row).",
            discussion: """
                Checks that ids run 1, 2, 3… without gaps, that each prev_hash is the previous row's hash, and that each \
                hash is the SHA-256 of prev_hash and the row's canonical JSON. Prints the number of rows checked.
                """)
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await reportingFailures {
                let result = try await database.withStore(logger: CommandLogging.logger("idos-issuer.audit", level: "warning")) {
                    try await $0.session.verifyAuditChain()
                }
                if let broken = result.firstBreak {
                    StandardStreams.write("\(result.rowsChecked) row(s) checked\n")
                    throw CLIFailure.rejected("audit chain broken at row \(broken.id): \(broken.problem)")
                }
                StandardStreams.write("\(result.rowsChecked) row(s) checked: the audit chain is intact\n")
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write one user's audit trail as JSON Lines (rows about her, her credentials and her jobs).")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "The user id (UUID).") var user: String

        func run() async throws {
            try await reportingFailures {
                guard let id = UUID(uuidString: user) else { throw CLIFailure.malformed("--user '\(user)' is not a UUID") }
                let rows = try await database.withStore(logger: CommandLogging.logger("idos-issuer.audit", level: "warning")) {
                    try await $0.session.auditTrail(userID: id)
                }
                StandardStreams.write(rows.map { $0.jsonLine + "\n" }.joined())
            }
        }
    }
}
