import Synchronization

/// A wake-up signal between tasks: `ring()` wakes every waiter, or, when nobody waits, makes the next
/// `wait` return at once. Rings do not queue up: many rings while nobody waits count as one.
final class Doorbell: Sendable {
    private struct State {
        var rung = false
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextID = 0
    }

    private let state = Mutex(State())

    /// Wakes the waiters (or the next waiter).
    func ring() {
        let waiters = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            if s.waiters.isEmpty { s.rung = true; return [] }
            defer { s.waiters = [:] }
            return Array(s.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns at the next ring (at once if one came since the last wait), after `timeout`, or when the task
    /// is cancelled, whichever is first.
    func wait(timeout: Duration) async {
        let id = state.withLock { s -> Int? in
            if s.rung { s.rung = false; return nil }
            s.nextID += 1
            return s.nextID
        }
        guard let id else { return }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let alreadyRung = state.withLock { s -> Bool in
                    if s.rung { s.rung = false; return true }
                    s.waiters[id] = continuation
                    return false
                }
                if alreadyRung { continuation.resume(); return }
                // Cancelled before the waiter was registered: onCancel found nothing to release.
                if Task.isCancelled { release(id); return }
                Task { [weak self] in
                    try? await Task.sleep(for: timeout)
                    self?.release(id)
                }
            }
        } onCancel: {
            release(id)
        }
    }

    private func release(_ id: Int) {
        let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
        waiter?.resume()
    }
}
