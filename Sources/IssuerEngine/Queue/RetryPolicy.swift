public import Foundation

/// Exponential backoff with jitter, compressed as a job's deadline nears.
///
/// The n-th failed attempt waits `base · factor^(n−1)` seconds, capped at `maximum`, times a uniform jitter
/// of ±`jitter`. With a deadline, a wait never ends later than half the time left: the last attempts come
/// faster instead of landing after the grant expired. With less than `minimumRemaining` left, there is no
/// retry: the job needs the user's consent again.
public struct RetryPolicy: Sendable, Equatable {
    /// First wait in seconds (default 1).
    public var base: Double = 1
    /// Growth per attempt (default 2).
    public var factor: Double = 2
    /// Longest wait in seconds (default 3600).
    public var maximum: Double = 3600
    /// Relative jitter, 0…1 (default 0.1 = ±10%).
    public var jitter: Double = 0.1
    /// Below this many seconds before the deadline, stop retrying (default 2).
    public var minimumRemaining: Double = 2

    public init(base: Double = 1, factor: Double = 2, maximum: Double = 3600, jitter: Double = 0.1, minimumRemaining: Double = 2) {
        self.base = base; self.factor = factor; self.maximum = maximum; self.jitter = jitter; self.minimumRemaining = minimumRemaining
    }

    /// Seconds to wait after failed attempt `attempt` (1-based), or nil when the deadline leaves no room.
    /// - Parameter random: a uniform sample in [0, 1) (injected so tests are exact).
    public func delay(afterAttempt attempt: Int, now: Date, deadline: Date?, random: Double) -> Double? {
        let exponent = Double(max(0, attempt - 1))
        let raw = min(maximum, base * pow(factor, min(exponent, 64)))
        var wait = raw * (1 + jitter * (2 * random - 1))
        if let deadline {
            let left = deadline.timeIntervalSince(now)
            guard left >= minimumRemaining else { return nil }
            wait = min(wait, left / 2)
        }
        return max(0, wait)
    }
}
