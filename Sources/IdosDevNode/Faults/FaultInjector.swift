/// Holds the current `FaultSettings` and rolls the dice for each request. The random source is
/// injectable so tests can force outcomes.
actor FaultInjector {
    private(set) var current: FaultSettings
    private var random: any RandomNumberGenerator

    init(_ settings: FaultSettings, random: any RandomNumberGenerator = SystemRandomNumberGenerator()) {
        self.current = settings
        self.random = random
    }

    /// Replaces the settings.
    func set(_ settings: FaultSettings) { current = settings }

    /// Block intervals the `pause` fault has held back so far (what a test waits on instead of the clock).
    private(set) var heldBlocks = 0

    /// Whether the `pause` fault holds back this block interval (counted in `heldBlocks`).
    func holdsBlock() -> Bool {
        guard current.pause else { return false }
        heldBlocks += 1
        return true
    }

    /// True with probability `rate`.
    func roll(_ rate: Double) -> Bool {
        guard rate > 0 else { return false }
        return Double.random(in: 0..<1, using: &random) < rate
    }

    /// The delay to add to this request: the fixed latency plus a uniform jitter.
    func latency() -> Duration {
        let jitter = current.latencyJitterMs > 0 ? Int.random(in: 0...current.latencyJitterMs, using: &random) : 0
        return .milliseconds(current.latencyMs + jitter)
    }
}
