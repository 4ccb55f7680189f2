public import Foundation
internal import PostgresNIO

/// The audit log: append (hash-chained, serialized per schema), verify, and a user's trail.
extension StoreSession {
    /// Appends one audit row in this session's transaction (or in a transaction of its own on the pool).
    ///
    /// Only the append is serialized: a transaction-level advisory lock is taken right before the last row is
    /// read and held until the caller's transaction ends, so concurrent appends form one chain, in commit order.
    /// Call it last in a transaction where possible, to hold the lock briefly. The session must run at READ
    /// COMMITTED (the default), so the read after the lock sees the last committed row.
    /// - Parameter unlessRecorded: skip the append when a row with the same subject, action and details exists
    ///   (a node confirmation seen again after a retry).
    public func appendAudit(actor: String, action: AuditAction, subject: String, details: [String: AuditValue] = [:],
                            unlessRecorded: Bool = false) async throws {
        try await appendAudit([AuditEntry(actor: actor, action: action, subject: subject, details: details)], unlessRecorded: unlessRecorded)
    }

    /// Appends several rows (in order) under one lock; see `appendAudit(actor:action:subject:details:unlessRecorded:)`.
    public func appendAudit(_ entries: [AuditEntry], unlessRecorded: Bool = false) async throws {
        guard !entries.isEmpty else { return }
        switch target {
        case .connection:
            try await appendLocked(entries, unlessRecorded: unlessRecorded)
        case .pool(let client):
            do {
                try await client.withTransaction(logger: logger) { connection in
                    try await StoreSession(target: .connection(connection), logger: logger).appendLocked(entries, unlessRecorded: unlessRecorded)
                }
            } catch let error as PostgresTransactionError {
                if let closureError = error.closureError { throw closureError }
                throw StoreError.wrap(error.commitError ?? error.beginError ?? error.rollbackError ?? error)
            }
        }
    }

    private func appendLocked(_ entries: [AuditEntry], unlessRecorded: Bool) async throws {
        try await rows("SELECT pg_advisory_xact_lock(hashtext('idos-issuer audit_log ' || current_schema()))")
        var entries = entries
        if unlessRecorded {
            var fresh: [AuditEntry] = []
            for entry in entries {
                let details = AuditCanonical.json(.object(entry.details))
                let seen = try await count("""
                    SELECT 1 FROM audit_log WHERE subject = \(entry.subject) AND action = \(entry.action.rawValue) AND details = \(details)::jsonb LIMIT 1
                    """)
                if seen == 0 { fresh.append(entry) }
            }
            entries = fresh
            guard !entries.isEmpty else { return }
        }
        let (lastID, lastHash, at) = try await map("""
            SELECT last.id, last.hash, to_char(clock_timestamp() AT TIME ZONE 'UTC', \(Self.auditTimeFormat))
            FROM (SELECT 1) AS one LEFT JOIN LATERAL (SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1) AS last ON true
            """) { try $0.decode((Int64?, String?, String).self) }.first ?? (nil, nil, "")
        var id = lastID ?? 0, prev = lastHash ?? AuditCanonical.genesis
        var ids: [Int64] = [], actors: [String] = [], actions: [String] = [], subjects: [String] = [], details: [String] = [],
            prevs: [String] = [], hashes: [String] = []
        for entry in entries {
            id += 1
            let json = AuditCanonical.rowJSON(id: id, at: at, actor: entry.actor, action: entry.action.rawValue, subject: entry.subject,
                                              details: entry.details)
            let hash = AuditCanonical.hash(prevHash: prev, canonicalJSON: json)
            ids.append(id); actors.append(entry.actor); actions.append(entry.action.rawValue); subjects.append(entry.subject)
            details.append(AuditCanonical.json(.object(entry.details))); prevs.append(prev); hashes.append(hash)
            prev = hash
        }
        try await rows("""
            INSERT INTO audit_log (id, at, actor, action, subject, details, prev_hash, hash)
            SELECT u.id, \(at)::timestamptz, u.actor, u.action, u.subject, u.details::jsonb, u.prev_hash, u.hash
            FROM unnest(\(ids)::bigint[], \(actors)::text[], \(actions)::text[], \(subjects)::text[], \(details)::text[],
                        \(prevs)::text[], \(hashes)::text[]) AS u(id, actor, action, subject, details, prev_hash, hash)
            ORDER BY u.id
            """)
    }

