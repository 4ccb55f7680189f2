/// What the devnode does wrong on purpose (`--faults` at start, `POST /devnode/faults` at run time).
/// Rates are probabilities in [0, 1] applied per JSON-RPC request; everything defaults to off.
///
/// JSON keys: `error_rate` (answer 503 before doing anything), `timeout_rate` (hang `timeout_ms`, default
/// 60000, past the client's timeout, then answer 504), `latency_ms` (fixed delay; either a number, or
/// `{"fixed": ms, "jitter": ms}`), `latency_jitter_ms` (uniform extra delay 0…jitter), `drop_after_commit_rate`
/// (a broadcast is accepted and, with sync=1, mined, then answered 500), `reject_nonce_rate` (a broadcast
/// is refused as if its nonce were wrong: −201 with TxCode 4), `reject_tx_rate` (a broadcast is refused for
/// good, as a node refuses an account that cannot pay: −201 with TxCode 6, insufficient balance), `pause` (no
/// blocks are produced).
public struct FaultSettings: Sendable, Equatable, Codable {
    public var errorRate: Double = 0
    public var timeoutRate: Double = 0
    public var timeoutMs: Int = 60_000
    public var latencyMs: Int = 0
    public var latencyJitterMs: Int = 0
    public var dropAfterCommitRate: Double = 0
    public var rejectNonceRate: Double = 0
    public var rejectTxRate: Double = 0
    public var pause: Bool = false

    public init() {}

    enum CodingKeys: String, CodingKey {
        case errorRate = "error_rate", timeoutRate = "timeout_rate", timeoutMs = "timeout_ms", latencyMs = "latency_ms"
        case latencyJitterMs = "latency_jitter_ms", dropAfterCommitRate = "drop_after_commit_rate"
        case rejectNonceRate = "reject_nonce_rate", rejectTxRate = "reject_tx_rate", pause
    }

    private struct Latency: Codable { var fixed: Int?; var jitter: Int? }

    /// Decodes a partial or full setting; absent keys keep their defaults (off).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        errorRate = try c.decodeIfPresent(Double.self, forKey: .errorRate) ?? 0
        timeoutRate = try c.decodeIfPresent(Double.self, forKey: .timeoutRate) ?? 0
        timeoutMs = try c.decodeIfPresent(Int.self, forKey: .timeoutMs) ?? 60_000
        if let fixed = try? c.decodeIfPresent(Int.self, forKey: .latencyMs) {
            latencyMs = fixed
        } else if let latency = try c.decodeIfPresent(Latency.self, forKey: .latencyMs) {
            latencyMs = latency.fixed ?? 0
            latencyJitterMs = latency.jitter ?? 0
        }
        if let jitter = try c.decodeIfPresent(Int.self, forKey: .latencyJitterMs) { latencyJitterMs = jitter }
        dropAfterCommitRate = try c.decodeIfPresent(Double.self, forKey: .dropAfterCommitRate) ?? 0
        rejectNonceRate = try c.decodeIfPresent(Double.self, forKey: .rejectNonceRate) ?? 0
        rejectTxRate = try c.decodeIfPresent(Double.self, forKey: .rejectTxRate) ?? 0
        pause = try c.decodeIfPresent(Bool.self, forKey: .pause) ?? false
        try validate()
    }

    /// The longest delay a fault may ask for (one hour), so a setting can never overflow a clock.
    public static let maxDelayMs = 3_600_000

    /// Rates must lie in [0, 1] and durations in 0 … `maxDelayMs`.
    public func validate() throws {
        for (name, rate) in [("error_rate", errorRate), ("timeout_rate", timeoutRate), ("drop_after_commit_rate", dropAfterCommitRate),
                             ("reject_nonce_rate", rejectNonceRate), ("reject_tx_rate", rejectTxRate)] where !(0...1).contains(rate) {
            throw DevNodeError.invalidConfiguration("\(name) must be between 0 and 1, got \(rate)")
        }
        for (name, ms) in [("latency_ms", latencyMs), ("latency_jitter_ms", latencyJitterMs), ("timeout_ms", timeoutMs)]
        where !(0...Self.maxDelayMs).contains(ms) {
            throw DevNodeError.invalidConfiguration("\(name) must be between 0 and \(Self.maxDelayMs) ms, got \(ms)")
        }
    }
}
