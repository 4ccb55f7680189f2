public import Foundation
import PostgresNIO

extension StoreSession {
    static let campaignColumns = """
        id, provider_id, status, filter, public_notes, credential_fields, rate_per_second, concurrency_per_node, halt_error_rate,
        halt_min_items, retire_vc_key_version, selected, budget_tokens, budget_at, run_generation, halt_reason, created_by, created_at,
        started_at, ended_at
        """

    static func campaign(_ row: PostgresRow) throws -> CampaignRecord {
        let c = row.makeRandomAccess()
        return CampaignRecord(
            id: try c[0].decode(UUID.self), providerID: try c[1].decode(UUID.self),
            status: CampaignRecord.Status(rawValue: try c[2].decode(String.self)) ?? .planned, filter: try c[3].decode(String.self),
            publicNotes: try c[4].decode(String?.self), credentialFields: try c[5].decode(String?.self),
            ratePerSecond: try c[6].decode(Double?.self), concurrencyPerNode: Int(try c[7].decode(Int32.self)),
            haltErrorRate: try c[8].decode(Double.self), haltMinItems: Int(try c[9].decode(Int32.self)),
            retireVCKeyVersion: try c[10].decode(Int32?.self).map(Int.init), selected: Int(try c[11].decode(Int32.self)),
            budgetTokens: try c[12].decode(Double.self), budgetAt: try c[13].decode(Date?.self), runGeneration: Int(try c[14].decode(Int32.self)),
            haltReason: try c[15].decode(String?.self), createdBy: try c[16].decode(String.self), createdAt: try c[17].decode(Date.self),
            startedAt: try c[18].decode(Date?.self), endedAt: try c[19].decode(Date?.self))
    }

    /// Stores a planned campaign and snapshots its selection: the provider's credentials that match `filter`
    /// and are not already part of a campaign that may still re-issue them. Returns the campaign with `selected`.
    public func createCampaign(_ campaign: CampaignRecord, filter: CampaignFilter) async throws -> CampaignRecord {
        try await rows("""
            INSERT INTO reissue_campaigns (id, provider_id, status, filter, public_notes, credential_fields, rate_per_second, concurrency_per_node,
                halt_error_rate, halt_min_items, retire_vc_key_version, selected, created_by)
            VALUES (\(campaign.id), \(campaign.providerID), 'planned', \(campaign.filter), \(campaign.publicNotes), \(campaign.credentialFields),
                \(campaign.ratePerSecond), \(Int32(campaign.concurrencyPerNode)), \(campaign.haltErrorRate), \(Int32(campaign.haltMinItems)),
                \(campaign.retireVCKeyVersion.map(Int32.init)), 0, \(campaign.createdBy))
            """)
        let selected = try await rows("""
            INSERT INTO reissue_items (campaign_id, credential_id)
            SELECT \(campaign.id), c.id FROM credentials c
            WHERE c.provider_id = \(campaign.providerID) AND c.status = \(filter.status.rawValue)
              AND (\(filter.level)::text IS NULL OR c.level = \(filter.level))
              AND (\(filter.issuedBefore)::timestamptz IS NULL OR c.created_at < \(filter.issuedBefore))
              AND (\(filter.vcKeyVersion.map(Int32.init))::integer IS NULL OR c.vc_key_version = \(filter.vcKeyVersion.map(Int32.init)))
              AND (\(filter.type)::text IS NULL OR c.public_notes::jsonb ->> 'type' = \(filter.type))
              AND NOT EXISTS (
                  SELECT 1 FROM reissue_items i JOIN reissue_campaigns k ON k.id = i.campaign_id
                  WHERE i.credential_id = c.id AND i.state IN ('pending', 'issued') AND k.status IN ('planned', 'running', 'paused', 'halted'))
            RETURNING 1
            """).count
        var stored = campaign
        stored.selected = selected
        try await rows("UPDATE reissue_campaigns SET selected = \(Int32(selected)) WHERE id = \(campaign.id)")
        return stored
    }

    /// A campaign, or nil; with `lock`, row-locked until the transaction ends (status changes serialize on it).
    public func campaign(id: UUID, lock: Bool = false) async throws -> CampaignRecord? {
        try await map("""
            SELECT \(unescaped: Self.campaignColumns) FROM reissue_campaigns WHERE id = \(id) \(unescaped: lock ? "FOR UPDATE" : "")
            """) { try Self.campaign($0) }.first
    }

    /// A provider's campaigns, newest first.
    public func campaigns(providerID: UUID, limit: Int = 100) async throws -> [CampaignRecord] {
        try await map("""
            SELECT \(unescaped: Self.campaignColumns) FROM reissue_campaigns WHERE provider_id = \(providerID)
            ORDER BY created_at DESC, id LIMIT \(Int64(limit))
            """) { try Self.campaign($0) }
    }

