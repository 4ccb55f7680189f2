internal import Foundation

/// A blocking FIFO of jobs for the worker threads.
final class JobQueue: Sendable {
    private let condition = NSCondition()
    /// Safe: only touched while holding `condition`.
    nonisolated(unsafe) private var jobs: [CurlJob] = []
    /// Safe: only touched while holding `condition`.
    nonisolated(unsafe) private var closed = false

    func push(_ job: CurlJob) {
        condition.lock(); jobs.append(job); condition.signal(); condition.unlock()
    }

    /// Blocks until a job is available; nil once closed and drained.
    func pop() -> CurlJob? {
        condition.lock(); defer { condition.unlock() }
        while jobs.isEmpty && !closed { condition.wait() }
        return jobs.isEmpty ? nil : jobs.removeFirst()
    }

    func close() { condition.lock(); closed = true; condition.broadcast(); condition.unlock() }
}
