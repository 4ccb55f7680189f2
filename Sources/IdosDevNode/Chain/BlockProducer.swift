import Foundation
import IdosCrypto
import Logging
import PostgresNIO
import ServiceLifecycle

/// Mines the mempool every `interval`: one SQL transaction per block, a savepoint per tx (a failing
/// action is rolled back and mined with a non-zero code), then account nonces, tx results and the block
/// row, committed together (see `mine` for the fast path without savepoints). Paused while the `pause` fault is set.
struct BlockProducer: Service {
    /// The default block interval (`--block-interval`).
    static let defaultInterval = Duration.milliseconds(500)
    /// The most txs one block takes.
    static let maxTxsPerBlock = 5_000

    let interval: Duration
    let store: NodeStore
    let state: ChainState
    let faults: FaultInjector
    let owner: String?
    let logger: Logger
    /// The wall clock in unix seconds; a block's `@block_timestamp` is this, never earlier than the previous
    /// block's. Injected so tests can put a block at an exact second.
    let now: @Sendable () -> Int64

    init(interval: Duration, store: NodeStore, state: ChainState, faults: FaultInjector, owner: String?, logger: Logger,
         now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }) {
        self.interval = interval
        self.store = store
        self.state = state
        self.faults = faults
        self.owner = owner
        self.logger = logger
        self.now = now
    }

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                if await faults.holdsBlock() { continue }
                do {
                    while try await runOnce() >= Self.maxTxsPerBlock {}
                } catch is CancellationError {
                    return
                } catch {
                    logger.error("block production failed", metadata: ["error": "\(String(reflecting: error))"])
                }
            }
        }
    }

    /// Mines one block from the mempool if it holds anything.
    /// - Returns: the number of txs mined (0 when the mempool was empty).
    @discardableResult
    func runOnce() async throws -> Int {
        let batch = await state.takeBatch(limit: Self.maxTxsPerBlock)
        guard !batch.isEmpty else { return 0 }
        let height = await state.height + 1
        let timestamp = max(await state.blockTimestamp, now())
        let previousHash = await state.blockHash
        let blockHash = Hex.encode(SHA256.hash(Array("\(previousHash):\(height):\(batch.map(\.hash).joined(separator: ","))".utf8)))
        let outcomes: [(String, TxOutcome)]
        do {
            outcomes = try await store.client.withConnection { connection in
                try await mine(batch, height: height, timestamp: timestamp, blockHash: blockHash, on: connection)
            }
        } catch {
            await state.blockFailed(batch)
            throw error
        }
        await state.committed(height: height, timestamp: timestamp, hash: blockHash, outcomes: outcomes)
        return batch.count
    }

    /// Mines a block in one SQL transaction. Fast path: run every tx without savepoints; if one fails, roll
    /// the whole block back and run it again with a savepoint per tx, so the failing tx alone is undone.
    /// Both runs see the same state, height and timestamp, so the successful txs do the same thing twice.
    private func mine(_ batch: [PendingTx], height: Int64, timestamp: Int64, blockHash: String,
                      on connection: PostgresConnection) async throws -> [(String, TxOutcome)] {
        try await connection.query("BEGIN", logger: logger)
        do {
            var outcomes = try await execute(batch, height: height, timestamp: timestamp, savepoints: false, on: connection)
            if outcomes == nil {
                try await connection.query("ROLLBACK", logger: logger)
                try await connection.query("BEGIN", logger: logger)
                outcomes = try await execute(batch, height: height, timestamp: timestamp, savepoints: true, on: connection)
            }
            let mined = outcomes ?? []
            for (tx, (_, outcome)) in zip(batch, mined) {
                logger.info("tx mined", metadata: [
                    "tx_hash": "\(tx.hash)", "action": "\(tx.action)", "code": "\(outcome.code)", "height": "\(height)",
                    "log": "\(outcome.log)",
                ])
            }
            try await record(batch, outcomes: mined, height: height, timestamp: timestamp, blockHash: blockHash, on: connection)
            try await connection.query("COMMIT", logger: logger)
            return mined
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
        }
    }

    /// Runs the txs' actions. Without savepoints it stops at the first failing tx and returns nil (the
    /// transaction is then unusable); with savepoints every tx gets an outcome.
    private func execute(_ batch: [PendingTx], height: Int64, timestamp: Int64, savepoints: Bool,
                         on connection: PostgresConnection) async throws -> [(String, TxOutcome)]? {
        var outcomes: [(String, TxOutcome)] = []
        outcomes.reserveCapacity(batch.count)
        for tx in batch {
            if savepoints { try await connection.query("SAVEPOINT tx", logger: logger) }
            var failure: String?
            do {
                let context = ActionContext(connection: connection, caller: tx.caller, height: height, blockTimestamp: timestamp,
                                            isWrite: true, logger: logger)
                for call in tx.calls {
                    _ = try await IdosActions.invoke(namespace: tx.namespace, action: tx.action, arguments: call, context: context, owner: owner)
                }
            } catch let error as DevNodeError {
                failure = error.logMessage
            } catch let error as PostgresDecodingError {
                failure = "engine error: cannot decode a result (\(error.code))"
            }
            if let failure {
                guard savepoints else { return nil }
                try await connection.query("ROLLBACK TO SAVEPOINT tx", logger: logger)
                outcomes.append((tx.hash, TxOutcome(code: TxOutcome.failedCode, log: failure, height: height)))
            } else {
                if savepoints { try await connection.query("RELEASE SAVEPOINT tx", logger: logger) }
                outcomes.append((tx.hash, TxOutcome(code: 0, log: "", height: height)))
            }
        }
        return outcomes
    }

    /// Writes the accounts' last nonces, the tx results and the block row.
    private func record(_ batch: [PendingTx], outcomes: [(String, TxOutcome)], height: Int64, timestamp: Int64, blockHash: String,
                        on connection: PostgresConnection) async throws {
        var lastNonce: [AccountKey: Int64] = [:]
        for tx in batch { lastNonce[tx.account] = max(lastNonce[tx.account] ?? 0, tx.nonce) }
        let accounts = Array(lastNonce.keys)
        let identifiers = accounts.map(\.identifier), keyTypes = accounts.map(\.keyType), nonces = accounts.map { lastNonce[$0]! }
        try await connection.query("""
            INSERT INTO node_accounts (identifier, key_type, nonce)
            SELECT * FROM unnest(\(identifiers)::TEXT[], \(keyTypes)::TEXT[], \(nonces)::INT8[])
            ON CONFLICT (identifier, key_type) DO UPDATE SET nonce = excluded.nonce
            """, logger: logger)
        let hashes = batch.map(\.hash), jsons = batch.map(\.json), actions = batch.map(\.action)
        let positions = (0..<batch.count).map { Int64($0) }
        let codes = outcomes.map(\.1.code), logs = outcomes.map(\.1.log)
        try await connection.query("""
            INSERT INTO node_txs (hash, height, position, tx_json, code, log, action)
            SELECT u.hash, \(height), u.position, u.json, u.code, u.log, u.action
            FROM unnest(\(hashes)::TEXT[], \(positions)::INT8[], \(jsons)::TEXT[], \(codes)::INT8[], \(logs)::TEXT[], \(actions)::TEXT[])
                 AS u(hash, position, json, code, log, action)
            ON CONFLICT (hash) DO NOTHING
            """, logger: logger)
        try await connection.query("""
            INSERT INTO node_blocks (height, block_timestamp, hash, tx_count) VALUES (\(height), \(timestamp), \(blockHash), \(Int32(batch.count)))
            """, logger: logger)
    }
}
