import Foundation
internal import PostgresNIO

/// The delivery ledger: signed transactions, nonces per signer, and waking the jobs that wait for them.
extension StoreSession {
    static let transactionColumns = """
        id, intent, job_id, signer, nonce, action, tx_hash, tx_json, state, height, code, log, node, broadcasts, created_at, confirmed_at
        """

    static func transaction(_ row: PostgresRow) throws -> NodeTransaction {
        let (id, intent, jobID, signer, nonce, action, hash, json, state, height, code, log, node, broadcasts, createdAt, confirmedAt) =
            try row.decode((Int64, String, Int64?, String, Int64, String, String, String, String, Int64?, Int32?, String?, String?, Int32,
                            Date, Date?).self)
        guard let parsed = NodeTransactionState(rawValue: state) else { throw StoreError.decoding("node transaction state '\(state)'") }
        return NodeTransaction(id: id, intent: intent, jobID: jobID, signer: signer, nonce: nonce, action: action, txHash: hash, txJSON: json,
                               state: parsed, height: height, code: code.map(Int.init), log: log, node: node, broadcasts: Int(broadcasts),
                               createdAt: createdAt, confirmedAt: confirmedAt)
    }

    /// The live (not abandoned) transactions of these intents.
    public func liveTransactions(intents: [String]) async throws -> [NodeTransaction] {
        try await map("""
            SELECT \(unescaped: Self.transactionColumns) FROM node_transactions WHERE intent = ANY(\(intents)::text[]) AND state <> 'abandoned'
            """, Self.transaction)
    }

    /// The transactions of a job, oldest first (abandoned ones included: the job's history).
    public func transactions(jobID: Int64) async throws -> [NodeTransaction] {
        try await map("SELECT \(unescaped: Self.transactionColumns) FROM node_transactions WHERE job_id = \(jobID) ORDER BY id", Self.transaction)
    }

    /// One transaction by hash.
    public func transaction(hash: String) async throws -> NodeTransaction? {
        try await map("SELECT \(unescaped: Self.transactionColumns) FROM node_transactions WHERE tx_hash = \(hash)", Self.transaction).first
    }

    /// A signer's transactions still on their way (signed or broadcast), in nonce order.
    public func openTransactions(signer: String) async throws -> [NodeTransaction] {
        try await map("""
            SELECT \(unescaped: Self.transactionColumns) FROM node_transactions
            WHERE signer = \(signer) AND state IN ('signed', 'broadcast') ORDER BY nonce
            """, Self.transaction)
    }

    /// The signer's next nonce as recorded (nil before its first write).
    public func nextNonce(signer: String) async throws -> Int64? {
        try await map("SELECT next_nonce FROM signer_nonces WHERE signer = \(signer)") { try $0.decode(Int64.self) }.first
    }

    /// Sets the signer's next nonce (after reading the node's account state).
    public func setNextNonce(signer: String, to next: Int64) async throws {
        try await rows("""
            INSERT INTO signer_nonces (signer, next_nonce) VALUES (\(signer), \(next))
            ON CONFLICT (signer) DO UPDATE SET next_nonce = excluded.next_nonce, updated_at = now()
            """)
    }

    /// Allocates consecutive nonces for `count` writes, has `sign` sign each with its nonce, and stores them,
    /// all in the caller's transaction (call inside `IssuerStore.withTransaction`): a rollback gives the
    /// nonces back. The signer's row lock serializes allocations across processes.
    /// - Parameter firstNonceIfNew: the nonce to start from when the signer has no row yet (node nonce + 1).
    /// - Returns: the stored transactions, in nonce order.
    public func storeSignedWrites(signer: String, jobID: Int64?, count: Int, firstNonceIfNew: Int64,
                                  sign: (Int, Int64) throws -> SignedWrite) async throws -> [NodeTransaction] {
        try await rows("INSERT INTO signer_nonces (signer, next_nonce) VALUES (\(signer), \(firstNonceIfNew)) ON CONFLICT (signer) DO NOTHING")
        guard var next = try await map("SELECT next_nonce FROM signer_nonces WHERE signer = \(signer) FOR UPDATE", { try $0.decode(Int64.self) }).first
        else { throw StoreError.decoding("signer_nonces row vanished") }
        var stored: [NodeTransaction] = []
        for index in 0..<count {
            let write = try sign(index, next)
            let inserted = try await map("""
                INSERT INTO node_transactions AS t (intent, job_id, signer, nonce, action, tx_hash, tx_json)
                VALUES (\(write.intent), \(jobID), \(signer), \(next), \(write.action), \(write.txHash), \(write.txJSON))
                ON CONFLICT (tx_hash) DO UPDATE SET state = 'signed', job_id = excluded.job_id, code = NULL, height = NULL,
                                                    confirmed_at = NULL, broadcast_at = NULL
                WHERE t.state = 'abandoned' AND t.intent = excluded.intent AND t.signer = excluded.signer AND t.nonce = excluded.nonce
                RETURNING \(unescaped: Self.transactionColumns)
                """, Self.transaction)
            // The same bytes as an abandoned tx (a refused write signed again at the same free nonce after an
            // operator's retry) revive that row; any other clash of hashes is an error.
            guard !inserted.isEmpty else { throw StoreError.uniqueViolation(constraint: "node_transactions_tx_hash_key") }
            stored += inserted
            next += 1
        }
        try await rows("UPDATE signer_nonces SET next_nonce = \(next), updated_at = now() WHERE signer = \(signer)")
        return stored
    }

