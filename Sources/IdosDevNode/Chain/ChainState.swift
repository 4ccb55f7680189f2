import Foundation

/// The in-memory half of the chain: the mempool (bounded in txs and bytes), pending nonces (including
/// mempool txs), waiters for `sync=1` (each with a timeout), the head block and counters. Lost on restart,
/// like a real node's mempool; committed state (nonces, blocks, tx results) lives in PostgreSQL.
actor ChainState {
    private(set) var mempool: [PendingTx] = []
    private var pendingByHash: [String: PendingTx] = [:]
    /// Txs taken into the block being produced: still pending for `user.tx_query` until the block commits.
    private var inBlock: [String: PendingTx] = [:]
    private(set) var mempoolBytes = 0
    private let maxTxs: Int
    private let maxBytes: Int
    private var pendingNonces: [AccountKey: Int64] = [:]
    private var waiters: [String: [UInt64: Waiter]] = [:]
    private var nextWaiter: UInt64 = 0
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

    /// A `sync=1` caller waiting for its tx, and the timer that gives up on its behalf.
    private struct Waiter {
        let continuation: CheckedContinuation<BlockWait, Never>
        let timer: Task<Void, Never>
    }

    /// What became of a tx someone waited for.
    enum BlockWait: Sendable, Equatable {
        /// Mined in a block, with this result.
        case mined(TxOutcome)
        /// Its block failed to commit; the tx was dropped from the mempool.
        case dropped
        /// Not mined within the wait's timeout; it may still be mined later.
        case timedOut
    }

    /// - Parameters:
    ///   - maxTxs: the most txs the mempool holds (`DevNodeLimits.mempoolMaxTxs`).
    ///   - maxBytes: the most bytes of tx JSON it holds (`DevNodeLimits.mempoolMaxBytes`).
    init(height: Int64, blockTimestamp: Int64, blockHash: String, maxTxs: Int = DevNodeLimits().mempoolMaxTxs,
         maxBytes: Int = DevNodeLimits().mempoolMaxBytes) {
        self.height = height
        self.blockTimestamp = blockTimestamp
        self.blockHash = blockHash
        self.maxTxs = maxTxs
        self.maxBytes = maxBytes
    }

    /// Why a tx was not admitted.
    enum Refusal: Error, Sendable, Equatable {
        case nonce(expected: Int64, got: Int64)
        /// The mempool is at its tx or byte limit (TxCode 11): retry later.
        case mempoolFull
    }

    /// Admits a tx if the mempool has room and its nonce is exactly the account's pending nonce + 1.
    /// `committedNonce` is the account's nonce in the database, used when the mempool holds nothing for it.
    func admit(_ tx: PendingTx, committedNonce: Int64) throws(Refusal) {
        guard mempool.count < maxTxs, mempoolBytes + tx.size <= maxBytes else {
            counters.rejected += 1
            throw .mempoolFull
        }
        let last = pendingNonces[tx.account] ?? committedNonce
        guard tx.nonce == last + 1 else {
            counters.rejected += 1
            throw .nonce(expected: last + 1, got: tx.nonce)
        }
        pendingNonces[tx.account] = tx.nonce
        mempool.append(tx)
        pendingByHash[tx.hash] = tx
        mempoolBytes += tx.size
        counters.accepted += 1
    }

    /// Counts a tx refused before the nonce check.
    func countRejected() { counters.rejected += 1 }

    /// The pending nonce of an account (mempool included), or nil when the mempool never saw it.
    func pendingNonce(_ account: AccountKey) -> Int64? { pendingNonces[account] }

    /// The tx, if it waits in the mempool or in the block being produced.
    func isPending(_ hash: String) -> PendingTx? { pendingByHash[hash] ?? inBlock[hash] }

    /// Takes up to `limit` txs for the next block, in arrival order (per account, nonce order).
    func takeBatch(limit: Int) -> [PendingTx] {
        let batch = Array(mempool.prefix(limit))
        mempool.removeFirst(batch.count)
        for tx in batch {
            pendingByHash[tx.hash] = nil
            inBlock[tx.hash] = tx
            mempoolBytes -= tx.size
        }
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
            inBlock[txHash] = nil
            resumeAll(txHash, with: .mined(outcome))
        }
        if recentOrder.count > Self.recentLimit {
            let drop = recentOrder.count - Self.recentLimit
            for hash in recentOrder.prefix(drop) { recent[hash] = nil }
            recentOrder.removeFirst(drop)
        }
    }

    /// A block failed to commit: its txs are dropped, their accounts' pending nonces are forgotten (the
    /// database is authoritative again) and their waiters are told.
    func blockFailed(_ batch: [PendingTx]) {
        for tx in batch {
            pendingNonces[tx.account] = nil
            inBlock[tx.hash] = nil
            resumeAll(tx.hash, with: .dropped)
        }
        // Later txs of the same accounts can no longer be mined in order: drop them too.
        let accounts = Set(batch.map(\.account))
        let dropped = mempool.filter { accounts.contains($0.account) }
        mempool.removeAll { accounts.contains($0.account) }
        for tx in dropped {
            pendingByHash[tx.hash] = nil
            mempoolBytes -= tx.size
            resumeAll(tx.hash, with: .dropped)
        }
    }

    /// Waits until the tx is mined, its block fails, or `timeout` passes. Call only for txs admitted.
    func waitForBlock(_ hash: String, timeout: Duration) async -> BlockWait {
        if let outcome = recent[hash] { return .mined(outcome) }
        nextWaiter &+= 1
        let token = nextWaiter
        return await withCheckedContinuation { continuation in
            let timer = Task {
                try? await Task.sleep(for: timeout)
                guard !Task.isCancelled else { return }
                await self.giveUp(hash, token)
            }
            waiters[hash, default: [:]][token] = Waiter(continuation: continuation, timer: timer)
        }
    }

    /// The timer of waiter `token` fired first.
    private func giveUp(_ hash: String, _ token: UInt64) {
        guard let waiter = waiters[hash]?.removeValue(forKey: token) else { return }
        if waiters[hash]?.isEmpty == true { waiters[hash] = nil }
        waiter.continuation.resume(returning: .timedOut)
    }

    private func resumeAll(_ hash: String, with result: BlockWait) {
        for waiter in (waiters.removeValue(forKey: hash) ?? [:]).values {
            waiter.timer.cancel()
            waiter.continuation.resume(returning: result)
        }
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
