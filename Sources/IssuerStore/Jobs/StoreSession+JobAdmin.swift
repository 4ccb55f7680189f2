import Foundation
internal import PostgresNIO

/// Counts and ages for the queue-health view.
public struct QueueStats: Sendable, Equatable, Codable {
    /// Jobs per (kind, state).
    public struct Row: Sendable, Equatable, Codable {
        public var kind: String
        public var state: JobState
        public var count: Int
    }
    public var rows: [Row]
    /// Age in seconds of the oldest due job (available or retryable, scheduled in the past); 0 when none.
    public var oldestDueAge: Double
    /// Dead letters per reason.
    public var deadLetters: [String: Int]
}

/// Which jobs an operator's list, redrive or cancel applies to.
public struct JobFilter: Sendable, Equatable {
    public var states: [JobState]
    public var kind: String?
    public var deadReason: DeadReason?
    /// Only ids greater than this (cursor).
    public var afterID: Int64?
    public var limit: Int

    public init(states: [JobState] = [], kind: String? = nil, deadReason: DeadReason? = nil, afterID: Int64? = nil, limit: Int = 50) {
        self.states = states; self.kind = kind; self.deadReason = deadReason; self.afterID = afterID; self.limit = limit
    }
}

/// Operators' queries: stats, list, show, redrive, cancel.
extension StoreSession {
    static let recordColumns = """
        id, kind, args::text, state, priority, attempt, max_attempts, scheduled_at, deadline, attempted_at, attempted_by,
        lease_expires_at, errors::text, dead_reason, unique_key, request_id, created_at, finalized_at
        """

    static func record(_ row: PostgresRow) throws -> JobRecord {
        let (id, kind, args, state, priority, attempt, maxAttempts, scheduledAt, deadline, attemptedAt, attemptedBy, lease, errorsText,
             deadReason, uniqueKey, requestID, createdAt, finalizedAt) =
            try row.decode((Int64, String, String, String, Int16, Int32, Int32, Date, Date?, Date?, String?, Date?, String, String?, String?,
                            String?, Date, Date?).self)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let errors = (try? decoder.decode([JobAttemptError].self, from: Data(errorsText.utf8))) ?? []
        guard let jobState = JobState(rawValue: state) else { throw StoreError.decoding("job state '\(state)'") }
        return JobRecord(id: id, kind: kind, args: args, state: jobState, priority: Int(priority), attempt: Int(attempt),
                         maxAttempts: Int(maxAttempts), scheduledAt: scheduledAt, deadline: deadline, attemptedAt: attemptedAt,
                         attemptedBy: attemptedBy, leaseExpiresAt: lease, errors: errors, deadReason: deadReason.flatMap(DeadReason.init),
                         uniqueKey: uniqueKey, requestID: requestID, createdAt: createdAt, finalizedAt: finalizedAt)
    }

    /// One job, or nil.
    public func job(id: Int64) async throws -> JobRecord? {
        try await map("SELECT \(unescaped: Self.recordColumns) FROM jobs WHERE id = \(id)", Self.record).first
    }

    /// Jobs matching `filter`, by id.
    public func listJobs(_ filter: JobFilter) async throws -> [JobRecord] {
        let states = filter.states.map(\.rawValue)
        return try await map("""
            SELECT \(unescaped: Self.recordColumns) FROM jobs
            WHERE (cardinality(\(states)::text[]) = 0 OR state = ANY(\(states)::text[]))
              AND (\(filter.kind)::text IS NULL OR kind = \(filter.kind))
              AND (\(filter.deadReason?.rawValue)::text IS NULL OR dead_reason = \(filter.deadReason?.rawValue))
              AND id > \(filter.afterID ?? 0)
            ORDER BY id LIMIT \(Int32(filter.limit))
            """, Self.record)
    }

    /// Jobs per kind and state, the oldest due job's age, and dead letters per reason.
    public func queueStats() async throws -> QueueStats {
        let rows = try await jobCounts()
        let oldest = try await map("""
            SELECT coalesce(extract(epoch FROM now() - min(scheduled_at))::float8, 0) FROM jobs
            WHERE state IN ('available', 'retryable') AND scheduled_at <= now()
            """) { try $0.decode(Double.self) }.first ?? 0
        let dead = try await map("SELECT dead_reason, count(*) FROM jobs WHERE dead_reason IS NOT NULL GROUP BY dead_reason") { row in
            let (reason, count) = try row.decode((String, Int64).self)
            return (reason, Int(count))
        }
        return QueueStats(rows: rows, oldestDueAge: max(0, oldest), deadLetters: Dictionary(uniqueKeysWithValues: dead))
    }

