/// The bounds that keep a devnode standing under abuse: every queue, table and wait has one. Part of
/// `DevNodeConfiguration` (`limits`); the executable exposes the ones worth tuning as flags.
public struct DevNodeLimits: Sendable, Equatable {
    /// The most txs the mempool holds; past it `user.broadcast` answers −201 with TxCode 11 (mempool full),
    /// which clients treat as retryable. Default 20,000 (`--mempool-max-txs`).
    public var mempoolMaxTxs = 20_000
    /// The most bytes of tx JSON the mempool holds (same refusal). Default 128 MiB.
    public var mempoolMaxBytes = 128 * 1024 * 1024
    /// How long a `sync: 1` broadcast waits for its block before answering −201 with TxCode 10 (commit
    /// timeout; the tx stays in the mempool, `user.tx_query` tells what became of it). Default 15 s
    /// (`--sync-timeout`).
    public var syncBroadcastTimeout: Duration = .seconds(15)
    /// How long an HTTP connection may stay idle before the node closes it. Default 60 s (`--idle-timeout`).
    public var httpIdleTimeout: Duration = .seconds(60)
    /// The largest JSON-RPC request body accepted. Default 16 MiB.
    public var maxRequestBytes = 16 * 1024 * 1024
    /// The most pending KGW sign-in nonces (`kgw.authn_param` answers not yet used); past it the oldest is
    /// dropped. Default 10,000.
    public var maxPendingSignIns = 10_000
    /// The most live KGW sessions; past it the oldest is dropped. Default 100,000.
    public var maxSessions = 100_000
    /// The most unused `user.challenge` challenges kept (each lives 10 s); past it the oldest is dropped.
    /// Default 10,000.
    public var maxChallenges = 10_000
    /// `user.challenge` requests per second per client address, sustained (a real node's default 10), after
    /// a burst of 60; beyond it −1006.
    public var challengesPerSecond = 10.0

    public init() {}

    /// Every limit must be positive.
    /// - Throws: `DevNodeError.invalidConfiguration` naming the first that is not.
    public func validate() throws {
        for (name, value) in [("mempool max txs", mempoolMaxTxs), ("mempool max bytes", mempoolMaxBytes),
                              ("max request bytes", maxRequestBytes), ("max pending sign-ins", maxPendingSignIns),
                              ("max sessions", maxSessions), ("max challenges", maxChallenges)] where value <= 0 {
            throw DevNodeError.invalidConfiguration("\(name) must be positive, got \(value)")
        }
        for (name, value) in [("sync broadcast timeout", syncBroadcastTimeout), ("HTTP idle timeout", httpIdleTimeout)] where value <= .zero {
            throw DevNodeError.invalidConfiguration("\(name) must be positive, got \(value)")
        }
        guard challengesPerSecond > 0, challengesPerSecond.isFinite else {
            throw DevNodeError.invalidConfiguration("challenges per second must be positive, got \(challengesPerSecond)")
        }
    }
}
