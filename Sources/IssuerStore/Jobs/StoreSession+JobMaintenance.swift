import Foundation
internal import PostgresNIO

/// What one rescue pass did.
public struct RescueCounts: Sendable, Equatable {
    /// Jobs put back to `retryable`.
    public var retried = 0
    /// Jobs discarded because their attempts were used up.
    public var discarded = 0
    /// Jobs parked in `needs_consent` because their deadline passed.
    public var needsConsent = 0
    public init() {}
}

/// Retention per final state, in seconds.
public struct Retention: Sendable, Equatable {
    /// Completed jobs (default 3 days).
    public var completed: Double = 3 * 86_400
    /// Cancelled jobs (default 30 days).
    public var cancelled: Double = 30 * 86_400
    /// Dead letters and jobs waiting for consent (default 365 days).
    public var deadLetters: Double = 365 * 86_400
    public init() {}
}

/// The rescuer's and the pruner's queries.
extension StoreSession {
    /// Takes back up to `limit` running jobs whose lease expired: `retryable` (due now), or `discarded`
    /// (`transient_exhausted`) when the attempt was the last, or `needs_consent` past the deadline. Appends an
    /// error naming the worker that stopped heartbeating.
    public func rescueExpiredLeases(limit: Int) async throws -> RescueCounts {
        let states = try await map("""
            WITH stuck AS (
                SELECT id FROM jobs WHERE state = 'running' AND lease_expires_at < now()
                ORDER BY lease_expires_at LIMIT \(Int32(limit)) FOR UPDATE SKIP LOCKED)
            UPDATE jobs j SET
                state = CASE WHEN j.deadline IS NOT NULL AND j.deadline <= now() THEN 'needs_consent'
                             WHEN j.attempt >= j.max_attempts THEN 'discarded' ELSE 'retryable' END,
                dead_reason = CASE WHEN j.deadline IS NOT NULL AND j.deadline <= now() THEN NULL
                                   WHEN j.attempt >= j.max_attempts THEN 'transient_exhausted' END,
                finalized_at = CASE WHEN (j.deadline IS NOT NULL AND j.deadline <= now()) OR j.attempt >= j.max_attempts THEN now() END,
                scheduled_at = now(),
                lease_expires_at = NULL,
                errors = j.errors || jsonb_build_array(jsonb_build_object(
                    'attempt', j.attempt, 'at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                    'error', 'lease expired: worker ' || coalesce(j.attempted_by, '?') || ' stopped heartbeating', 'reason', 'rescued'))
            FROM stuck WHERE j.id = stuck.id
            RETURNING j.state
            """) { try $0.decode(String.self) }
        var counts = RescueCounts()
        for state in states {
            switch state {
            case JobState.discarded.rawValue: counts.discarded += 1
            case JobState.needsConsent.rawValue: counts.needsConsent += 1
            default: counts.retried += 1
            }
        }
        return counts
    }

    /// Deletes up to `limit` final jobs older than their state's retention. Returns how many went.
    public func pruneJobs(retention: Retention, limit: Int) async throws -> Int {
        try await count("""
            DELETE FROM jobs WHERE id IN (
                SELECT id FROM jobs WHERE state = 'completed' AND finalized_at < now() - \(retention.completed) * interval '1 second'
                UNION ALL
                SELECT id FROM jobs WHERE state = 'cancelled' AND finalized_at < now() - \(retention.cancelled) * interval '1 second'
                UNION ALL
                SELECT id FROM jobs WHERE state IN ('discarded', 'needs_consent')
                                      AND finalized_at < now() - \(retention.deadLetters) * interval '1 second'
                LIMIT \(Int32(limit)))
            RETURNING 1
            """)
    }

    /// Runs `body` only if this transaction wins the advisory lock named `name` (maintenance leadership:
    /// one rescuer and one pruner at a time across processes). Returns nil when another process holds it.
    /// Call inside `IssuerStore.withTransaction`; the lock ends with the transaction.
    public func ifLeader<T: Sendable>(_ name: String, _ body: () async throws -> T) async throws -> T? {
        let won = try await map("SELECT pg_try_advisory_xact_lock(hashtext(\(name)))") { try $0.decode(Bool.self) }
        guard won.first == true else { return nil }
        return try await body()
    }
}
