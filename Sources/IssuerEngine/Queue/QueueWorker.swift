public import IssuerStore
public import Logging
public import ServiceLifecycle
import Foundation
import CoreMetrics

/// Runs jobs in one process (River's producer): claims due jobs in batches while it has capacity, runs
/// each through its handler, records results through the completer, extends leases, and wakes on NOTIFY
/// or every poll interval. On graceful shutdown it stops claiming, lets running jobs finish, records their
/// results and returns.
public struct QueueWorker: Service {
    let store: IssuerStore
    let handlers: [String: any JobHandler]
    let configuration: QueueConfiguration
    let logger: Logger
    let canSign: @Sendable () async -> Bool
    let doorbell = Doorbell()

    /// A worker for the given handlers (one per kind; only those kinds are claimed).
    /// - Parameter canSign: whether this process may run jobs that sign node writes now (it holds a lane).
    public init(store: IssuerStore, handlers: [any JobHandler], configuration: QueueConfiguration, logger: Logger,
                canSign: @escaping @Sendable () async -> Bool = { true }) throws {
        try configuration.validate()
        self.canSign = canSign
        self.store = store
        self.handlers = Dictionary(handlers.map { ($0.kind, $0) }, uniquingKeysWith: { first, _ in first })
        self.configuration = configuration
        self.logger = logger
    }

    public func run() async throws {
        let inFlight = InFlightJobs()
        let completer = JobCompleter(store: store, batchSize: configuration.completionBatch, logger: logger) { [doorbell] ids in
            inFlight.remove(ids)
            doorbell.ring()
        }
        await withTaskGroup(of: Void.self) { side in
            side.addTask { await completer.run() }
            side.addTask { await JobNotifier(store: store, doorbell: doorbell, logger: logger).run() }
            side.addTask { await keepLeases(inFlight) }
            await produce(inFlight: inFlight, completer: completer)
            logger.debug("worker stopped claiming; recording the last results")
            completer.finish()
            // The completer returns once everything is written; then stop the listener and the lease keeper.
            await side.next()
            side.cancelAll()
            logger.debug("worker stopped")
        }
    }

    /// The claim loop; returns after graceful shutdown (or cancellation) once every started job finished.
    private func produce(inFlight: InFlightJobs, completer: JobCompleter) async {
        let allKinds = Array(handlers.keys)
        let unsignedKinds = handlers.values.filter { !$0.needsSigner }.map(\.kind)
        let threshold = max(1, min(configuration.claimBatch, configuration.concurrency) / 2)
        var failures = 0
        await withDiscardingTaskGroup { jobs in
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                let capacity = configuration.concurrency - inFlight.count
                guard capacity >= threshold else {
                    await doorbell.wait(timeout: configuration.pollInterval)
                    continue
                }
                let limit = min(capacity, configuration.claimBatch)
                let signing = unsignedKinds.count == allKinds.count ? true : await canSign()
                let kinds = signing ? allKinds : unsignedKinds
                guard !kinds.isEmpty else {
                    await doorbell.wait(timeout: configuration.pollInterval)
                    continue
                }
                let claimed: [ClaimedJob]
                let claimStarted = ContinuousClock.now
                do {
                    claimed = try await store.session.claimJobs(kinds: kinds, limit: limit, worker: configuration.workerID,
                                                                lease: configuration.lease)
                    CoreMetrics.Timer(label: IssuerMetricNames.jobClaimDuration).recordNanoseconds((ContinuousClock.now - claimStarted).wholeNanoseconds)
                    failures = 0
                } catch {
                    failures += 1
                    logger.warning("claiming jobs failed; will retry", metadata: ["error": "\(error)"])
                    try? await Task.sleep(for: .milliseconds(min(5000, 100 << min(failures, 6))))
                    continue
                }
                inFlight.insert(claimed.map(\.id))
                for job in claimed {
                    jobs.addTask { [handlers, configuration, logger] in
                        var jobLogger = logger
                        jobLogger[metadataKey: "job_id"] = "\(job.id)"
                        jobLogger[metadataKey: "job_kind"] = "\(job.kind)"
                        if let request = job.requestID { jobLogger[metadataKey: "request_id"] = "\(request)" }
                        let outcome = await JobExecutor.execute(job, handler: handlers[job.kind], logger: jobLogger)
                        let transition = JobStateMachine.transition(for: job, outcome: outcome, now: Date(), policy: configuration.retry,
                                                                    random: Double.random(in: 0..<1))
                        switch outcome {
                        case .completed: break
                        case .snooze(_, let reason, _):
                            jobLogger.debug("job waits", metadata: ["attempt": "\(job.attempt)", "reason": "\(reason)"])
                        default:
                            jobLogger.info("job attempt ended", metadata: ["state": "\(transition.state.rawValue)", "attempt": "\(job.attempt)",
                                                                          "error": "\(transition.error?.error ?? "")"])
                        }
                        completer.submit(transition)
                    }
                }
                if claimed.count < limit { await doorbell.wait(timeout: configuration.pollInterval) }
            }
        }
    }

    /// Extends the leases of the jobs in flight every heartbeat interval.
    private func keepLeases(_ inFlight: InFlightJobs) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: configuration.heartbeatInterval)
            if Task.isCancelled { return }
            do { try await store.session.extendLeases(jobIDs: inFlight.ids, worker: configuration.workerID, lease: configuration.lease) } catch {
                logger.warning("extending job leases failed", metadata: ["error": "\(error)"])
            }
        }
    }
}
