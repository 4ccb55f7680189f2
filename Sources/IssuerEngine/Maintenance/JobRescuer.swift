public import IssuerStore
public import Logging
public import ServiceLifecycle

/// Takes back jobs whose worker stopped heartbeating (killed, hung, cut off): every `interval`, expired
/// leases become `retryable` (or dead letters / needs_consent, see `rescueExpiredLeases`). One rescuer runs
/// at a time across processes (an advisory lock); the compare-and-set on attempt keeps a slow worker's late
/// completion from overwriting a rescued job.
public struct JobRescuer: Service {
    /// Jobs rescued per pass, at most (default 1000).
    public static let batchSize = 1000

    let store: IssuerStore
    let interval: Duration
    let logger: Logger

    public init(store: IssuerStore, interval: Duration, logger: Logger) {
        self.store = store
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                if let counts = try await runOnce(), counts != RescueCounts() {
                    logger.info("rescued jobs", metadata: ["retried": "\(counts.retried)", "discarded": "\(counts.discarded)",
                                                           "needs_consent": "\(counts.needsConsent)"])
                }
            } catch {
                logger.warning("rescue pass failed", metadata: ["error": "\(error)"])
            }
            // Graceful shutdown ends the wait (a plain sleep would hold the process up to a whole interval).
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }

    /// One pass; nil when another process holds the rescuer lock.
    public func runOnce() async throws -> RescueCounts? {
        try await store.withTransaction { session in
            try await session.ifLeader("idos-issuer rescuer \(store.schema)") {
                try await session.rescueExpiredLeases(limit: Self.batchSize)
            }
        }
    }
}
