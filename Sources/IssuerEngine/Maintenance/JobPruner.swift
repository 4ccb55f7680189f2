public import IssuerStore
public import Logging
public import ServiceLifecycle

/// Deletes final jobs past their state's retention (completed: days; dead letters: a year), in bounded
/// batches so the jobs table stays small and autovacuum keeps up, then compacts the job counts. One pruner
/// at a time (advisory lock).
public struct JobPruner: Service {
    /// Rows deleted per statement (default 5000).
    public static let batchSize = 5000

    let store: IssuerStore
    let retention: Retention
    let interval: Duration
    let logger: Logger

    public init(store: IssuerStore, retention: Retention, interval: Duration, logger: Logger) {
        self.store = store
        self.retention = retention
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let deleted = try await runOnce()
                if deleted > 0 { logger.info("pruned jobs", metadata: ["deleted": "\(deleted)"]) }
            } catch {
                logger.warning("prune pass failed", metadata: ["error": "\(error)"])
            }
            // Graceful shutdown ends the wait (a plain sleep would hold the process up to a whole interval).
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }

    /// Deletes until a batch comes back short; returns how many rows went (0 when another process prunes).
    public func runOnce() async throws -> Int {
        var total = 0
        while !Task.isCancelled {
            let deleted = try await store.withTransaction { session in
                try await session.ifLeader("idos-issuer pruner \(store.schema)") {
                    try await session.pruneJobs(retention: retention, limit: Self.batchSize)
                } ?? 0
            }
            total += deleted
            if deleted < Self.batchSize { break }
        }
        // Fold the job-count deltas of the pass (and of everything since the last one) into job_counts.
        try await store.withTransaction { try await $0.compactJobCounts() }
        return total
    }
}