    /// `to_char` format of `at` in the canonical JSON: RFC 3339, UTC, microseconds.
    static let auditTimeFormat = "YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\""

    static let auditColumns = "id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), actor, action, subject, details::text, prev_hash, hash"

    /// Decodes a row; details that are not canonicalizable JSON are returned as the error's text.
    static func auditRecord(_ row: PostgresRow) throws -> (AuditRecord, detailsError: String?) {
        let (id, at, actor, action, subject, detailsText, prevHash, hash) =
            try row.decode((Int64, String, String, String, String, String, String, String).self)
        var details: [String: AuditValue] = [:], problem: String?
        do {
            guard case .object(let object) = try AuditJSONParser.parse(detailsText) else { throw AuditJSONParser.Failure(description: "not an object") }
            details = object
        } catch { problem = "\(error)" }
        return (AuditRecord(id: id, at: at, actor: actor, action: action, subject: subject, details: details, prevHash: prevHash, hash: hash),
                problem)
    }

    /// Audit rows with ids greater than `afterID`, in id order.
    public func auditRecords(afterID: Int64 = 0, limit: Int = 1000) async throws -> [AuditRecord] {
        try await map("SELECT \(unescaped: Self.auditColumns) FROM audit_log WHERE id > \(afterID) ORDER BY id LIMIT \(Int32(limit))") {
            try Self.auditRecord($0).0
        }
    }

    /// Checks the whole chain in id order: ids 1, 2, 3, … without gaps, each `prev_hash` the previous row's
    /// hash (64 zeros for the first), each hash recomputed from the row. Stops at the first broken row.
    public func verifyAuditChain(batchSize: Int = 1000) async throws -> AuditVerification {
        var checked = 0, previousID: Int64 = 0, previousHash = AuditCanonical.genesis
        while true {
            let batch = try await map("""
                SELECT \(unescaped: Self.auditColumns) FROM audit_log WHERE id > \(previousID) ORDER BY id LIMIT \(Int32(batchSize))
                """, Self.auditRecord)
            for (record, detailsError) in batch {
                checked += 1
                if record.id != previousID + 1 {
                    return AuditVerification(rowsChecked: checked, firstBreak: (record.id, .gap(expected: previousID + 1)))
                }
                if record.prevHash != previousHash {
                    return AuditVerification(rowsChecked: checked, firstBreak: (record.id, .prevHashMismatch))
                }
                if let detailsError {
                    return AuditVerification(rowsChecked: checked, firstBreak: (record.id, .unreadableDetails(detailsError)))
                }
                if record.expectedHash != record.hash {
                    return AuditVerification(rowsChecked: checked, firstBreak: (record.id, .hashMismatch))
                }
                previousID = record.id
                previousHash = record.hash
            }
            if batch.count < batchSize { return AuditVerification(rowsChecked: checked, firstBreak: nil) }
        }
    }

    /// A user's trail in id order: rows whose subject is the user, one of her credentials or one of her jobs
    /// (by the job's args), or whose details name her (`userId`).
    public func auditTrail(userID: UUID) async throws -> [AuditRecord] {
        let user = userID.uuidString.lowercased()
        return try await map("""
            WITH creds AS (SELECT id::text AS id FROM credentials WHERE user_id = \(userID)),
                 her_jobs AS (SELECT id::text AS id FROM jobs
                              WHERE lower(args ->> 'userId') = \(user) OR lower(args ->> 'credentialId') IN (SELECT id FROM creds))
            SELECT \(unescaped: Self.auditColumns) FROM audit_log
            WHERE subject = \(user) OR details ->> 'userId' = \(user)
               OR subject IN (SELECT id FROM creds) OR subject IN (SELECT id FROM her_jobs)
            ORDER BY id
            """) { try Self.auditRecord($0).0 }
    }
}
