import Foundation
import IdosCrypto
import IdosKit
import IssuerStore
import KwilKit
import Logging

/// One signing key's nonce stream, run by the one process that holds the key's lease.
///
/// Every write is signed once, with the next nonce, and stored (JSON and hash) before anything is sent.
/// The lane broadcasts its stored txs strictly in nonce order (the node takes only `account nonce + 1`),
/// without waiting for blocks, and confirms them by hash. An ambiguous broadcast (timeout, 5xx, a reply
/// lost after the node committed) is settled by `user.tx_query` on the stored hash, never by signing again;
/// a tx the node lost is resent byte for byte. Only a tx that provably never landed — its nonce is used on
/// the chain and the chain does not know its hash — is abandoned, and its intent signed again under a
/// fresh nonce (`resync`).
actor SignerLane {
    let signer: Ed25519Signer
    let signerHex: String
    private let store: IssuerStore
    private let pool: NodePool
    private let chainID: String
    private let configuration: NodeWriterConfiguration
    private let logger: Logger
    let doorbell = Doorbell()

    /// Txs in flight, by nonce (the store is the durable copy; this process is the only writer of this signer).
    private var open: [Int64: NodeTransaction] = [:]
    private var synced = false
    private var broadcastFailures = 0
    /// Submits and resyncs exclude each other (a resync may move the next nonce back to fill a gap; a
    /// submit meanwhile would reuse a nonce). Broadcast and confirm passes run on the lane's own task.
    private var allocating = false
    private var allocationWaiters: [CheckedContinuation<Void, Never>] = []

    private func exclusively<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        while allocating { await withCheckedContinuation { allocationWaiters.append($0) } }
        allocating = true
        defer {
            allocating = false
            if !allocationWaiters.isEmpty { allocationWaiters.removeFirst().resume() }
        }
        return try await body()
    }

    init(signer: Ed25519Signer, store: IssuerStore, pool: NodePool, chainID: String, configuration: NodeWriterConfiguration, logger: Logger) {
        self.signer = signer
        signerHex = Hex.encode(signer.identifier)
        self.store = store
        self.pool = pool
        self.chainID = chainID
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "signer"] = "\(signerHex.prefix(12))"
        self.logger = logger
    }

    // MARK: Submitting

    /// Signs `writes` with consecutive nonces and stores them in one transaction, unless one of their intents
    /// already has a live tx (then nothing is signed and the live txs are returned: an intent is never
    /// signed twice). Wakes the broadcaster.
    func submit(_ writes: [PlannedWrite], jobID: Int64?) async throws -> [NodeTransaction] {
        try await exclusively { try await submitNow(writes, jobID: jobID) }
    }

    private func submitNow(_ writes: [PlannedWrite], jobID: Int64?) async throws -> [NodeTransaction] {
        if !synced { try await resyncNow() }
        let chainID = chainID, signer = signer, signerHex = signerHex
        let transactions: [Transaction] = try writes.map { write in
            do { return try write.call.transaction(nonce: 1, chainID: chainID) } catch { throw NodeWriteError.invalidWrite("\(error)") }
        }
        let stored = try await store.withTransaction { session -> [NodeTransaction] in
            let live = try await session.liveTransactions(intents: writes.map(\.intent))
            if !live.isEmpty { return live }
            for write in writes { if let check = write.stillWanted, try await !check(session) { return [] } }
            return try await session.storeSignedWrites(signer: signerHex, jobID: jobID, count: writes.count, firstNonceIfNew: 1) { index, nonce in
                var tx = transactions[index]
                tx.nonce = UInt64(nonce)
                try tx.sign(with: signer)
                return SignedWrite(intent: writes[index].intent, action: writes[index].call.action.name, txHash: Hex.encode(tx.hash),
                                   txJSON: tx.json())
            }
        }
        for tx in stored where tx.state.isOpen && tx.signer == signerHex { open[tx.nonce] = tx }
        doorbell.ring()
        return stored
    }

    // MARK: The loop

    /// Broadcasts and confirms until cancelled.
    func run() async {
        while !Task.isCancelled {
            do {
                if !synced { try await resync() }
                try await broadcastPass()
                try await confirmPass()
                broadcastFailures = 0
            } catch {
                if Task.isCancelled { return }
                broadcastFailures += 1
                logger.warning("lane pass failed; will retry", metadata: ["error": "\(error)"])
                let backoff = configuration.retryInterval * (1 << min(broadcastFailures - 1, 4))
                try? await Task.sleep(for: min(backoff, .seconds(2)))
                continue
            }
            await doorbell.wait(timeout: open.isEmpty ? configuration.idleInterval : configuration.confirmInterval)
        }
    }

    /// The number of txs in flight (for stats).
    var inFlight: Int { open.count }

    /// Broadcasts the `signed` txs in nonce order, stopping at the first one that does not get in.
    private func broadcastPass() async throws {
        for nonce in open.keys.sorted() {
            guard let tx = open[nonce], tx.state == .signed else { continue }
            let json = tx.txJSON
            do {
                let node = try await broadcastWithRetries(json, hash: tx.txHash)
                try await store.session.markBroadcast(id: tx.id, node: node)
                open[nonce]?.state = .broadcast
                open[nonce]?.broadcasts += 1
                open[nonce]?.createdAt = Date()
            } catch let error as KwilError {
                switch error {
                case .invalidNonce:
                    // The node expects another nonce: our view is stale (lost mempool, a foreign tx). Re-read.
                    logger.info("node refused a nonce; resyncing", metadata: ["nonce": "\(nonce)", "tx_hash": "\(tx.txHash)"])
                    synced = false
                    return
                case .broadcastRejected(let code, let message) where !TxCode(rawValue: code).isRetryable:
                    // Refused for good (encoding, signature, chain): it never entered the mempool, so its
                    // nonce is still free. Record the refusal; the resync re-signs the txs after it.
                    logger.error("node refused a tx", metadata: ["tx_hash": "\(tx.txHash)", "code": "\(code)"])
                    let job = try await store.session.rejectTransaction(id: tx.id, code: Int(code), log: message)
                    open[nonce] = nil
                    if let job { try await store.session.wakeJobs(ids: [job], notify: store.jobChannel) }
                    synced = false
                    return
                case .invalidSignature(let message), .actionFailed(let message):
                    let job = try await store.session.rejectTransaction(id: tx.id, code: Int(TxCode.unknown.rawValue), log: message)
                    open[nonce] = nil
                    if let job { try await store.session.wakeJobs(ids: [job], notify: store.jobChannel) }
                    synced = false
                    return
                default:
                    try? await store.session.countFailedBroadcast(id: tx.id, node: "?")
                    throw error
                }
            }
        }
    }

    /// Sends stored bytes. A failure that may hide an acceptance (timeout, 5xx, lost answer) is settled by
    /// asking for the hash, never by signing again; a tx proven absent is resent at once, a few times, so a
    /// flaky node does not stall the whole nonce stream for a back-off. Returns the node that took it.
    private func broadcastWithRetries(_ json: String, hash: String) async throws -> String {
        var attempt = 0
        while true {
            do {
                return try await pool.run { client throws(KwilError) in try await client.broadcast(transactionJSON: json) }.1
            } catch {
                let ambiguous = Self.mayHaveLanded(error)
                if ambiguous {
                    let known = (try? await lookUp(hash)) ?? nil
                    if known != nil { return "lookup" }
                }
                guard (error.isRetryable || ambiguous) && attempt < Self.quickRetries else { throw error }
                attempt += 1
                try await Task.sleep(for: .milliseconds(20 * attempt))
            }
        }
    }

    /// Immediate retries of a clearly-not-accepted broadcast (default 3).
    static let quickRetries = 3

    /// Whether the node may have accepted the tx although the call failed (then ask by hash, never resend blindly).
    static func mayHaveLanded(_ error: KwilError) -> Bool {
        switch error {
        case .timedOut, .cancelled, .malformedResponse: true
        case .transport: true
        case .rpc(let code, _): JSONRPCErrorCode(rawValue: code) == .internalError || JSONRPCErrorCode(rawValue: code) == .timeout
        default: false
        }
    }

    /// Confirms broadcast txs whose nonce the chain has passed, and looks up those waiting too long.
    private func confirmPass() async throws {
        let waiting = open.values.filter { $0.state == .broadcast }.sorted { $0.nonce < $1.nonce }
        guard !waiting.isEmpty else { return }
        let identifier = signer.identifier
        let committed = try await pool.read { client throws(KwilError) in
            try await client.accountNonce(identifier: identifier, keyType: "ed25519", pending: false)
        }
        let now = Date()
        let due = waiting.filter { $0.nonce <= committed || now.timeIntervalSince($0.createdAt) > configuration.lostAfter }
        let results = await lookUpAll(due)
        var woken: [Int64] = []
        for (tx, lookup) in results {
            let result: BroadcastResult?
            switch lookup {
            case .failed: continue   // no answer: ask again on the next pass
            case .found(let found): result = found
            case .notFound: result = nil
            }
            if let result, result.height > 0 {
                if let job = try await store.session.markConfirmed(id: tx.id, height: result.height, code: Int(result.code ?? 0), log: result.log) {
                    woken.append(job)
                }
                open[tx.nonce] = nil
            } else if result == nil {
                if tx.nonce <= committed {
                    // Its nonce is used on the chain and the chain does not know it: it never landed.
                    synced = false
                } else {
                    // The node lost it (restart): send the same bytes again.
                    try await store.session.markLost(id: tx.id)
                    open[tx.nonce]?.state = .signed
                }
            } else {
                open[tx.nonce]?.createdAt = now   // still in a mempool; look again later
            }
        }
        try await store.session.wakeJobs(ids: woken, notify: store.jobChannel)
    }

    /// What a lookup by hash said. `failed` (no node answered) is never taken for `notFound`: only a node's
    /// own "not found" may lead to abandoning a tx.
    enum Lookup: Sendable {
        case found(BroadcastResult)
        case notFound
        case failed
    }

    /// Looks txs up concurrently (reads are independent; a slow answer must not hold the others).
    private func lookUpAll(_ transactions: [NodeTransaction]) async -> [(NodeTransaction, Lookup)] {
        await withTaskGroup(of: (NodeTransaction, Lookup).self) { group in
            var out: [(NodeTransaction, Lookup)] = []
            var iterator = transactions.makeIterator()
            func add(_ tx: NodeTransaction) {
                group.addTask {
                    do { return (tx, try await self.lookUp(tx.txHash).map(Lookup.found) ?? .notFound) } catch { return (tx, .failed) }
                }
            }
            for _ in 0..<Self.lookupConcurrency { if let tx = iterator.next() { add(tx) } }
            while let result = await group.next() {
                out.append(result)
                if let tx = iterator.next() { add(tx) }
            }
            return out.sorted { $0.0.nonce < $1.0.nonce }
        }
    }

    /// Concurrent lookups in a confirm pass (default 8).
    static let lookupConcurrency = 8

    /// `user.tx_query`, nil when no node knows the hash.
    nonisolated private func lookUp(_ hash: String) async throws -> BroadcastResult? {
        try await pool.read { client throws(KwilError) in try await client.txQueryIfKnown(hash: hash) }
    }

    // MARK: Resync

    /// Rebuilds the lane from the store and the chain: mined txs are recorded, txs whose nonce the chain used
    /// for something else are abandoned and their intents signed again, the rest are kept for (re)broadcast,
    /// and the next nonce continues after both our txs and the node's pending ones.
    func resync() async throws {
        try await exclusively { try await resyncNow() }
    }

    private func resyncNow() async throws {
        let identifier = signer.identifier
        let committed = try await pool.read { client throws(KwilError) in
            try await client.accountNonce(identifier: identifier, keyType: "ed25519", pending: false)
        }
        let pending = try await pool.read { client throws(KwilError) in
            try await client.accountNonce(identifier: identifier, keyType: "ed25519", pending: true)
        }
        let stored = try await store.session.openTransactions(signer: signerHex)
        var expected = committed + 1
        var kept: [Int64: NodeTransaction] = [:]
        var again: [NodeTransaction] = []
        var woken: [Int64] = []
        // At or below the chain's nonce: mined, or never landed (its nonce went to another tx). Only these
        // need a lookup; above it, the node's pending nonce says which are in its mempool.
        for (tx, lookup) in await lookUpAll(stored.filter { $0.nonce <= committed }) {
            let result: BroadcastResult?
            switch lookup {
            case .failed: throw NodeWriteError.unavailable("tx_query failed during a resync")
            case .found(let found): result = found
            case .notFound: result = nil
            }
            if let result, result.height > 0 {
                if let job = try await store.session.markConfirmed(id: tx.id, height: result.height, code: Int(result.code ?? 0), log: result.log) {
                    woken.append(job)
                }
            } else {
                logger.warning("a tx never landed: its nonce is used and the chain does not know its hash",
                               metadata: ["nonce": "\(tx.nonce)", "committed": "\(committed)", "tx_hash": "\(tx.txHash)",
                                          "found_pending": "\(result != nil)"])
                again.append(tx)
            }
        }
        for var tx in stored where tx.nonce > committed {
            guard tx.nonce == expected else {
                // After a gap: the node can never take it as signed.
                logger.warning("a tx follows a nonce gap", metadata: ["nonce": "\(tx.nonce)", "expected": "\(expected)", "committed": "\(committed)",
                                                                      "pending": "\(pending)", "tx_hash": "\(tx.txHash)"])
                again.append(tx)
                continue
            }
            let inMempool = tx.nonce <= pending
            if inMempool, tx.state == .signed { try await store.session.markBroadcast(id: tx.id, node: "resync"); tx.state = .broadcast }
            if !inMempool, tx.state == .broadcast { try await store.session.markLost(id: tx.id); tx.state = .signed }
            tx.createdAt = Date()
            kept[tx.nonce] = tx
            expected += 1
        }
        let next = max(expected, pending + 1)
        try await store.session.setNextNonce(signer: signerHex, to: next)
        if !again.isEmpty {
            logger.warning("re-signing txs that can never land", metadata: ["count": "\(again.count)", "from_nonce": "\(next)"])
            for tx in try await resign(again) { kept[tx.nonce] = tx }
        }
        try await store.session.wakeJobs(ids: woken, notify: store.jobChannel)
        open = kept
        synced = true
        doorbell.ring()
    }

    /// Abandons each tx and stores the same payload (same intent, same job) signed under the next nonce.
    private func resign(_ transactions: [NodeTransaction]) async throws -> [NodeTransaction] {
        let chainID = chainID, signer = signer, signerHex = signerHex
        return try await store.withTransaction { session -> [NodeTransaction] in
            var out: [NodeTransaction] = []
            for old in transactions {
                let previous: Transaction
                do { previous = try Transaction(json: Data(old.txJSON.utf8)) } catch { throw NodeWriteError.invalidWrite("stored tx \(old.txHash): \(error)") }
                try await session.abandonTransaction(id: old.id)
                out += try await session.storeSignedWrites(signer: signerHex, jobID: old.jobID, count: 1, firstNonceIfNew: 1) { _, nonce in
                    var tx = Transaction(description: previous.description, payload: previous.payload, payloadType: previous.payloadType,
                                         fee: previous.fee, nonce: UInt64(nonce), chainID: chainID)
                    try tx.sign(with: signer)
                    return SignedWrite(intent: old.intent, action: old.action, txHash: Hex.encode(tx.hash), txJSON: tx.json())
                }
            }
            return out
        }
    }
}

