import Foundation

/// The in-memory half of the chain: the mempool, pending nonces (including mempool txs), waiters for
/// `sync=1`, the head block and counters. Lost on restart, like a real node's mempool; committed state
/// (nonces, blocks, tx results) lives in PostgreSQL.
actor ChainState {
    private(set) var mempool: [PendingTx] = []
    private var pendingNonces: [AccountKey: Int64] = [:]
    private var waiters: [String: [CheckedContinuation<TxOutcome?, Never>]] = [:]
    private(set) var height: Int64
    private(set) var blockTimestamp: Int64
    private(set) var blockHash: String
    private(set) var counters = Counters()
    /// Outcomes of recently mined txs, so a waiter that arrives after its block still gets an answer.
    private var recent: [String: TxOutcome] = [:]
    private var recentOrder: [String] = []
    private static let recentLimit = 20_000

    /// Counters for `GET /devnode/stats`.
    struct Counters: Sendable, Codable {
        var accepted = 0, rejected = 0, minedOk = 0, minedFailed = 0, blocks = 0
    }

    init(height: Int64, blockTimestamp: Int64, blockHash: String) {
        self.height = height
        self.blockTimestamp = blockTimestamp
        self.blockHash = blockHash
    }

    /// Why a tx was not admitted.
    enum Refusal: Error, Sendable { case nonce(expected: Int64, got: Int64) }

    /// Admits a tx if its nonce is exactly the account's pending nonce + 1. `committedNonce` is the
    /// account's nonce in the database, used when the mempool holds nothing for it.
    func admit(_ tx: PendingTx, committedNonce: Int64) throws(Refusal) {
        let last = pendingNonces[tx.account] ?? committedNonce
        guard tx.nonce == last + 1 else {
            counters.rejected += 1
            throw .nonce(expected: last + 1, got: tx.nonce)
        }
        pendingNonces[tx.account] = tx.nonce
        mempool.append(tx)
        counters.accepted += 1
    }

    /// Counts a tx refused before the nonce check.
    func countRejected() { counters.rejected += 1 }

    /// The pending nonce of an account (mempool included), or nil when the mempool never saw it.
    func pendingNonce(_ account: AccountKey) -> Int64? { pendingNonces[account] }

    /// Whether the tx is waiting in the mempool.
    func isPending(_ hash: String) -> PendingTx? { mempool.first { $0.hash == hash } }

    /// Takes up to `limit` txs for the next block, in arrival order (per account, nonce order).
    func takeBatch(limit: Int) -> [PendingTx] {
        let batch = Array(mempool.prefix(limit))
        mempool.removeFirst(batch.count)
        return batch
    }

    /// Records a committed block and wakes the `sync=1` waiters of its txs.
    func committed(height: Int64, timestamp: Int64, hash: String, outcomes: [(String, TxOutcome)]) {
        self.height = height
        self.blockTimestamp = timestamp
        self.blockHash = hash
        counters.blocks += 1
        for (txHash, outcome) in outcomes {
            if outcome.code == 0 { counters.minedOk += 1 } else { counters.minedFailed += 1 }
            recent[txHash] = outcome
            recentOrder.append(txHash)
            for waiter in waiters.removeValue(forKey: txHash) ?? [] { waiter.resume(returning: outcome) }
        }
        if recentOrder.count > Self.recentLimit {
            let drop = recentOrder.count - Self.recentLimit
            for hash in recentOrder.prefix(drop) { recent[hash] = nil }
            recentOrder.removeFirst(drop)
        }
    }

    /// A block failed to commit: its txs are dropped, their accounts' pending nonces are forgotten (the
    /// database is authoritative again) and their waiters get nil.
    func blockFailed(_ batch: [PendingTx]) {
        for tx in batch {
            pendingNonces[tx.account] = nil
            for waiter in waiters.removeValue(forKey: tx.hash) ?? [] { waiter.resume(returning: nil) }
        }
        // Later txs of the same accounts can no longer be mined in order: drop them too.
        let accounts = Set(batch.map(\.account))
        let dropped = mempool.filter { accounts.contains($0.account) }
        mempool.removeAll { accounts.contains($0.account) }
        for tx in dropped { for waiter in waiters.removeValue(forKey: tx.hash) ?? [] { waiter.resume(returning: nil) } }
    }

    /// Waits until the tx is mined (nil if its block failed). Call only for txs admitted and not yet mined.
    func waitForBlock(_ hash: String) async -> TxOutcome? {
        if let outcome = recent[hash] { return outcome }
        return await withCheckedContinuation { continuation in waiters[hash, default: []].append(continuation) }
    }
}

extension ChainState {
    /// Sets the head from the database at start.
    func restore(height: Int64, timestamp: Int64, hash: String) {
        self.height = height
        self.blockTimestamp = timestamp
        self.blockHash = hash
    }
}
