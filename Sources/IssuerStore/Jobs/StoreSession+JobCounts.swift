internal import PostgresNIO

/// Jobs per (kind, state) from the trigger-kept counts (migration 0005): reading them costs the number of
/// (kind, state) pairs plus the deltas since the last compaction, not the size of the jobs table.
extension StoreSession {
    /// Folds the pending deltas into `job_counts`. One compactor at a time (a try-lock: a busy one is skipped,
    /// the reader still sums the deltas). Run it in its own transaction (`withTransaction`).
    /// - Returns: the number of delta rows folded, or nil when another compactor held the lock.
    @discardableResult
    public func compactJobCounts() async throws -> Int? {
        // One lock per schema (stores in other schemas of the database keep their own counts).
        let won = try await map("SELECT pg_try_advisory_xact_lock(hashtext('idos-issuer job counts ' || current_schema()))") {
            try $0.decode(Bool.self)
        }
        guard won.first == true else { return nil }
        return try await {
            try await map("""
                WITH moved AS (DELETE FROM job_count_deltas RETURNING kind, state, n),
                     summed AS (SELECT kind, state, sum(n)::bigint AS n, count(*) AS rows FROM moved GROUP BY kind, state),
                     upserted AS (INSERT INTO job_counts AS c (kind, state, n) SELECT kind, state, n FROM summed
                                  ON CONFLICT (kind, state) DO UPDATE SET n = c.n + excluded.n RETURNING 1)
                SELECT coalesce(sum(rows), 0)::bigint FROM summed
                """) { Int(try $0.decode(Int64.self)) }.first ?? 0
        }()
    }

    /// Jobs per (kind, state), pairs with no jobs left out, sorted by kind then state.
    public func jobCounts() async throws -> [QueueStats.Row] {
        try await map("""
            SELECT kind, state, sum(n)::bigint FROM (SELECT kind, state, n FROM job_counts
                                                     UNION ALL
                                                     SELECT kind, state, n FROM job_count_deltas) AS counts
            GROUP BY kind, state HAVING sum(n) <> 0 ORDER BY kind, state
            """) { row in
            let (kind, state, count) = try row.decode((String, String, Int64).self)
            return QueueStats.Row(kind: kind, state: JobState(rawValue: state) ?? .available, count: Int(count))
        }
    }
}
