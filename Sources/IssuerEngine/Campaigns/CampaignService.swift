public import Foundation
public import IssuerStore
public import VerifiableCredentials

/// What a provider asks a campaign to do.
public struct CampaignPlan: Sendable {
    public var filter: CampaignFilter
    /// The filter as the caller wrote it (kept on the campaign).
    public var filterText: String
    /// Credentials per second; nil: as fast as the concurrency cap allows.
    public var ratePerSecond: Double?
    /// Merged into each new credential's public notes.
    public var publicNotes: JSONObject?
    /// Top-level VC fields to replace (`level`, `expirationDate`, …).
    public var credentialFields: JSONObject?
    /// New credentials on their way at once, per node.
    public var concurrencyPerNode = 500
    public var haltErrorRate = 0.2
    public var haltMinItems = 20
    /// Retire the filter's VC key (`filter.vcKeyVersion`) when the campaign finishes: a key rotation.
    public var retireKey = false

    public init(filter: CampaignFilter, filterText: String) { self.filter = filter; self.filterText = filterText }
}

/// A dry run: how many credentials a plan selects, and for a sample, what changes.
public struct CampaignPreview: Sendable {
    public struct Change: Sendable {
        public var field: String
        public var before: JSONValue?
        public var after: JSONValue?
    }
    public struct Sample: Sendable {
        public var credentialID: UUID
        /// Public notes before and after (they are public on the node already).
        public var notesBefore: JSONObject?
        public var notesAfter: JSONObject?
        /// Top-level VC fields that change (never the subject), and the proof's key.
        public var vcChanges: [Change]
        /// Why this credential cannot be re-issued, when it cannot.
        public var error: String?
    }
    public var selected: Int
    public var samples: [Sample]
}

/// Why a campaign request is refused.
public enum CampaignError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknown(UUID)
    case invalidTransition(CampaignRecord.Status, String)
    case invalidPlan(field: String, reason: String)

    public var description: String {
        switch self {
        case .unknown(let id): "no campaign \(id.uuidString.lowercased())"
        case .invalidTransition(let status, let action): "a \(status.rawValue) campaign cannot \(action)"
        case .invalidPlan(let field, let reason): "\(field) \(reason)"
        }
    }
}

/// The job kind that runs campaigns and its arguments.
public enum CampaignJobs {
    /// Re-issues a running campaign's credentials at its rate budget until it is settled, paused or cancelled.
    public static let tick = "reissue_campaign"
    /// Job priorities (1 runs first): the providers' own issuance (2) goes before a campaign's deliveries (3),
    /// which go before the revocations of the credentials they replace (4).
    public static let deliveryPriority = 3
    public static let revocationPriority = 4

    public struct Args: Codable, Sendable {
        public var campaignId: UUID
        /// The campaign's `run_generation` when queued: a tick of an earlier start/resume stops by itself.
        public var generation: Int
    }
}

/// Campaigns for the API and the CLI: plan (snapshot the selection), preview (dry run), and the
/// start/pause/resume/cancel transitions. The worker's `ReissueCampaignHandler` does the re-issuing.
public struct CampaignService: Sendable {
    public let store: IssuerStore
    /// Present where the VC keys and the issuer's encryption key are: needed for previews only.
    public let reissuer: CredentialReissuer?

    public init(store: IssuerStore, reissuer: CredentialReissuer?) {
        self.store = store
        self.reissuer = reissuer
    }

    /// Stores a planned campaign with its snapshot; audited as `campaign.created` by `actor`.
    public func plan(_ plan: CampaignPlan, providerID: UUID, actor: String, in session: StoreSession) async throws -> CampaignRecord {
        if plan.retireKey {
            guard let version = plan.filter.vcKeyVersion else {
                throw CampaignError.invalidPlan(field: "retireKey", reason: "needs filter.issuerKey (the key to retire)")
            }
            if let reissuer, version >= reissuer.keys.current {
                throw CampaignError.invalidPlan(field: "filter.issuerKey", reason: "is the current signing key; add a newer key before rotating")
            }
        }
        let record = CampaignRecord(
            providerID: providerID, filter: plan.filterText, publicNotes: plan.publicNotes.map { JSONSerializer.serialize(.object($0)) },
            credentialFields: plan.credentialFields.map { JSONSerializer.serialize(.object($0)) }, ratePerSecond: plan.ratePerSecond,
            concurrencyPerNode: plan.concurrencyPerNode, haltErrorRate: plan.haltErrorRate, haltMinItems: plan.haltMinItems,
            retireVCKeyVersion: plan.retireKey ? plan.filter.vcKeyVersion : nil, createdBy: actor)
        let stored = try await session.createCampaign(record, filter: plan.filter)
        try await session.appendAudit(actor: actor, action: .campaignCreated, subject: stored.id.auditText,
                                      details: ["selected": .int(Int64(stored.selected)), "filter": .string(plan.filterText)])
        return stored
    }

