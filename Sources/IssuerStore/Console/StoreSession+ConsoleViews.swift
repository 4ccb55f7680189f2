public import Foundation
internal import PostgresNIO

/// The console's reads. Each query is bounded by an index (partial indexes on due, running, dead and final
/// jobs; the jobs' argument indexes of migration 0005), so pages stay fast with millions of jobs.
extension StoreSession {
    /// The queue page's figures; `window` seconds for throughput and error rate.
    public func queueHealth(window: Double = 300) async throws -> QueueHealth {
        let counts = try await jobCounts()
        let figures = try await map("""
            SELECT
              (SELECT coalesce(extract(epoch FROM now() - min(scheduled_at))::float8, 0) FROM jobs
                WHERE state IN ('available', 'retryable') AND scheduled_at <= now()),
              (SELECT count(*) FROM jobs WHERE state = 'completed' AND finalized_at > now() - make_interval(secs => \(window))),
              (SELECT count(*) FROM jobs WHERE state = 'discarded' AND finalized_at > now() - make_interval(secs => \(window)))
                + (SELECT count(*) FROM jobs WHERE state = 'retryable' AND attempted_at > now() - make_interval(secs => \(window)))
            """) { try $0.decode((Double, Int64, Int64).self) }.first ?? (Double(0), Int64(0), Int64(0))
        let dead = try await deadLetterCounts()
        let table = try await map("""
            SELECT n_live_tup, n_dead_tup, greatest(last_vacuum, last_autovacuum) FROM pg_stat_user_tables
            WHERE relname = 'jobs' AND schemaname = current_schema()
            """) { row -> (Int64, Int64, Date?) in
            let (live, dead, vacuum) = try row.decode((Int64, Int64, Date?).self)
            return (live, dead, vacuum)
        }.first ?? (Int64(0), Int64(0), nil)
        return QueueHealth(counts: counts, oldestDueAge: max(0, figures.0), completedInWindow: Int(figures.1), failedInWindow: Int(figures.2),
                           window: window, deadLetters: dead, liveTuples: Int(table.0),
                           deadTuples: Int(table.1), lastVacuum: table.2)
    }

    /// Dead letters per reason (index-only on `jobs_dead`).
    public func deadLetterCounts() async throws -> [String: Int] {
        let rows = try await map("SELECT dead_reason, count(*) FROM jobs WHERE dead_reason IS NOT NULL GROUP BY dead_reason") { row in
            let (reason, count) = try row.decode((String, Int64).self)
            return (reason, Int(count))
        }
        return Dictionary(uniqueKeysWithValues: rows)
    }

    /// Dead letters (discarded jobs), optionally of one reason, by id after `afterID`.
    public func deadLetters(reason: DeadReason?, afterID: Int64 = 0, limit: Int = 50) async throws -> [JobRecord] {
        try await map("""
            SELECT \(unescaped: Self.recordColumns) FROM jobs
            WHERE dead_reason IS NOT NULL AND state = 'discarded'
              AND (\(reason?.rawValue)::text IS NULL OR dead_reason = \(reason?.rawValue)) AND id > \(afterID)
            ORDER BY id LIMIT \(Int32(limit))
            """, Self.record)
    }

    /// Gives up on dead letters: discarded jobs become cancelled (no longer dead letters), each with a
    /// `job.cancelled` audit row naming `actor` (run it in a transaction). Returns the ids moved.
    @discardableResult
    public func dismissDeadLetters(ids: [Int64], actor: String) async throws -> [Int64] {
        let moved = try await map("""
            UPDATE jobs SET state = 'cancelled', dead_reason = NULL, finalized_at = now()
            WHERE id = ANY(\(ids)::bigint[]) AND state = 'discarded'
            RETURNING id
            """) { try $0.decode(Int64.self) }
        try await auditJobs(moved, actor: actor, action: .jobCancelled)
        return moved
    }

