import Foundation
import IssuerStore
import Logging
import Synchronization

/// Records finished attempts in batches (River's completer): whatever accumulates while one write is in
/// flight goes in the next, so a busy worker writes hundreds of completions per statement and an idle one
/// writes each at once. Failed writes are retried with backoff; meanwhile the jobs' leases keep them safe
/// (if the process dies, the rescuer runs them again, and the compare-and-set on attempt keeps a late
/// write from clobbering that).
final class JobCompleter: Sendable {
    private struct State {
        var pending: [JobTransition] = []
        var finishing = false
    }

    private let store: IssuerStore
    private let batchSize: Int
    private let logger: Logger
    private let onRecorded: @Sendable ([Int64]) -> Void
    private let state = Mutex(State())
    private let bell = Doorbell()

    /// - Parameter onRecorded: called with the ids of every batch written (or refused as stale).
    init(store: IssuerStore, batchSize: Int, logger: Logger, onRecorded: @escaping @Sendable ([Int64]) -> Void) {
        self.store = store
        self.batchSize = batchSize
        self.logger = logger
        self.onRecorded = onRecorded
    }

    /// Queues one transition for the next batch.
    func submit(_ transition: JobTransition) {
        state.withLock { $0.pending.append(transition) }
        bell.ring()
    }

    /// Asks `run` to write what is left and return.
    func finish() {
        state.withLock { $0.finishing = true }
        bell.ring()
    }

    /// Writes batches until `finish()` was called and nothing is left, or the task is cancelled.
    func run() async {
        var failures = 0
        while true {
            let (batch, done) = state.withLock { s -> ([JobTransition], Bool) in
                let n = min(batchSize, s.pending.count)
                let batch = Array(s.pending.prefix(n))
                s.pending.removeFirst(n)
                return (batch, s.finishing && s.pending.isEmpty)
            }
            if batch.isEmpty {
                // Cancelled (not drained): nothing to write, and a cancelled wait returns at once, so waiting
                // again would spin on a cooperative thread.
                if done || Task.isCancelled { return }
                await bell.wait(timeout: .seconds(1))
                continue
            }
            do {
                try await write(batch)
                failures = 0
                onRecorded(batch.map(\.jobID))
                if done { return }
            } catch {
                if Task.isCancelled {
                    // Cancelled (not a graceful shutdown): what is unwritten stays `running` until its lease
                    // expires and the rescuer runs it again.
                    logger.warning("worker cancelled with job results unwritten", metadata: ["jobs": "\(batch.count)"])
                    return
                }
                failures += 1
                logger.warning("recording job results failed; will retry", metadata: ["error": "\(error)", "jobs": "\(batch.count)"])
                state.withLock { $0.pending.insert(contentsOf: batch, at: 0) }
                // Bounded wait: the data is safe in memory, the leases in the database.
                try? await Task.sleep(for: .milliseconds(min(5000, 100 << min(failures, 6))))
            }
        }
    }

    private func write(_ batch: [JobTransition]) async throws {
        let plain = batch.filter { $0.state == .completed && $0.error == nil }
        let other = batch.filter { !($0.state == .completed && $0.error == nil) }
        if !plain.isEmpty { try await store.session.completeJobs(plain.map { ($0.jobID, $0.attempt) }) }
        if !other.isEmpty { try await store.session.applyTransitions(other) }
    }
}
