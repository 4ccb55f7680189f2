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
