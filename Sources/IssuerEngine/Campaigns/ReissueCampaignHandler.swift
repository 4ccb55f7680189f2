import Foundation
import IssuerStore
import Logging
import VerifiableCredentials

/// `reissue_campaign`: runs a campaign. Each step, in one transaction holding the campaign's row: halt when the
/// error rate passes the threshold, finish when nothing is pending or on its way, else take as many pending
/// items as the rate budget (a token bucket of one second's burst) and the concurrency cap allow, re-issue them
/// and mark them. A crash rolls the step back whole, so a credential is re-issued once per campaign (and the
/// `(campaign, replaced credential)` unique index says so too). The job loops for a few seconds, then snoozes.
struct ReissueCampaignHandler: JobHandler {
    let store: IssuerStore
    let reissuer: CredentialReissuer
    /// Nodes in the pool: the concurrency cap is per node.
    let nodeCount: Int
    var kind: String { CampaignJobs.tick }
    var needsSigner: Bool { false }
    /// Items re-issued per transaction at most.
    var batch = 100
    /// Seconds one run keeps stepping before it snoozes (the lease is renewed meanwhile).
    var runFor = 10.0

    enum Step { case stop, worked, wait(Double) }

    func run(_ job: ClaimedJob, logger: Logger) async throws -> JobOutcome {
        let args = try IssuanceJobs.decode(CampaignJobs.Args.self, job.args)
        let until = Date().addingTimeInterval(runFor)
        while true {
            let step = try await self.step(args, job: job, logger: logger)
            switch step {
            case .stop: return .completed
            case .worked:
                if Date() > until || Task.isCancelled { return .snooze(until: Date(), reason: "campaign running") }
            case .wait(let seconds):
                if Date().addingTimeInterval(seconds) > until || Task.isCancelled {
                    return .snooze(until: Date().addingTimeInterval(seconds), reason: "campaign waiting for its budget or deliveries")
                }
                try? await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
            }
        }
    }

    private func step(_ args: CampaignJobs.Args, job: ClaimedJob, logger: Logger) async throws -> Step {
        try await store.withTransaction { session in
            guard let campaign = try await session.campaign(id: args.campaignId, lock: true) else { throw JobError.poison("no campaign") }
            guard campaign.status == .running, campaign.runGeneration == args.generation else { return .stop }
            let progress = try await session.campaignProgress(id: campaign.id)
            if progress.done >= campaign.haltMinItems, Double(progress.failed) / Double(max(1, progress.done)) > campaign.haltErrorRate {
                let reason = "\(progress.failed) of \(progress.done) re-issues failed, above the \(Int(campaign.haltErrorRate * 100)) % threshold"
                _ = try await session.setCampaignStatus(id: campaign.id, .halted, haltReason: reason)
                try await session.appendAudit(actor: AuditActor.campaign(campaign.id), action: .campaignHalted, subject: campaign.id.auditText,
                                              details: ["failed": .int(Int64(progress.failed)), "done": .int(Int64(progress.done))])
                logger.warning("campaign halted", metadata: ["campaign": "\(campaign.id)", "reason": "\(reason)"])
                return .stop
            }
            if progress.isSettled {
                try await finish(campaign, progress, job: job, in: session)
                logger.info("campaign finished", metadata: ["campaign": "\(campaign.id)", "reissued": "\(progress.reissued)"])
                return .stop
            }
            let cap = campaign.concurrencyPerNode * max(1, nodeCount) - progress.inFlight
            let now = try await session.databaseNow()
            var tokens = Double(batch)
            if let rate = campaign.ratePerSecond {
                let elapsed = max(0, now.timeIntervalSince(campaign.budgetAt ?? now))
                tokens = min(max(1, rate), campaign.budgetTokens + rate * elapsed)
            }
            let take = min(Int(tokens.rounded(.down)), cap, batch, progress.pending)
            let items = try await session.takePendingItems(campaignID: campaign.id, limit: take)
            try await reissue(items, campaign: campaign, job: job, in: session)
            if campaign.ratePerSecond != nil {
                try await session.setCampaignBudget(id: campaign.id, tokens: tokens - Double(items.count), at: now)
            }
            if !items.isEmpty { return .worked }
            if progress.pending > 0, cap > 0, let rate = campaign.ratePerSecond {
                return .wait(min(1, max(0.02, (1 - (tokens - Double(items.count))) / rate)))
            }
            return .wait(progress.pending > 0 && cap > 0 ? 0.05 : 0.25)
        }
    }