    /// Records that a node accepted the tx (or holds it in its mempool).
    public func markBroadcast(id: Int64, node: String) async throws {
        try await rows("""
            UPDATE node_transactions SET state = 'broadcast', node = \(node), broadcasts = broadcasts + 1,
                   broadcast_at = coalesce(broadcast_at, now())
            WHERE id = \(id) AND state IN ('signed', 'broadcast')
            """)
    }

    /// Counts a broadcast that did not get through (the tx stays `signed`).
    public func countFailedBroadcast(id: Int64, node: String) async throws {
        try await rows("UPDATE node_transactions SET broadcasts = broadcasts + 1, node = \(node) WHERE id = \(id) AND state = 'signed'")
    }

    /// Puts a tx a node lost (not found, not mined) back to `signed`, to be broadcast again.
    public func markLost(id: Int64) async throws {
        try await rows("UPDATE node_transactions SET state = 'signed' WHERE id = \(id) AND state = 'broadcast'")
    }

    /// Records a tx's block: `mined` for code 0, `failed` otherwise. Returns the job waiting for it.
    @discardableResult
    public func markConfirmed(id: Int64, height: Int64, code: Int, log: String) async throws -> Int64? {
        try await map("""
            UPDATE node_transactions SET state = \(code == 0 ? "mined" : "failed"), height = \(height), code = \(Int32(clamping: code)),
                   log = \(log), confirmed_at = now()
            WHERE id = \(id) AND state IN ('signed', 'broadcast')
            RETURNING job_id
            """) { try $0.decode(Int64?.self) }.first ?? nil
    }

    /// Records that a node refused a tx for good before it entered a mempool (its nonce stays free): it becomes
    /// `abandoned` with the node's code and message, so its intent's latest tx tells the job why. Returns the job.
    @discardableResult
    public func rejectTransaction(id: Int64, code: Int, log: String) async throws -> Int64? {
        try await map("""
            UPDATE node_transactions SET state = 'abandoned', code = \(Int32(clamping: code)), log = \(log), confirmed_at = now()
            WHERE id = \(id) AND state IN ('signed', 'broadcast')
            RETURNING job_id
            """) { try $0.decode(Int64?.self) }.first ?? nil
    }

    /// The verdict tx of each intent: its live tx (at most one), else its most recent abandoned one (a refused one
    /// tells why its intent failed). A live tx can be older than an abandoned one: a refused write signed again at
    /// the same free nonce revives its first row.
    public func latestTransactions(intents: [String]) async throws -> [String: NodeTransaction] {
        let rows = try await map("""
            SELECT DISTINCT ON (intent) \(unescaped: Self.transactionColumns) FROM node_transactions
            WHERE intent = ANY(\(intents)::text[]) ORDER BY intent, (state <> 'abandoned') DESC, id DESC
            """, Self.transaction)
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.intent, $0) })
    }

    /// Marks a tx as provably never accepted, freeing its intent for a new signature.
    public func abandonTransaction(id: Int64) async throws {
        try await rows("UPDATE node_transactions SET state = 'abandoned', confirmed_at = now() WHERE id = \(id) AND state IN ('signed', 'broadcast')")
    }

    /// Makes jobs that are waiting (snoozed) due now and wakes workers: their transaction has news.
    public func wakeJobs(ids: [Int64], notify channel: String) async throws {
        guard !ids.isEmpty else { return }
        let woken = try await count("""
            UPDATE jobs SET scheduled_at = now() WHERE id = ANY(\(ids)::bigint[]) AND state IN ('available', 'retryable') AND scheduled_at > now()
            RETURNING 1
            """)
        if woken > 0 { try await rows("SELECT pg_notify(\(channel), '')") }
    }
}