    /// The campaign's selection count and what re-issuing `sample` of its credentials would change.
    public func preview(_ campaign: CampaignRecord, sample: Int, in session: StoreSession) async throws -> CampaignPreview {
        var samples: [CampaignPreview.Sample] = []
        let notesPatch = campaign.publicNotes.flatMap(Self.object)
        let fieldsPatch = campaign.credentialFields.flatMap(Self.object)
        for item in try await session.sampleItems(campaignID: campaign.id, limit: sample) {
            guard let reissuer else { break }
            do {
                let rebuilt = try reissuer.rebuild(item.credential, notesPatch: notesPatch, fieldsPatch: fieldsPatch)
                samples.append(.init(credentialID: item.credential.id, notesBefore: rebuilt.oldNotes, notesAfter: rebuilt.newNotes,
                                     vcChanges: Self.changes(rebuilt.oldVC, rebuilt.newVC), error: nil))
            } catch {
                samples.append(.init(credentialID: item.credential.id, notesBefore: Self.object(item.credential.publicNotes), notesAfter: nil,
                                     vcChanges: [], error: error.description))
            }
        }
        return CampaignPreview(selected: campaign.selected, samples: samples)
    }

    /// Plans and previews without keeping anything (the transaction is rolled back).
    public func dryRun(_ plan: CampaignPlan, providerID: UUID, sample: Int) async throws -> CampaignPreview {
        struct RolledBack: Error { let preview: CampaignPreview }
        do {
            try await store.withTransaction { session in
                let campaign = try await self.plan(plan, providerID: providerID, actor: AuditActor.system, in: session)
                throw RolledBack(preview: try await preview(campaign, sample: sample, in: session))
            }
        } catch let done as RolledBack {
            return done.preview
        }
        fatalError("unreachable: the dry run's transaction always throws")
    }

    /// The transitions: `start` (planned), `pause` (running), `resume` (paused or halted), `cancel` (any state
    /// but finished or cancelled). Running queues a tick job; cancelling skips the pending items (new credentials
    /// already issued still deliver and replace theirs) and emits `campaign.finished`. Audited by `actor`.
    public func apply(_ action: String, to id: UUID, providerID: UUID?, actor: String, requestID: String? = nil,
                      in session: StoreSession) async throws -> CampaignRecord {
        guard let campaign = try await session.campaign(id: id, lock: true), providerID == nil || campaign.providerID == providerID else {
            throw CampaignError.unknown(id)
        }
        let target: CampaignRecord.Status
        let audit: AuditAction
        switch (action, campaign.status) {
        case ("start", .planned): (target, audit) = (.running, .campaignStarted)
        case ("pause", .running): (target, audit) = (.paused, .campaignPaused)
        case ("resume", .paused), ("resume", .halted): (target, audit) = (.running, .campaignResumed)
        case ("cancel", let status) where !status.isFinal: (target, audit) = (.cancelled, .campaignCancelled)
        default: throw CampaignError.invalidTransition(campaign.status, action)
        }
        guard let updated = try await session.setCampaignStatus(id: id, target) else { throw CampaignError.unknown(id) }
        var details: [String: AuditValue] = ["from": .string(campaign.status.rawValue), "to": .string(target.rawValue)]
        if target == .running {
            try await session.insertJobs([Self.tickJob(updated, requestID: requestID)], notify: store.jobChannel)
        }
        if target == .cancelled {
            details["skipped"] = .int(Int64(try await session.skipPendingItems(campaignID: id)))
            try await WebhookOutbox.emit(.campaignFinished, providerID: campaign.providerID, subject: .campaign(id), in: session,
                                         notify: store.jobChannel, requestID: requestID)
        }
        try await session.appendAudit(actor: actor, action: audit, subject: id.auditText, details: details)
        return updated
    }

    /// The tick job of a campaign's current generation.
    static func tickJob(_ campaign: CampaignRecord, requestID: String?) -> NewJob {
        let args = CampaignJobs.Args(campaignId: campaign.id, generation: campaign.runGeneration)
        return NewJob(kind: CampaignJobs.tick, args: IssuanceJobs.args(args), priority: 1, maxAttempts: 1000,
                      uniqueKey: "reissue_campaign:\(campaign.id.uuidString.lowercased()):\(campaign.runGeneration)", requestID: requestID)
    }

    static func object(_ text: String) -> JSONObject? {
        guard case .object(let object)? = try? JSONParser.parse(Array(text.utf8)) else { return nil }
        return object
    }

    /// Top-level fields that differ (the subject is never compared or shown), then the proof's key and date.
    static func changes(_ old: JSONObject, _ new: JSONObject) -> [CampaignPreview.Change] {
        var out: [CampaignPreview.Change] = []
        var keys = old.keys
        for key in new.keys where !old.contains(key) { keys.append(key) }
        for key in keys where key != "credentialSubject" && key != "proof" && old[key] != new[key] {
            out.append(.init(field: key, before: old[key], after: new[key]))
        }
        func proof(_ vc: JSONObject, _ field: String) -> JSONValue? {
            guard case .object(let p)? = vc["proof"] else { return nil }
            return p[field]
        }
        for field in ["verificationMethod", "created"] where proof(old, field) != proof(new, field) {
            out.append(.init(field: "proof.\(field)", before: proof(old, field), after: proof(new, field)))
        }
        return out
    }
}