    /// Counts the final jobs (discarded, needs_consent, cancelled) a redrive of `filter` would move.
    public func countRedrivable(_ filter: JobFilter) async throws -> Int {
        let states = (filter.states.isEmpty ? JobState.allCases.filter(\.isRedrivable) : filter.states.filter(\.isRedrivable)).map(\.rawValue)
        return try await map("""
            SELECT count(*) FROM jobs WHERE state = ANY(\(states)::text[])
              AND (\(filter.kind)::text IS NULL OR kind = \(filter.kind))
              AND (\(filter.deadReason?.rawValue)::text IS NULL OR dead_reason = \(filter.deadReason?.rawValue))
            """) { Int(try $0.decode(Int64.self)) }.first ?? 0
    }

    /// Moves final jobs matching `filter` back to `available` now, with `extraAttempts` more attempts than
    /// they used (attempt numbers keep growing, so a stale worker's answer can never match).
    /// With `actor`, each job moved gets a `job.redriven` audit row (run it in a transaction, so the rows and the
    /// move commit together).
    /// - Returns: the ids redriven.
    @discardableResult
    public func redriveJobs(_ filter: JobFilter, extraAttempts: Int, notify channel: String, actor: String? = nil) async throws -> [Int64] {
        let states = (filter.states.isEmpty ? JobState.allCases.filter(\.isRedrivable) : filter.states.filter(\.isRedrivable)).map(\.rawValue)
        let ids = try await map("""
            UPDATE jobs SET state = 'available', scheduled_at = now(), finalized_at = NULL, dead_reason = NULL,
                            max_attempts = attempt + \(Int32(extraAttempts))
            WHERE id IN (SELECT id FROM jobs WHERE state = ANY(\(states)::text[])
                           AND (\(filter.kind)::text IS NULL OR kind = \(filter.kind))
                           AND (\(filter.deadReason?.rawValue)::text IS NULL OR dead_reason = \(filter.deadReason?.rawValue))
                           AND id > \(filter.afterID ?? 0)
                         ORDER BY id LIMIT \(Int32(filter.limit)) FOR UPDATE SKIP LOCKED)
            RETURNING id
            """) { try $0.decode(Int64.self) }
        try await clearRefusals(jobIDs: ids)
        if !ids.isEmpty { try await rows("SELECT pg_notify(\(channel), '')") }
        if let actor { try await auditJobs(ids, actor: actor, action: .jobRedriven) }
        return ids
    }

    /// Moves one job back to `available` now (retry), whatever final or waiting state it is in.
    /// Returns false when the job does not exist or is running or completed. With `actor`, a moved job gets a
    /// `job.retried` audit row (run it in a transaction).
    public func retryJob(id: Int64, extraAttempts: Int, notify channel: String, actor: String? = nil) async throws -> Bool {
        let moved = try await count("""
            UPDATE jobs SET state = 'available', scheduled_at = now(), finalized_at = NULL, dead_reason = NULL,
                            max_attempts = greatest(max_attempts, attempt + \(Int32(extraAttempts)))
            WHERE id = \(id) AND state IN ('available', 'retryable', 'discarded', 'needs_consent', 'cancelled')
            RETURNING 1
            """)
        if moved > 0 { try await clearRefusals(jobIDs: [id]) }
        if moved > 0 { try await rows("SELECT pg_notify(\(channel), '')") }
        if moved > 0, let actor { try await auditJobs([id], actor: actor, action: .jobRetried) }
        return moved > 0
    }

    /// Cancels jobs that have not finished (available, retryable, running, needs_consent). A running job's
    /// worker finds its completion refused. Returns the ids cancelled. With `actor`, each gets a `job.cancelled`
    /// audit row (run it in a transaction).
    @discardableResult
    public func cancelJobs(ids: [Int64], actor: String? = nil) async throws -> [Int64] {
        let cancelled = try await map("""
            UPDATE jobs SET state = 'cancelled', finalized_at = now(), lease_expires_at = NULL
            WHERE id = ANY(\(ids)::bigint[]) AND state IN ('available', 'retryable', 'running', 'needs_consent')
            RETURNING id
            """) { try $0.decode(Int64.self) }
        if let actor { try await auditJobs(cancelled, actor: actor, action: .jobCancelled) }
        return cancelled
    }

