import IssuerTestSupport
import Foundation
import IssuerEngine
import IssuerStore
import Logging
import Synchronization
import TestSupport
import Testing

/// Counts runs per job id; fails the first `failures` attempts of each job.
final class CountingHandler: JobHandler {
    let kind: String
    let failures: Int
    let runs = Mutex<[Int64: Int]>([:])
    init(kind: String = "count", failures: Int = 0) { self.kind = kind; self.failures = failures }
    func run(_ job: ClaimedJob, logger: Logger) async throws -> JobOutcome {
        let n = runs.withLock { runs -> Int in
            runs[job.id, default: 0] += 1
            return runs[job.id]!
        }
        return n <= failures ? .retry(reason: "synthetic failure \(n)") : .completed
    }
    var totalRuns: Int { runs.withLock { $0.values.reduce(0, +) } }
}

/// Always fails with a transient error.
struct FailingHandler: JobHandler {
    let kind = "fail"
    func run(_ job: ClaimedJob, logger: Logger) async throws -> JobOutcome { throw JobError.transient("node answered 503") }
}

@Suite(.requiresPostgres)
struct QueueWorkerTests {
    func configuration(poll: Duration = .milliseconds(200)) -> QueueConfiguration {
        var c = QueueConfiguration(workerID: "test-\(UUID().uuidString.prefix(8))")
        c.pollInterval = poll
        c.lease = 5
        c.heartbeatInterval = .seconds(1)
        c.retry = RetryPolicy(base: 0.05, factor: 2, maximum: 0.2, jitter: 0, minimumRemaining: 0.1)
        return c
    }

    /// Runs workers until `done` holds (checked every 50 ms, for at most `limit`), then stops them.
    func runWorkers(_ workers: [QueueWorker], limit: Duration = .seconds(30), until done: @escaping @Sendable () async throws -> Bool) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in workers { group.addTask { try await worker.run() } }
            let clock = ContinuousClock(), start = clock.now
            while try await !done() {
                guard clock.now - start < limit else { group.cancelAll(); throw FixtureError("workers did not finish within \(limit)") }
                try await Task.sleep(for: .milliseconds(50))
            }
            group.cancelAll()
        }
    }

    func states(_ store: IssuerStore) async throws -> [String: Int] {
        var out: [String: Int] = [:]
        for row in try await store.session.queueStats().rows { out[row.state.rawValue, default: 0] += row.count }
        return out
    }

    @Test func twoWorkersRunEachJobOnce() async throws {
        try await StoreFixture.withStore { store in
            let handler = CountingHandler()
            _ = try await store.session.insertJobs((0..<500).map { NewJob(kind: "count", args: #"{"i":\#($0)}"#) }, notify: store.jobChannel)
            var c1 = configuration(), c2 = configuration()
            c1.claimBatch = 20; c2.claimBatch = 20
            let workers = [try QueueWorker(store: store, handlers: [handler], configuration: c1, logger: StoreFixture.logger),
                           try QueueWorker(store: store, handlers: [handler], configuration: c2, logger: StoreFixture.logger)]
            try await runWorkers(workers) { try await states(store) == ["completed": 500] }
            #expect(handler.totalRuns == 500)
            #expect(handler.runs.withLock { $0.values.allSatisfy { $0 == 1 } })
        }
    }

    @Test func failedAttemptsRetryWithBackoffThenComplete() async throws {
        try await StoreFixture.withStore { store in
            let handler = CountingHandler(failures: 2)
            let ids = try await store.session.insertJobs([NewJob(kind: "count")], notify: store.jobChannel)
            let worker = try QueueWorker(store: store, handlers: [handler], configuration: configuration(), logger: StoreFixture.logger)
            try await runWorkers([worker]) { try await store.session.job(id: ids[0])?.state == .completed }
            let job = try require(try await store.session.job(id: ids[0]))
            #expect(job.attempt == 3)
            #expect(job.errors.map(\.error) == ["synthetic failure 1", "synthetic failure 2"])
            #expect(job.errors.map(\.attempt) == [1, 2])
        }
    }

    @Test func exhaustedAttemptsBecomeADeadLetterAndADeadlineNeedsConsent() async throws {
        try await StoreFixture.withStore { store in
            let ids = try await store.session.insertJobs([
                NewJob(kind: "fail", maxAttempts: 3),
                NewJob(kind: "fail", maxAttempts: 1000, deadline: Date().addingTimeInterval(1.5)),
            ], notify: store.jobChannel)
            let worker = try QueueWorker(store: store, handlers: [FailingHandler()], configuration: configuration(), logger: StoreFixture.logger)
            try await runWorkers([worker]) {
                let a = try await store.session.job(id: ids[0]), b = try await store.session.job(id: ids[1])
                return a?.state.isFinal == true && b?.state.isFinal == true
            }
            let exhausted = try require(try await store.session.job(id: ids[0]))
            #expect(exhausted.state == .discarded)
            #expect(exhausted.deadReason == .transientExhausted)
            #expect(exhausted.errors.count == 3)
            let expired = try require(try await store.session.job(id: ids[1]))
            #expect(expired.state == .needsConsent)
            #expect(expired.attempt < 1000)
            #expect(expired.errors.last?.reason == "deadline")
        }
    }

    @Test func notifyWakesAnIdleWorkerLongBeforeItsPoll() async throws {
        try await StoreFixture.withStore { store in
            let handler = CountingHandler()
            // Polling every 10 minutes: only the NOTIFY at commit can wake the worker within the test's bound.
            let worker = try QueueWorker(store: store, handlers: [handler], configuration: configuration(poll: .seconds(600)),
                                         logger: StoreFixture.logger)
            let inserted = Mutex(false)
            try await runWorkers([worker], limit: .seconds(60)) {
                if !inserted.withLock({ $0 }) {
                    try await Task.sleep(for: .milliseconds(500))   // let the worker go idle and LISTEN
                    _ = try await store.withTransaction { tx in try await tx.insertJobs([NewJob(kind: "count")], notify: store.jobChannel) }
                    inserted.withLock { $0 = true }
                }
                return handler.totalRuns == 1
            }
        }
    }

    @Test func unknownKindsAreNeverClaimed() async throws {
        try await StoreFixture.withStore { store in
            let ids = try await store.session.insertJobs([NewJob(kind: "someone-else"), NewJob(kind: "count")], notify: store.jobChannel)
            let handler = CountingHandler()
            let worker = try QueueWorker(store: store, handlers: [handler], configuration: configuration(), logger: StoreFixture.logger)
            try await runWorkers([worker]) { handler.totalRuns == 1 }
            #expect(try await store.session.job(id: ids[0])?.state == .available)
        }
    }

    @Test func rescuerRunsOnceAcrossProcessesAndReturnsCounts() async throws {
        try await StoreFixture.withStore { store in
            _ = try await store.session.insertJobs([NewJob(kind: "a")], notify: store.jobChannel)
            _ = try await store.session.claimJobs(kinds: ["a"], limit: 1, worker: "gone", lease: 0.1)
            try await Task.sleep(for: .milliseconds(300))
            let rescuer = JobRescuer(store: store, interval: .seconds(60), logger: StoreFixture.logger)
            var expected = RescueCounts()
            expected.retried = 1
            #expect(try await rescuer.runOnce() == expected)
            #expect(try await rescuer.runOnce() == RescueCounts())
        }
    }
}