    /// Rebuilds the items' VCs in parallel (CPU: open, re-sign), then stores each new credential or the
    /// reason it could not be made.
    private func reissue(_ items: [CampaignItem], campaign: CampaignRecord, job: ClaimedJob, in session: StoreSession) async throws {
        guard !items.isEmpty else { return }
        let notesPatch = campaign.publicNotes.flatMap(CampaignService.object)
        let fieldsPatch = campaign.credentialFields.flatMap(CampaignService.object)
        let reissuer = reissuer
        // Revoked (or on its way to be) since the plan: re-issuing it would bring it back.
        var live: [CampaignItem] = []
        for item in items {
            if let reason = Self.noLongerLive(item.credential) {
                try await session.markItemSkipped(campaignID: campaign.id, credentialID: item.credential.id, reason: reason)
            } else {
                live.append(item)
            }
        }
        let items = live
        guard !items.isEmpty else { return }
        let results = await withTaskGroup(of: (Int, Result<CredentialReissuer.Rebuilt, CredentialReissuer.Failure>).self) { group in
            for (index, item) in items.enumerated() {
                group.addTask {
                    if item.user.status != .created { return (index, .failure(.userNotReady("the user is not created on the node"))) }
                    return (index, Result { () throws(CredentialReissuer.Failure) in
                        try reissuer.rebuild(item.credential, notesPatch: notesPatch, fieldsPatch: fieldsPatch)
                    })
                }
            }
            var out = [Result<CredentialReissuer.Rebuilt, CredentialReissuer.Failure>?](repeating: nil, count: items.count)
            for await (index, result) in group { out[index] = result }
            return out
        }
        for (item, result) in zip(items, results) {
            switch result {
            case .success(let rebuilt)?:
                let issued = try await reissuer.issue(rebuilt, for: item, campaignID: campaign.id, requestID: job.requestID, in: session)
                try await session.markItemIssued(campaignID: campaign.id, credentialID: item.credential.id, newCredentialID: issued.id)
            case .failure(let failure)?:
                try await session.markItemFailed(campaignID: campaign.id, credentialID: item.credential.id, error: failure.description)
            case .none:
                break
            }
        }
    }

    /// Why a selected credential is no longer to be re-issued, or nil.
    static func noLongerLive(_ credential: CredentialRecord) -> String? {
        guard credential.status == .delivered || credential.status == .pending else {
            return "the credential is \(credential.status.rawValue) since the campaign was planned"
        }
        if case .object(let notes)? = try? JSONParser.parse(Array(credential.publicNotes.utf8)), notes["status"] == .string("revoked") {
            return "the credential was revoked since the campaign was planned"
        }
        return nil
    }

    /// Marks the campaign finished, retires the rotated key when nothing live uses it, and emits
    /// `campaign.finished`.
    private func finish(_ campaign: CampaignRecord, _ progress: CampaignProgress, job: ClaimedJob, in session: StoreSession) async throws {
        _ = try await session.setCampaignStatus(id: campaign.id, .finished)
        var details: [String: AuditValue] = ["reissued": .int(Int64(progress.reissued)), "revoked": .int(Int64(progress.revoked)),
                                             "failed": .int(Int64(progress.failed))]
        if let version = campaign.retireVCKeyVersion {
            let retired = try await session.retireVCKey(version: version)
            details["retiredKey"] = .bool(retired)
            if retired {
                try await session.appendAudit(actor: AuditActor.campaign(campaign.id), action: .vcKeyRetired, subject: "vc-key:\(version)",
                                              details: ["version": .int(Int64(version))])
            }
        }
        try await session.appendAudit(actor: AuditActor.campaign(campaign.id), action: .campaignFinished, subject: campaign.id.auditText,
                                      details: details)
        try await WebhookOutbox.emit(.campaignFinished, providerID: campaign.providerID, subject: .campaign(campaign.id), in: session,
                                     notify: store.jobChannel, requestID: job.requestID)
    }
}