    /// One audit row per job (subject: the job id), naming its kind, state now, and the user or credential its
    /// args name (so a user's trail still finds it after the job is pruned).
    /// An operator's retry or redrive says the cause of a refusal is fixed: txs the node refused (abandoned with a
    /// code: they never entered a mempool, their nonces are free) stop counting as the intent's verdict, so the
    /// job signs its writes again. The refusal stays readable in the tx's log. Txs mined with a failure code are
    /// final on the chain and keep failing their intent.
    func clearRefusals(jobIDs: [Int64]) async throws {
        guard !jobIDs.isEmpty else { return }
        try await rows("""
            UPDATE node_transactions SET log = 'refused with code ' || code || ' before an operator retried the job: ' || coalesce(log, ''), code = NULL
            WHERE job_id = ANY(\(jobIDs)::bigint[]) AND state = 'abandoned' AND code IS NOT NULL
            """)
    }

    func auditJobs(_ ids: [Int64], actor: String, action: AuditAction) async throws {
        guard !ids.isEmpty else { return }
        let entries = try await map("""
            SELECT j.id, j.kind, j.state, lower(j.args ->> 'userId'), lower(j.args ->> 'credentialId'), c.user_id
            FROM jobs j LEFT JOIN credentials c ON c.id::text = lower(j.args ->> 'credentialId')
            WHERE j.id = ANY(\(ids)::bigint[]) ORDER BY j.id
            """) { row -> AuditEntry in
            let (id, kind, state, userID, credentialID, credentialUser) = try row.decode((Int64, String, String, String?, String?, UUID?).self)
            var details: [String: AuditValue] = ["jobId": .int(id), "kind": .string(kind), "state": .string(state)]
            if let user = userID ?? credentialUser?.auditText { details["userId"] = .string(user) }
            if let credentialID { details["credentialId"] = .string(credentialID) }
            return AuditEntry(actor: actor, action: action, subject: String(id), details: details)
        }
        try await appendAudit(entries)
    }
}

/// Benchmark support.
extension StoreSession {
    /// Whether any job is still due, waiting or running (index-only: cheap to poll).
    public func hasUnfinishedJobs() async throws -> Bool {
        try await map("""
            SELECT EXISTS (SELECT 1 FROM jobs WHERE state IN ('available', 'retryable'))
                OR EXISTS (SELECT 1 FROM jobs WHERE state = 'running')
            """) { try $0.decode(Bool.self) }.first ?? false
    }

    /// Completed jobs, and seconds from the first claim to the last completion.
    public func burnDownSpan() async throws -> (completed: Int, seconds: Double) {
        try await map("""
            SELECT count(*), coalesce(extract(epoch FROM max(finalized_at) - min(attempted_at))::float8, 0)
            FROM jobs WHERE state = 'completed'
            """) { row in
            let (n, s) = try row.decode((Int64, Double).self)
            return (Int(n), s)
        }.first ?? (0, 0)
    }
}

extension StoreSession {
    /// The job with this unique key, or nil.
    public func job(uniqueKey: String) async throws -> JobRecord? {
        try await map("SELECT \(unescaped: Self.recordColumns) FROM jobs WHERE unique_key = \(uniqueKey)", Self.record).first
    }
}

extension StoreSession {
    /// Jobs not yet in a final state.
    public func countUnfinished() async throws -> Int {
        try await map("SELECT count(*) FROM jobs WHERE state IN ('available', 'running', 'retryable')") { Int(try $0.decode(Int64.self)) }.first ?? 0
    }

    /// Signed transactions still on their way (signed or broadcast).
    public func countOpenTransactions() async throws -> Int {
        try await map("SELECT count(*) FROM node_transactions WHERE state IN ('signed', 'broadcast')") { Int(try $0.decode(Int64.self)) }.first ?? 0
    }

    /// Transactions abandoned (never landed) and signed again under a new nonce.
    public func countAbandonedTransactions() async throws -> Int {
        try await map("SELECT count(*) FROM node_transactions WHERE state = 'abandoned' AND code IS NULL") { Int(try $0.decode(Int64.self)) }.first ?? 0
    }
}

extension StoreSession {
    /// Abandoned transactions (never landed, re-signed): hash, signer, nonce, intent.
    public func abandonedTransactionHashes() async throws -> [(hash: String, signer: String, nonce: Int64, intent: String)] {
        try await map("""
            SELECT tx_hash, signer, nonce, intent FROM node_transactions WHERE state = 'abandoned' AND code IS NULL ORDER BY signer, nonce
            """) { row in
            let (hash, signer, nonce, intent) = try row.decode((String, String, Int64, String).self)
            return (hash, signer, nonce, intent)
        }
    }
}
