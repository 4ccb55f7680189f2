internal import Foundation

/// The transport's bounded FIFO of jobs: callers reserve one of `capacity` slots (waiting for one, or not),
/// worker threads block in `pop`. A slot is held from reservation until a worker takes the job or the job
/// is removed, so queued requests never use more than `capacity` slots of memory.
final class JobQueue: Sendable {
    let capacity: Int
    private let condition = NSCondition()
    /// Safe: every `nonisolated(unsafe)` property below is read and written only while holding `condition`.
    nonisolated(unsafe) private var jobs: [CurlJob] = []
    nonisolated(unsafe) private var usedSlots = 0
    nonisolated(unsafe) private var closed = false
    nonisolated(unsafe) private var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
    nonisolated(unsafe) private var cancelledWaiters: Set<UInt64> = []
    nonisolated(unsafe) private var nextWaiterID: UInt64 = 0

    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// Jobs waiting for a worker.
    var queued: Int { condition.withLock { jobs.count } }
    /// Callers waiting for a free slot.
    var waiting: Int { condition.withLock { waiters.count } }

    /// Takes a slot if one is free.
    func tryReserve() -> Bool {
        condition.withLock {
            guard !closed, usedSlots < capacity else { return false }
            usedSlots += 1
            return true
        }
    }

    /// Waits for a slot (back-pressure).
    /// - Throws: `CancellationError` when the calling task is cancelled while waiting.
    func reserve() async throws {
        let id = condition.withLock { () -> UInt64 in nextWaiterID += 1; return nextWaiterID }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                condition.lock()
                if cancelledWaiters.remove(id) != nil {
                    condition.unlock()
                    continuation.resume(throwing: CancellationError())
                } else if !closed, usedSlots < capacity, waiters.isEmpty {
                    usedSlots += 1
                    condition.unlock()
                    continuation.resume()
                } else {
                    waiters.append((id, continuation))
                    condition.unlock()
                }
            }
        } onCancel: {
            condition.lock()
            if let index = waiters.firstIndex(where: { $0.id == id }) {
                let waiter = waiters.remove(at: index)
                condition.unlock()
                waiter.continuation.resume(throwing: CancellationError())
            } else {
                cancelledWaiters.insert(id)
                condition.unlock()
            }
        }
        condition.withLock { _ = cancelledWaiters.remove(id) }
    }

    /// Gives a reserved slot back without queuing (the caller was cancelled in between).
    func release() {
        condition.lock()
        let next = freeSlotLocked()
        condition.unlock()
        next?.resume()
    }

    /// Queues a job into a slot reserved before.
    func push(_ job: CurlJob) {
        condition.withLock {
            jobs.append(job)
            condition.signal()
        }
    }

    /// Takes a queued job out (its caller was cancelled); true if it was still queued.
    func remove(_ job: CurlJob) -> Bool {
        condition.lock()
        guard let index = jobs.firstIndex(where: { $0 === job }) else { condition.unlock(); return false }
        jobs.remove(at: index)
        let next = freeSlotLocked()
        condition.unlock()
        next?.resume()
        return true
    }

    /// Blocks a worker thread until a job is available; nil once closed and drained.
    func pop() -> CurlJob? {
        condition.lock()
        while jobs.isEmpty && !closed { condition.wait() }
        guard !jobs.isEmpty else { condition.unlock(); return nil }
        let job = jobs.removeFirst()
        let next = freeSlotLocked()
        condition.unlock()
        next?.resume()
        return job
    }

    /// Stops the workers once the queue is drained; callers still waiting for a slot get `CancellationError`.
    func close() {
        condition.lock()
        closed = true
        let pending = waiters
        waiters = []
        condition.broadcast()
        condition.unlock()
        for waiter in pending { waiter.continuation.resume(throwing: CancellationError()) }
    }

    /// Frees one slot, or hands it straight to the longest waiter (whose continuation the caller resumes
    /// after unlocking). Call with `condition` held.
    private func freeSlotLocked() -> CheckedContinuation<Void, any Error>? {
        if !waiters.isEmpty { return waiters.removeFirst().continuation }
        usedSlots -= 1
        return nil
    }
}