    /// The user a console search names: a user id, a credential id (ours or the node's), or a wallet address
    /// (as stored, or lower-cased). Nil when nothing matches.
    public func findUser(_ query: String) async throws -> UUID? {
        let text = query.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return nil }
        if let id = UUID(uuidString: text) {
            return try await map("""
                SELECT id FROM users WHERE id = \(id)
                UNION ALL SELECT user_id FROM credentials WHERE id = \(id)
                UNION ALL SELECT user_id FROM credentials WHERE node_original_id = \(id)
                UNION ALL SELECT user_id FROM credentials WHERE node_copy_id = \(id)
                LIMIT 1
                """) { try $0.decode(UUID.self) }.first
        }
        return try await map("SELECT user_id FROM wallets WHERE address = \(text) OR address = \(text.lowercased()) LIMIT 1") {
            try $0.decode(UUID.self)
        }.first
    }

    /// A user's page, or nil for an unknown id.
    public func userOverview(id: UUID) async throws -> UserOverview? {
        guard let user = try await map("""
            SELECT u.id, p.name, u.status, u.key_version, u.created_at, u.confirmed_at
            FROM users u JOIN providers p ON p.id = u.provider_id WHERE u.id = \(id)
            """, { try $0.decode((UUID, String, String, Int32, Date, Date?).self) }).first else { return nil }
        let wallets = try await map("SELECT wallet_type, address FROM wallets WHERE user_id = \(id) ORDER BY created_at") { row in
            let (type, address) = try row.decode((String, String).self)
            return WalletOverview(type: type, address: address)
        }
        var credentials = try await map("""
            SELECT c.id, c.status, c.level, c.delivery, c.created_at, c.delivered_at, c.revoked_at, c.last_error, g.not_usable_after_at
            FROM credentials c LEFT JOIN write_grants g ON g.id = c.write_grant_id
            WHERE c.user_id = \(id) ORDER BY c.created_at DESC LIMIT 100
            """) { row in
            let (cid, status, level, delivery, createdAt, deliveredAt, revokedAt, lastError, grantEnd) =
                try row.decode((UUID, String, String?, String, Date, Date?, Date?, String?, Date?).self)
            return CredentialOverview(id: cid, status: status, level: level, delivery: delivery, createdAt: createdAt, deliveredAt: deliveredAt,
                                      revokedAt: revokedAt, lastError: lastError, writeGrantExpiresAt: grantEnd, jobs: [])
        }
        for index in credentials.indices {
            credentials[index].jobs = try await jobs(argument: "credentialId", id: credentials[index].id)
        }
        return UserOverview(id: user.0, providerName: user.1, status: user.2, keyVersion: Int(user.3), createdAt: user.4, confirmedAt: user.5,
                            wallets: wallets, credentials: credentials, jobs: try await jobs(argument: "userId", id: id))
    }

    /// Jobs whose arguments name `id` under `argument` (`credentialId` or `userId`), newest first.
    func jobs(argument: String, id: UUID) async throws -> [JobRecord] {
        let spellings = [id.uuidString, id.uuidString.lowercased()]
        // MATERIALIZED: the argument index first (a handful of rows); left to itself the planner may walk the
        // primary key backwards for ORDER BY … LIMIT and filter a million rows.
        if argument == "credentialId" {
            return try await map("""
                WITH matched AS MATERIALIZED (SELECT id FROM jobs WHERE args ? 'credentialId' AND args ->> 'credentialId' = ANY(\(spellings)::text[]))
                SELECT \(unescaped: Self.recordColumns) FROM jobs WHERE id IN (SELECT id FROM matched) ORDER BY id DESC LIMIT 50
                """, Self.record)
        }
        return try await map("""
            WITH matched AS MATERIALIZED (SELECT id FROM jobs WHERE args ? 'userId' AND args ->> 'userId' = ANY(\(spellings)::text[]))
            SELECT \(unescaped: Self.recordColumns) FROM jobs WHERE id IN (SELECT id FROM matched) ORDER BY id DESC LIMIT 50
            """, Self.record)
    }

    /// A job's page, or nil for an unknown id.
    public func jobOverview(id: Int64) async throws -> JobOverview? {
        guard let job = try await job(id: id) else { return nil }
        let transactions = try await map("""
            SELECT \(unescaped: Self.transactionColumns) FROM node_transactions WHERE job_id = \(id) ORDER BY id
            """, Self.transaction)
        let audit = try await map("""
            SELECT \(unescaped: Self.auditColumns) FROM audit_log WHERE subject = \(String(id)) ORDER BY id LIMIT 200
            """) { try Self.auditRecord($0).0 }
        return JobOverview(job: job, transactions: transactions, audit: audit)
    }
}
