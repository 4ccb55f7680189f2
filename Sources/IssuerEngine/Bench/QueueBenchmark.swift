import Foundation
import IssuerStore
public import Logging
public import PostgresURL

/// `idos-issuer bench queue`: the real queue code burning down no-op jobs in a throwaway schema.
///
/// Enqueues `jobs` no-op jobs (batched inserts, timed: `enqueuePerSecond`), then runs the workers until every
/// job is completed. Throughput is measured inside the database, from the first claim (`min(attempted_at)`)
/// to the last completion (`max(finalized_at)`), so process start-up does not count. The schema is dropped
/// afterwards, also on failure.
public struct QueueBenchmark: Sendable {
    /// What one run measured.
    public struct Result: Sendable, Equatable {
        public var jobs: Int
        public var jobsPerSecond: Double
        public var enqueuePerSecond: Double
    }

    public let url: DatabaseURL
    public let jobs: Int
    public let logger: Logger
    /// Inserted per statement (default 5000).
    public var insertBatch = 5000

    public init(url: DatabaseURL, jobs: Int, logger: Logger) {
        self.url = url
        self.jobs = jobs
        self.logger = logger
    }

    /// The worker settings the benchmark uses in each process: large claims and completion batches.
    public static func workerConfiguration() -> QueueConfiguration {
        var c = QueueConfiguration()
        c.concurrency = 2000
        c.claimBatch = 1000
        c.completionBatch = 2000
        c.pollInterval = .milliseconds(100)
        return c
    }

    /// Runs the benchmark. `runWorkers` burns the queue down in `schema` (in this process or in child
    /// processes) and returns once told to stop; it gets a closure that says whether jobs are left.
    public func run(runWorkers: @Sendable (_ schema: String, _ jobsLeft: @escaping @Sendable () async throws -> Bool) async throws -> Void)
        async throws -> Result {
        let schema = "bench_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        let store = try IssuerStore(url: url, schema: String(schema), maximumConnections: 4, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await store.run() }
            defer { group.cancelAll() }
            do {
                let result = try await measure(store: store, runWorkers: runWorkers)
                try await store.dropSchemaAndEverythingInIt()
                return result
            } catch {
                try? await store.dropSchemaAndEverythingInIt()
                throw error
            }
        }
    }

    private func measure(store: IssuerStore,
                         runWorkers: @Sendable (String, @escaping @Sendable () async throws -> Bool) async throws -> Void) async throws -> Result {
        try await MigrationRunner(store: store, logger: logger).migrate()
        let clock = ContinuousClock()
        let start = clock.now
        var inserted = 0
        while inserted < jobs {
            let n = min(insertBatch, jobs - inserted)
            try await store.session.insertJobs(Array(repeating: NewJob(kind: "noop"), count: n), notify: store.jobChannel)
            inserted += n
        }
        let enqueueSeconds = (clock.now - start).seconds
        try await runWorkers(store.schema) { try await store.session.hasUnfinishedJobs() }
        let (completed, span) = try await store.session.burnDownSpan()
        guard completed == jobs else { throw JobError.transient("only \(completed) of \(jobs) jobs completed") }
        return Result(jobs: jobs, jobsPerSecond: Double(jobs) / max(span, 1e-6), enqueuePerSecond: Double(jobs) / max(enqueueSeconds, 1e-6))
    }

}

extension Duration {
    /// The duration in seconds.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