    /// Where the campaign's items are, read from the items and both credentials of each.
    public func campaignProgress(id: UUID) async throws -> CampaignProgress {
        let row = try await rows("""
            SELECT count(*) FILTER (WHERE i.state = 'pending'),
                   count(*) FILTER (WHERE i.state = 'skipped'),
                   count(*) FILTER (WHERE i.state = 'failed' OR n.status IN ('failed', 'needs_consent')),
                   count(*) FILTER (WHERE i.state = 'issued' AND n.status = 'pending'),
                   count(*) FILTER (WHERE n.status IN ('delivered', 'revoked')),
                   count(*) FILTER (WHERE n.status IN ('delivered', 'revoked') AND o.status = 'revoked'),
                   count(*) FILTER (WHERE n.status IN ('delivered', 'revoked') AND o.status <> 'revoked'),
                   -- (job arguments spell ids as JSONEncoder does: upper case)
                   count(*) FILTER (WHERE n.status IN ('delivered', 'revoked') AND o.status <> 'revoked' AND NOT EXISTS (
                       SELECT 1 FROM jobs j WHERE j.args ->> 'credentialId' = upper(o.id::text) AND j.args ? 'credentialId'
                         AND j.kind = 'edit_public_notes' AND j.state NOT IN ('completed', 'discarded', 'cancelled'))),
                   (SELECT selected FROM reissue_campaigns WHERE id = \(id))
            FROM reissue_items i
            JOIN credentials o ON o.id = i.credential_id
            LEFT JOIN credentials n ON n.id = i.new_credential_id
            WHERE i.campaign_id = \(id)
            """).first
        var progress = CampaignProgress()
        guard let row else { return progress }
        let (pending, skipped, failed, inFlight, reissued, revoked, revoking, revokeFailed, selected) =
            try row.decode((Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int32?).self)
        progress.pending = Int(pending); progress.skipped = Int(skipped); progress.inFlight = Int(inFlight)
        progress.reissued = Int(reissued); progress.revoked = Int(revoked); progress.revoking = Int(revoking)
        progress.revokeFailed = Int(revokeFailed); progress.failed = Int(failed + revokeFailed)
        progress.selected = Int(selected ?? 0)
        return progress
    }

