import ArgumentParser
import Foundation
import IssuerStore

extension IssuerCommand {
    /// `queue`: operators' view of the job queue.
    struct Queue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Inspect and steer the job queue: stats, list, show, retry, redrive, cancel.",
            discussion: "Tables on a terminal; --json prints one JSON document for scripts.",
            subcommands: [Stats.self, List.self, Show.self, Retry.self, Redrive.self, Cancel.self])
    }
}

/// `--json`.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print JSON instead of a table.") var json = false
}

extension IssuerCommand.Queue {
    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Jobs per kind and state, the oldest due job's age, dead letters by reason.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await reportingFailures {
                let stats = try await database.withStore(logger: CommandLogging.logger("idos-issuer.queue", level: "warning")) {
                    try await $0.session.queueStats()
                }
                if output.json { StandardStreams.write(try JSONOutput.line(stats)); return }
                StandardStreams.write(TableOutput.render(header: ["KIND", "STATE", "JOBS"],
                                                         rows: stats.rows.map { [$0.kind, $0.state.rawValue, String($0.count)] }))
                StandardStreams.write("oldest due job: \(String(format: "%.1f", stats.oldestDueAge)) s\n")
                let dead = stats.deadLetters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                StandardStreams.write("dead letters: \(dead.isEmpty ? "none" : dead.joined(separator: " "))\n")
            }
        }
    }

    /// Filters shared by list and redrive.
    struct FilterOptions: ParsableArguments {
        @Option(help: "Only jobs in this state (repeatable): available, running, retryable, completed, discarded, needs_consent, cancelled.")
        var state: [String] = []
        @Option(help: "Only jobs of this kind.") var kind: String?
        @Option(help: "Only dead letters with this reason: transient_exhausted, rejected_by_node, consent_expired, key_mismatch, poison.")
        var reason: String?
        @Option(help: "Only jobs with a larger id (paging).") var after: Int64?
        @Option(help: "At most this many jobs.") var limit = 50

        func filter() throws -> JobFilter {
            var states: [JobState] = []
            for s in state {
                guard let parsed = JobState(rawValue: s) else { throw CLIFailure.malformed("--state '\(s)' is not a job state") }
                states.append(parsed)
            }
            var deadReason: DeadReason?
            if let reason {
                guard let parsed = DeadReason(rawValue: reason) else { throw CLIFailure.malformed("--reason '\(reason)' is not a dead-letter reason") }
                deadReason = parsed
            }
            guard (1...10_000).contains(limit) else { throw CLIFailure.malformed("--limit must be between 1 and 10000") }
            return JobFilter(states: states, kind: kind, deadReason: deadReason, afterID: after, limit: limit)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List jobs (id order) with their state, attempts and last error.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var filterOptions: FilterOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await reportingFailures {
                let filter = try filterOptions.filter()
                let jobs = try await database.withStore(logger: CommandLogging.logger("idos-issuer.queue", level: "warning")) {
                    try await $0.session.listJobs(filter)
                }
                if output.json { StandardStreams.write(try JSONOutput.line(jobs.map(JobView.init))); return }
                StandardStreams.write(TableOutput.render(
                    header: ["ID", "KIND", "STATE", "ATTEMPT", "SCHEDULED", "REASON", "LAST ERROR"],
                    rows: jobs.map { [String($0.id), $0.kind, $0.state.rawValue, "\($0.attempt)/\($0.maxAttempts)",
                                      JobView.format($0.scheduledAt), $0.deadReason?.rawValue ?? "",
                                      String(($0.errors.last?.error ?? "").prefix(80))] }))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One job with every attempt's error (exit 1 if there is no such job).")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The job id.") var id: Int64

        func run() async throws {
            try await reportingFailures {
                let job = try await database.withStore(logger: CommandLogging.logger("idos-issuer.queue", level: "warning")) {
                    try await $0.session.job(id: id)
                }
                guard let job else { throw CLIFailure.rejected("no job \(id)") }
                StandardStreams.write(try JSONOutput.line(JobView(job)))
            }
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run one job again now (a dead letter, a waiting or a cancelled job).")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The job id.") var id: Int64
        @Option(help: "Attempts granted beyond those used.") var attempts = 5

        func run() async throws {
            try await reportingFailures {
                let moved = try await database.withStore(logger: CommandLogging.logger("idos-issuer.queue", level: "warning")) { store in
                    try await store.withTransaction { session in
                        try await session.retryJob(id: id, extraAttempts: attempts, notify: store.jobChannel, actor: OperatorIdentity.actor)
                    }
                }
                guard moved else { throw CLIFailure.rejected("job \(id) does not exist, is running or completed") }
                StandardStreams.write("job \(id) is available again\n")
            }
        }
    }

    struct Redrive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move dead letters (all of a reason, a kind…) back to available.",
            discussion: "Prints how many jobs match first; without --yes it is a dry run and changes nothing.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var filterOptions: FilterOptions
        @Option(help: "Attempts granted beyond those used.") var attempts = 5
        @Flag(help: "Do it (without it: a dry run that only counts).") var yes = false

        func run() async throws {
            try await reportingFailures {
                var filter = try filterOptions.filter()
                if filterOptions.limit == 50 { filter.limit = 10_000 }
                try await database.withStore(logger: CommandLogging.logger("idos-issuer.queue", level: "warning")) { store in
                    let count = try await store.session.countRedrivable(filter)
                    guard yes else {
                        StandardStreams.write("\(count) job(s) would be redriven (dry run; add --yes to do it)\n")
                        return
                    }
                    let moved = try await store.withTransaction { session in
                        try await session.redriveJobs(filter, extraAttempts: attempts, notify: store.jobChannel, actor: OperatorIdentity.actor)
                    }
                    StandardStreams.write("\(moved.count) job(s) redriven\n")
                }
            }
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel jobs that have not finished.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Job ids.") var ids: [Int64]

        func run() async throws {
            try await reportingFailures {
                guard !ids.isEmpty else { throw CLIFailure.malformed("give at least one job id") }
                let cancelled = try await database.withStore(logger: CommandLogging.logger("idos-issuer.queue", level: "warning")) { store in
                    try await store.withTransaction { session in try await session.cancelJobs(ids: ids, actor: OperatorIdentity.actor) }
                }
                StandardStreams.write("\(cancelled.count) job(s) cancelled\n")
                if cancelled.count < ids.count { throw CLIFailure.rejected("\(ids.count - cancelled.count) job(s) were already finished or missing") }
            }
        }
    }
}

/// A job as the CLI prints it (RFC 3339 UTC times).
struct JobView: Encodable {
    var id: Int64, kind: String, state: String, priority: Int, attempt: Int, maxAttempts: Int
    var scheduledAt: String, deadline: String?, attemptedAt: String?, attemptedBy: String?, createdAt: String, finalizedAt: String?
    var deadReason: String?, uniqueKey: String?, requestId: String?
    var errors: [ErrorView]
    struct ErrorView: Encodable { var attempt: Int, at: String, error: String, reason: String? }

    init(_ j: JobRecord) {
        id = j.id; kind = j.kind; state = j.state.rawValue; priority = j.priority; attempt = j.attempt; maxAttempts = j.maxAttempts
        scheduledAt = Self.format(j.scheduledAt); deadline = j.deadline.map(Self.format); attemptedAt = j.attemptedAt.map(Self.format)
        attemptedBy = j.attemptedBy; createdAt = Self.format(j.createdAt); finalizedAt = j.finalizedAt.map(Self.format)
        deadReason = j.deadReason?.rawValue; uniqueKey = j.uniqueKey; requestId = j.requestID
        errors = j.errors.map { ErrorView(attempt: $0.attempt, at: Self.format($0.at), error: $0.error, reason: $0.reason) }
    }

    static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt))
    }
}
