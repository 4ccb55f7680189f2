import ArgumentParser
import Foundation
import IssuerStore

extension IssuerCommand {
    /// `migrate`: applies the bundled SQL migrations.
    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Bring the issuer's database schema up to date.",
            discussion: """
            Applies Migrations/NNNN_name.sql in order, each in its own transaction, recording its checksum. Refuses to \
            run (exit 1) when an applied file was changed or the database knows a newer migration. Two processes \
            migrating at once wait for each other (advisory lock). Prints one line per migration.
            """)

        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Print what would be applied; change nothing.") var dryRun = false

        func run() async throws {
            try await reportingFailures {
                let logger = CommandLogging.logger("idos-issuer.migrate", level: "warning")
                try await database.withStore(logger: logger, maximumConnections: 2) { store in
                    let plan: MigrationRunner.Plan
                    do { plan = try await MigrationRunner(store: store, logger: logger).migrate(dryRun: dryRun) } catch let e as StoreError {
                        throw CLIFailure.rejected("\(e)")
                    }
                    for m in plan.applied { StandardStreams.write("applied  \(String(format: "%04d", m.version))_\(m.name)\n") }
                    for m in plan.pending {
                        StandardStreams.write("\(dryRun ? "pending" : "applying") \(String(format: "%04d", m.version))_\(m.name)\n")
                    }
                    StandardStreams.write(dryRun ? "\(plan.pending.count) pending (dry run: nothing changed)\n"
                                                 : "\(plan.pending.count) applied; schema \(store.schema) is up to date\n")
                }
            }
        }
    }
}
