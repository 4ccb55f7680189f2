import ArgumentParser
import Foundation
import IssuerEngine
import IssuerStore
import Logging

extension IssuerCommand {
    /// `bench`: throughput of this build's real code paths, for `make bench` and acceptance scripts.
    struct Bench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure the job queue's throughput.",
            subcommands: [QueueBench.self, QueueBenchWorker.self])
    }
}

extension IssuerCommand.Bench {
    struct QueueBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "queue",
            abstract: "Burn down N no-op jobs with the real queue code in a temporary schema.",
            discussion: """
            Enqueues --jobs no-op jobs into its own schema of the database, runs the workers (claim, run, complete) \
            until none is left, drops the schema, and prints as its last line: \
            `queue jobs_per_s=<float> enqueue_per_s=<float>`. Logs go to stderr. --workers W runs W worker \
            processes; without it, one in-process worker (the best setting on a 2-core machine).
            """)

        @OptionGroup var database: DatabaseOptions
        @Option(help: "Number of no-op jobs.") var jobs: Int
        @Option(help: "Worker processes (default: one worker in this process).") var workers: Int?

        func validate() throws {
            guard jobs > 0 else { throw ValidationError("--jobs must be positive") }
            if let workers, !(1...64).contains(workers) { throw ValidationError("--workers must be between 1 and 64") }
        }

        func run() async throws {
            try await reportingFailures {
                let logger = CommandLogging.logger("idos-issuer.bench", level: "warning")
                let url = try database.url()
                let benchmark = QueueBenchmark(url: url, jobs: jobs, logger: logger)
                let result = try await benchmark.run { schema, jobsLeft in
                    if let workers {
                        try await runChildWorkers(count: workers, schema: schema)
                    } else {
                        let store = try IssuerStore(url: url, schema: schema, maximumConnections: 4, logger: logger)
                        try await runWorker(store: store, logger: logger, jobsLeft: jobsLeft)
                    }
                }
                StandardStreams.writeError("bench queue: \(result.jobs) jobs, \(workers.map { "\($0) worker process(es)" } ?? "1 in-process worker")\n")
                StandardStreams.write(String(format: "queue jobs_per_s=%.1f enqueue_per_s=%.1f\n", result.jobsPerSecond, result.enqueuePerSecond))
            }
        }

        private func runChildWorkers(count: Int, schema: String) async throws {
            let executable = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
            let databaseURL = database.databaseURL ?? ProcessInfo.processInfo.environment["ISSUER_DATABASE_URL"]
            var children: [Process] = []
            for _ in 0..<count {
                let p = Process()
                p.executableURL = URL(fileURLWithPath: executable)
                p.arguments = ["bench", "queue-worker", "--schema", schema]
                var environment = ProcessInfo.processInfo.environment
                environment["ISSUER_DATABASE_URL"] = databaseURL
                p.environment = environment
                try p.run()
                children.append(p)
            }
            for p in children {
                while p.isRunning { try await Task.sleep(for: .milliseconds(20)) }
                guard p.terminationStatus == 0 else { throw CLIFailure.rejected("a worker process exited with \(p.terminationStatus)") }
            }
        }
    }

    /// The child process of `bench queue --workers W` (hidden).
    struct QueueBenchWorker: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "queue-worker", abstract: "One benchmark worker process.",
                                                        shouldDisplay: false)
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await reportingFailures {
                let logger = CommandLogging.logger("idos-issuer.bench", level: "warning")
                let store = try IssuerStore(url: try database.url(), schema: database.schemaName, maximumConnections: 4, logger: logger)
                try await runWorker(store: store, logger: logger) { try await store.session.hasUnfinishedJobs() }
            }
        }
    }
}

/// Runs a benchmark worker on `store` until `jobsLeft` says the queue is empty.
private func runWorker(store: IssuerStore, logger: Logger, jobsLeft: @escaping @Sendable () async throws -> Bool) async throws {
    let worker = try QueueWorker(store: store, handlers: [NoopJobHandler()], configuration: QueueBenchmark.workerConfiguration(), logger: logger)
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await store.run() }
        group.addTask { try await worker.run() }
        defer { group.cancelAll() }
        try await Task.sleep(for: .milliseconds(50))
        while try await jobsLeft() { try await Task.sleep(for: .milliseconds(20)) }
    }
}