    /// Takes up to `limit` pending items (locked until the transaction ends; items another tick holds are
    /// skipped), with each old credential and its user.
    public func takePendingItems(campaignID: UUID, limit: Int) async throws -> [CampaignItem] {
        guard limit > 0 else { return [] }
        let ids = try await map("""
            SELECT credential_id FROM reissue_items WHERE campaign_id = \(campaignID) AND state = 'pending'
            ORDER BY credential_id LIMIT \(Int64(limit)) FOR UPDATE SKIP LOCKED
            """) { try $0.decode(UUID.self) }
        guard !ids.isEmpty else { return [] }
        let credentials = try await map("""
            SELECT \(unescaped: Self.credentialColumns) FROM credentials WHERE id = ANY(\(ids))
            """) { try Self.credential($0).0 }
        let users = try await map("""
            SELECT \(unescaped: Self.userColumns) FROM users WHERE id = ANY(\(Array(Set(credentials.map(\.userID)))))
            """) { try Self.user($0).0 }
        let byID = Dictionary(users.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return credentials.compactMap { c in byID[c.userID].map { CampaignItem(credential: c, user: $0) } }
    }

    /// Records a pending item's new credential.
    public func markItemIssued(campaignID: UUID, credentialID: UUID, newCredentialID: UUID) async throws {
        try await rows("""
            UPDATE reissue_items SET state = 'issued', new_credential_id = \(newCredentialID), processed_at = now()
            WHERE campaign_id = \(campaignID) AND credential_id = \(credentialID) AND state = 'pending'
            """)
    }

    /// Records that a pending item could not be re-issued, and why (no personal data).
    public func markItemFailed(campaignID: UUID, credentialID: UUID, error: String) async throws {
        try await rows("""
            UPDATE reissue_items SET state = 'failed', error = \(error), processed_at = now()
            WHERE campaign_id = \(campaignID) AND credential_id = \(credentialID) AND state = 'pending'
            """)
    }

    /// Records that a pending item is left alone, and why (its credential was revoked since the plan).
    public func markItemSkipped(campaignID: UUID, credentialID: UUID, reason: String) async throws {
        try await rows("""
            UPDATE reissue_items SET state = 'skipped', error = \(reason), processed_at = now()
            WHERE campaign_id = \(campaignID) AND credential_id = \(credentialID) AND state = 'pending'
            """)
    }

    /// Items that failed, with why (for the campaign's report).
    public func failedItems(campaignID: UUID, limit: Int = 20) async throws -> [(credentialID: UUID, error: String)] {
        try await map("""
            SELECT i.credential_id, coalesce(i.error, n.last_error, 'the new credential is ' || n.status)
            FROM reissue_items i LEFT JOIN credentials n ON n.id = i.new_credential_id
            WHERE i.campaign_id = \(campaignID) AND (i.state = 'failed' OR n.status IN ('failed', 'needs_consent'))
            ORDER BY i.processed_at LIMIT \(Int64(limit))
            """) { row in let (id, error) = try row.decode((UUID, String).self); return (id, error) }
    }

    /// A sample of the campaign's items (any state), with the old credential and its user.
    public func sampleItems(campaignID: UUID, limit: Int) async throws -> [CampaignItem] {
        let ids = try await map("""
            SELECT credential_id FROM reissue_items WHERE campaign_id = \(campaignID) ORDER BY credential_id LIMIT \(Int64(limit))
            """) { try $0.decode(UUID.self) }
        var items: [CampaignItem] = []
        for id in ids {
            guard let credential = try await credential(id: id), let user = try await user(id: credential.userID) else { continue }
            items.append(CampaignItem(credential: credential, user: user))
        }
        return items
    }

    /// Moves a campaign to `status`. Starting or resuming bumps the tick generation and refills nothing (the
    /// budget starts empty); a final status stamps `ended_at`. Returns the updated campaign.
    public func setCampaignStatus(id: UUID, _ status: CampaignRecord.Status, haltReason: String? = nil) async throws -> CampaignRecord? {
        let starts = status == .running
        return try await map("""
            UPDATE reissue_campaigns SET status = \(status.rawValue), halt_reason = \(haltReason),
                run_generation = run_generation + \(Int32(starts ? 1 : 0)),
                budget_tokens = CASE WHEN \(starts) THEN 0 ELSE budget_tokens END,
                budget_at = CASE WHEN \(starts) THEN now() ELSE budget_at END,
                started_at = CASE WHEN \(starts) THEN coalesce(started_at, now()) ELSE started_at END,
                ended_at = CASE WHEN \(status.isFinal) THEN now() ELSE ended_at END
            WHERE id = \(id)
            RETURNING \(unescaped: Self.campaignColumns)
            """) { try Self.campaign($0) }.first
    }

    /// Marks the pending items of a cancelled campaign skipped. Returns how many.
    @discardableResult
    public func skipPendingItems(campaignID: UUID) async throws -> Int {
        try await rows("""
            UPDATE reissue_items SET state = 'skipped', processed_at = now() WHERE campaign_id = \(campaignID) AND state = 'pending' RETURNING 1
            """).count
    }

    /// Stores the rate budget's token bucket.
    public func setCampaignBudget(id: UUID, tokens: Double, at: Date) async throws {
        try await rows("UPDATE reissue_campaigns SET budget_tokens = \(tokens), budget_at = \(at) WHERE id = \(id)")
    }

    /// The database's clock (the rate budget is measured on it, whichever worker runs the tick).
    public func databaseNow() async throws -> Date {
        try await map("SELECT clock_timestamp()") { try $0.decode(Date.self) }.first ?? Date()
    }
}

/// What must never happen in a campaign, counted (each should be 0).
public struct CampaignIntegrity: Sendable, Equatable {
    /// Old credentials with more than one replacement.
    public var duplicated = 0
    /// Old credentials revoked while their replacement is not delivered.
    public var revokedBeforeReplacement = 0
    /// Old credentials whose revocation is in a block at or before their replacement's block.
    public var revokedOnChainFirst = 0
    public init() {}
}

extension StoreSession {
    /// Checks a campaign's invariants against the credentials and the transactions as mined.
    public func campaignIntegrity(id: UUID) async throws -> CampaignIntegrity {
        let row = try await rows("""
            SELECT
              (SELECT count(*) FROM (SELECT replaces_credential_id FROM credentials WHERE campaign_id = \(id)
                                     GROUP BY 1 HAVING count(*) > 1) d),
              (SELECT count(*) FROM reissue_items i JOIN credentials o ON o.id = i.credential_id
                 LEFT JOIN credentials n ON n.id = i.new_credential_id
               WHERE i.campaign_id = \(id) AND o.status = 'revoked' AND (n.status IS NULL OR n.status NOT IN ('delivered', 'revoked'))),
              (SELECT count(*) FROM reissue_items i
                 JOIN node_transactions nt ON nt.intent = 'credential:' || i.new_credential_id::text AND nt.state = 'mined'
                 JOIN node_transactions rt ON rt.intent LIKE 'notes:' || i.credential_id::text || ':%' AND rt.state = 'mined'
               WHERE i.campaign_id = \(id) AND rt.height <= nt.height)
            """).first
        var integrity = CampaignIntegrity()
        if let row {
            let (d, r, c) = try row.decode((Int64, Int64, Int64).self)
            integrity.duplicated = Int(d); integrity.revokedBeforeReplacement = Int(r); integrity.revokedOnChainFirst = Int(c)
        }
        return integrity
    }
}
