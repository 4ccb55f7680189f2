internal import Foundation
internal import KwilKit
internal import Synchronization

/// One request on its way through the transport: queued, then run by a worker, finished exactly once —
/// by the worker, by the caller's cancellation, or by its deadline expiring in the queue.
final class CurlJob: Sendable {
    let request: HTTPRequest
    /// When the request must be done (`DispatchTime` uptime nanoseconds): queue time counts against it.
    let deadline: UInt64
    private let state = Mutex(State())

    private struct State {
        var continuation: CheckedContinuation<HTTPResponse, any Error>?
        var finished = false
        var cancelled = false
    }

    init(request: HTTPRequest, now: UInt64 = DispatchTime.now().uptimeNanoseconds) {
        self.request = request
        // A negative, NaN or absurd timeout is clamped (0 … 1 day), so the arithmetic cannot trap.
        let seconds = request.timeout.isFinite ? min(max(request.timeout, 0), 86_400) : 0
        deadline = now + UInt64(seconds * 1e9)
    }

    /// Whether the caller gave up on this job (read by curl's progress callback to abort the transfer).
    var isCancelled: Bool { state.withLock { $0.cancelled } }

    /// Nanoseconds left before the deadline (0 when past it).
    func remainingNanoseconds(now: UInt64 = DispatchTime.now().uptimeNanoseconds) -> UInt64 {
        deadline > now ? deadline - now : 0
    }

    /// Attaches the caller's continuation. Returns false (and resumes it with `CancellationError`) when the
    /// caller was cancelled before this point, so the job must not be queued.
    func attach(_ continuation: CheckedContinuation<HTTPResponse, any Error>) -> Bool {
        let cancelledAlready = state.withLock { s -> Bool in
            if s.cancelled { s.finished = true; return true }
            s.continuation = continuation
            return false
        }
        if cancelledAlready { continuation.resume(throwing: CancellationError()) }
        return !cancelledAlready
    }

    /// Marks the job cancelled and, if it is still owed an answer, resumes the caller with
    /// `CancellationError` at once; a running transfer is aborted by the worker's progress callback.
    func cancel() {
        let continuation = state.withLock { s -> CheckedContinuation<HTTPResponse, any Error>? in
            s.cancelled = true
            guard !s.finished else { return nil }
            s.finished = true
            defer { s.continuation = nil }
            return s.continuation
        }
        continuation?.resume(throwing: CancellationError())
    }

    /// Delivers the outcome, unless the job was already finished (cancelled).
    func finish(_ result: Result<HTTPResponse, any Error>) {
        let continuation = state.withLock { s -> CheckedContinuation<HTTPResponse, any Error>? in
            guard !s.finished else { return nil }
            s.finished = true
            defer { s.continuation = nil }
            return s.continuation
        }
        continuation?.resume(with: result)
    }
}
