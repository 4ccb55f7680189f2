public import Foundation

/// A per-node circuit breaker, as a value with an injected clock: `closed` (use it), `open` (skip it until
/// the cooldown ends), `halfOpen` (let one request test it). `failureThreshold` consecutive failures open it;
/// a success closes it; a failed test reopens it with a doubled cooldown (capped).
public struct CircuitBreaker: Sendable, Equatable {
    public enum State: String, Sendable, Equatable { case closed, open, halfOpen = "half_open" }

    public private(set) var state: State = .closed
    public private(set) var consecutiveFailures = 0
    public private(set) var openUntil: Date?
    private var cooldown: Double

    /// Failures in a row that open the breaker (default 3).
    public let failureThreshold: Int
    /// First cooldown in seconds (default 2); doubles after each failed test, up to `maximumCooldown`.
    public let baseCooldown: Double
    public let maximumCooldown: Double

    public init(failureThreshold: Int = 3, baseCooldown: Double = 2, maximumCooldown: Double = 60) {
        self.failureThreshold = failureThreshold
        self.baseCooldown = baseCooldown
        self.maximumCooldown = maximumCooldown
        cooldown = baseCooldown
    }

    /// Whether a request may go to this node now (an open breaker past its cooldown turns half-open).
    public mutating func allowsRequest(now: Date) -> Bool {
        switch state {
        case .closed, .halfOpen: return true
        case .open:
            guard let until = openUntil, now >= until else { return false }
            state = .halfOpen
            return true
        }
    }

    /// Lets one test request through now, whatever the cooldown (when every node is open, the one that
    /// opened first is tried rather than none).
    public mutating func forceTrial() {
        if state == .open { state = .halfOpen }
    }

    public mutating func recordSuccess() {
        state = .closed
        consecutiveFailures = 0
        openUntil = nil
        cooldown = baseCooldown
    }

    public mutating func recordFailure(now: Date) {
        consecutiveFailures += 1
        switch state {
        case .halfOpen:
            cooldown = min(maximumCooldown, cooldown * 2)
            open(now: now)
        case .closed where consecutiveFailures >= failureThreshold:
            open(now: now)
        default:
            break
        }
    }

    private mutating func open(now: Date) {
        state = .open
        openUntil = now.addingTimeInterval(cooldown)
    }
}
