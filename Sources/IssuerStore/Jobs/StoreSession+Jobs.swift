import Foundation
internal import PostgresNIO

/// The queue's hot path: insert (outbox), claim, heartbeat, and batched state changes.
extension StoreSession {
    /// Inserts jobs (in the caller's transaction, when there is one) and wakes workers on `channel` at commit.
    /// Jobs whose unique key already exists are skipped.
    /// - Returns: the ids of the rows inserted, in input order of the inserted ones.
    @discardableResult
    public func insertJobs(_ jobs: [NewJob], notify channel: String) async throws -> [Int64] {
        guard !jobs.isEmpty else { return [] }
        let kinds = jobs.map(\.kind), args = jobs.map(\.args), priorities = jobs.map { Int32($0.priority) }
        let attempts = jobs.map { Int32($0.maxAttempts) }
        // NaN marks "not set" in the float arrays (arrays of optionals do not bind).
        let scheduled = jobs.map { $0.scheduledAt?.timeIntervalSince1970 ?? .nan }
        let deadlines = jobs.map { $0.deadline?.timeIntervalSince1970 ?? .nan }
        let uniques = jobs.map { $0.uniqueKey ?? "" }, requests = jobs.map { $0.requestID ?? "" }
        let ids = try await map("""
            INSERT INTO jobs (kind, args, priority, max_attempts, scheduled_at, deadline, unique_key, request_id)
            SELECT t.kind, t.args::jsonb, t.priority, t.max_attempts,
                   CASE WHEN t.sched = 'NaN' THEN now() ELSE to_timestamp(t.sched) END,
                   CASE WHEN t.deadline = 'NaN' THEN NULL ELSE to_timestamp(t.deadline) END,
                   NULLIF(t.uniq, ''), NULLIF(t.req, '')
            FROM unnest(\(kinds)::text[], \(args)::text[], \(priorities)::int[], \(attempts)::int[], \(scheduled)::float8[],
                        \(deadlines)::float8[], \(uniques)::text[], \(requests)::text[])
                 WITH ORDINALITY AS t(kind, args, priority, max_attempts, sched, deadline, uniq, req, ord)
            ORDER BY t.ord
            ON CONFLICT (unique_key) WHERE unique_key IS NOT NULL DO NOTHING
            RETURNING id
            """) { try $0.decode(Int64.self) }
        if !ids.isEmpty { try await rows("SELECT pg_notify(\(channel), '')") }
        return ids
    }

    /// Claims up to `limit` due jobs of the given kinds for `worker`: `running`, attempt + 1, a lease of
    /// `lease` seconds. SKIP LOCKED keeps concurrent claimers off the same rows.
    public func claimJobs(kinds: [String], limit: Int, worker: String, lease: Double) async throws -> [ClaimedJob] {
        try await map("""
            UPDATE jobs j SET state = 'running', attempt = j.attempt + 1, attempted_at = now(), attempted_by = \(worker),
                              lease_expires_at = now() + \(lease) * interval '1 second'
            FROM (SELECT id FROM jobs
                  WHERE state IN ('available', 'retryable') AND scheduled_at <= now() AND kind = ANY(\(kinds)::text[])
                  ORDER BY priority, scheduled_at, id LIMIT \(Int32(limit)) FOR UPDATE SKIP LOCKED) due
            WHERE j.id = due.id
            RETURNING j.id, j.kind, j.args::text, j.attempt, j.max_attempts, j.deadline, j.created_at, j.request_id
            """) { row in
            let r = try row.decode((Int64, String, String, Int32, Int32, Date?, Date, String?).self)
            return ClaimedJob(id: r.0, kind: r.1, args: r.2, attempt: Int(r.3), maxAttempts: Int(r.4), deadline: r.5, createdAt: r.6,
                              requestID: r.7)
        }
    }

    /// Extends the leases of jobs `worker` is still running. Returns how many leases were extended.
    @discardableResult
    public func extendLeases(jobIDs: [Int64], worker: String, lease: Double) async throws -> Int {
        guard !jobIDs.isEmpty else { return 0 }
        return try await count("""
            UPDATE jobs SET lease_expires_at = now() + \(lease) * interval '1 second'
            WHERE id = ANY(\(jobIDs)::bigint[]) AND state = 'running' AND attempted_by = \(worker)
            RETURNING 1
            """)
    }

    /// Applies finished attempts in one statement. A transition applies only while its row is still `running`
    /// with the same attempt (compare-and-set), so a rescued or cancelled job is never overwritten.
    /// - Returns: the ids whose transition applied.
    @discardableResult
    public func applyTransitions(_ transitions: [JobTransition]) async throws -> [Int64] {
        guard !transitions.isEmpty else { return [] }
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let ids = transitions.map(\.jobID), attempts = transitions.map { Int32($0.attempt) }
        let states = transitions.map(\.state.rawValue)
        let scheduled = transitions.map { $0.scheduledAt?.timeIntervalSince1970 ?? .nan }
        let reasons = transitions.map { $0.deadReason?.rawValue ?? "" }
        let errors = try transitions.map { t in try t.error.map { String(decoding: try encoder.encode($0), as: UTF8.self) } ?? "" }
        let refunds = transitions.map { Int32($0.refundsAttempt ? 1 : 0) }
        return try await map("""
            UPDATE jobs j SET
                state = t.state,
                attempt = j.attempt - t.refund,
                scheduled_at = CASE WHEN t.sched = 'NaN' THEN j.scheduled_at ELSE to_timestamp(t.sched) END,
                finalized_at = CASE WHEN t.state IN ('completed', 'discarded', 'needs_consent', 'cancelled') THEN now() END,
                lease_expires_at = NULL,
                dead_reason = NULLIF(t.reason, ''),
                errors = CASE WHEN t.err = '' THEN j.errors ELSE j.errors || jsonb_build_array(t.err::jsonb) END
            FROM unnest(\(ids)::bigint[], \(attempts)::int[], \(states)::text[], \(scheduled)::float8[], \(reasons)::text[],
                        \(errors)::text[], \(refunds)::int[]) AS t(id, attempt, state, sched, reason, err, refund)
            WHERE j.id = t.id AND j.attempt = t.attempt AND j.state = 'running'
            RETURNING j.id
            """) { try $0.decode(Int64.self) }
    }

    /// Marks jobs completed in one statement (the common case, without per-row payload).
    /// - Parameter jobs: (id, attempt) pairs; only rows still `running` with that attempt change.
    /// - Returns: how many rows changed.
    @discardableResult
    public func completeJobs(_ jobs: [(id: Int64, attempt: Int)]) async throws -> Int {
        guard !jobs.isEmpty else { return 0 }
        let ids = jobs.map(\.id), attempts = jobs.map { Int32($0.attempt) }
        return try await count("""
            UPDATE jobs j SET state = 'completed', finalized_at = now(), lease_expires_at = NULL
            FROM unnest(\(ids)::bigint[], \(attempts)::int[]) AS t(id, attempt)
            WHERE j.id = t.id AND j.attempt = t.attempt AND j.state = 'running'
            RETURNING 1
            """)
    }
}
