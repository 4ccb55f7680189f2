import Foundation
import IdosCrypto
import IdosKit
import IssuerStore
import KwilKit
import Logging
import CoreMetrics

/// `deliver_credential`: writes the stored pair once (by the user's write grant, or as inserter), then
/// reads it back from a node before calling it delivered. The grant's `not_usable_after` is the job's
/// deadline: too close to it, nothing is signed and the credential waits for the user's consent.
struct DeliverCredentialHandler: JobHandler {
    let context: IssuanceContext
    var kind: String { IssuanceJobs.deliverCredential }
    var needsSigner: Bool { true }

    func run(_ job: ClaimedJob, logger: Logger) async throws -> JobOutcome {
        let args = try IssuanceJobs.decode(IssuanceJobs.CredentialArgs.self, job.args)
        let store = context.store
        guard let credential = try await store.session.credential(id: args.credentialId) else { throw JobError.poison("no credential \(args.credentialId)") }
        if credential.status == .delivered || credential.status == .revoked { return .completed }
        let intent = IssuanceJobs.credentialIntent(credential.id)
        switch try await NodeWriteProgress.of([intent], in: store) {
        case .notSigned:
            return try await sign(credential, intent: intent, job: job)
        case .inFlight:
            return .snooze(until: Date().addingTimeInterval(context.confirmWait), reason: "waiting for the block", ignoringDeadline: true)
        case .failed(let tx):
            let log = tx.log ?? ""
            if NodeRefusal.isConsentProblem(log) {
                try await setStatus(credential, .needsConsent, error: log, event: .credentialNeedsConsent, job: job)
                return .needsConsent(message: "the node refused the write grant's time window: \(log)")
            }
            try await setStatus(credential, .failed, error: log, event: .credentialFailed, job: job)
            return .discard(.rejectedByNode, message: "\(tx.action) refused by the node: \(log)")
        case .mined(let mined):
            if context.readBack, let problem = try await readBack(credential) { return .retry(reason: "read-back: \(problem)") }
            try await store.withTransaction { session in
                if try await session.setCredentialStatus(id: credential.id, .delivered) {
                    try await WebhookOutbox.emit(.credentialDelivered, providerID: credential.providerID,
                                                 subject: .credential(credential.id, userID: credential.userID), in: session,
                                                 notify: store.jobChannel, requestID: job.requestID)
                    // A campaign's re-issue: only now, with the new one on the node, is the old one revoked.
                    try await ReplacedCredential.revoke(replacedBy: credential, maxAttempts: job.maxAttempts, channel: store.jobChannel,
                                                        requestID: job.requestID, in: session)
                }
                try await session.appendAudit(actor: AuditActor.node, action: .nodeCredentialDelivered, subject: credential.id.auditText,
                                              details: NodeWriteProgress.auditDetails(job: job, mined: mined, userID: credential.userID),
                                              unlessRecorded: true)
            }
            // Accepted (the API's insert) → delivered (read back from a node), by delivery path.
            CoreMetrics.Timer(label: IssuerMetricNames.credentialDeliveryDuration, dimensions: [("delivery", credential.delivery.rawValue)])
                .recordSeconds(max(0, Date().timeIntervalSince(credential.createdAt)))
            return .completed
        }
    }

    private func sign(_ credential: CredentialRecord, intent: String, job: ClaimedJob) async throws -> JobOutcome {
        let store = context.store
        guard let user = try await store.session.user(id: credential.userID) else { throw JobError.poison("no user \(credential.userID)") }
        if user.status != .created {
            // The node needs the user first (her create_user job writes it).
            return .snooze(until: Date().addingTimeInterval(context.confirmWait), reason: "waiting for the user to be created on the node")
        }
        guard user.recipientEncryptionPublicKey == credential.recipientEncryptionPublicKey else {
            return .discard(.keyMismatch, message: "the user's encryption key changed after this credential was sealed")
        }
        let original = try copy(credential.original, notes: credential.signedPublicNotes, issuer: credential.issuerAuthPublicKey)
        let call: IdosActionCall
        switch credential.delivery {
        case .inserter:
            call = try build { try IdosActionCall.upsertCredentialAsInserter(id: credential.nodeOriginalID, userId: credential.userID, credential: original) }
        case .dwg:
            guard let grantID = credential.writeGrantID, let grant = try await store.session.writeGrant(id: grantID),
                  let signature = grant.signature, let copyID = credential.nodeCopyID, let sealedCopy = credential.copy else {
                throw JobError.poison("credential \(credential.id) has no signed write grant or no copy")
            }
            let now = Date()
            let left = grant.notUsableAfterAt.timeIntervalSince(now)
            guard left > context.signMargin else {
                try await setStatus(credential, .needsConsent, error: "write grant expired", event: .credentialNeedsConsent, job: job)
                return .needsConsent(message: "the write grant ends at \(grant.notUsableAfter): too late to write it (\(Int(left)) s left)")
            }
            if let notBefore = DelegatedWriteGrant.unixSeconds(grant.notUsableBefore), Double(notBefore) - 60 > now.timeIntervalSince1970 {
                return .snooze(until: Date(timeIntervalSince1970: Double(notBefore) - 60), reason: "the write grant is not usable yet")
            }
            let pair = CredentialPair(originalId: credential.nodeOriginalID, copyId: copyID, original: original,
                                      copy: try copy(sealedCopy, notes: "", issuer: credential.issuerAuthPublicKey), contentHash: credential.contentHash)
            let signed = SignedDelegatedWriteGrant(grant: DelegatedWriteGrant(
                ownerWalletIdentifier: grant.ownerWalletIdentifier, granteeWalletIdentifier: grant.granteeWalletIdentifier,
                issuerPublicKey: grant.issuerPublicKey, id: grant.id, accessGrantTimelock: grant.accessGrantTimelock,
                notUsableBefore: grant.notUsableBefore, notUsableAfter: grant.notUsableAfter), signature: signature)
            call = try build { try IdosActionCall.createCredentialsByDWG(pair: pair, grant: signed) }
        }
        do {
            _ = try await context.writer.submit([PlannedWrite(intent: intent, call: call)], jobID: job.id)
        } catch NodeWriteError.noSigner {
            return .snooze(until: Date().addingTimeInterval(1), reason: "no signer lane in this worker")
        }
        return .snooze(until: Date().addingTimeInterval(context.confirmWait), reason: "signed; waiting for the block", ignoringDeadline: true)
    }

    /// Sets the credential's status and, when it changed, emits `event` to the provider's webhooks, in one
    /// transaction.
    private func setStatus(_ credential: CredentialRecord, _ status: CredentialRecord.Status, error: String, event: WebhookEventType,
                           job: ClaimedJob) async throws {
        let store = context.store
        try await store.withTransaction { session in
            if try await session.setCredentialStatus(id: credential.id, status, error: error) {
                try await WebhookOutbox.emit(event, providerID: credential.providerID, subject: .credential(credential.id, userID: credential.userID),
                                             in: session, notify: store.jobChannel, requestID: job.requestID)
            }
        }
    }

    private func copy(_ sealed: SealedCopyRecord, notes: String, issuer: String) throws -> CredentialCopy {
        CredentialCopy(content: sealed.content, encryptorPublicKey: sealed.encryptorPublicKey, publicNotes: notes,
                       publicNotesSignature: sealed.publicNotesSignature, broaderSignature: sealed.broaderSignature, issuerAuthPublicKey: issuer)
    }

    /// Nil when the node returns what was written; else what differs.
    private func readBack(_ credential: CredentialRecord) async throws -> String? {
        let reader = context.writer.reader
        var ids = [credential.nodeOriginalID]
        if credential.delivery == .dwg, let copy = credential.nodeCopyID { ids.append(copy) }
        for id in ids {
            let call = try build { try IdosActionCall.credentialExistAsInserter(id: id) }
            let result = try await context.writer.pool.read { client throws(KwilError) in try await client.call(call, signer: reader) }
            guard result.rows.first?.first == KwilValue.bool(true) else { return "credential \(id) is not on the node yet" }
        }
        if credential.delivery == .dwg, let copyID = credential.nodeCopyID, let copy = credential.copy {
            let call = try build { try IdosActionCall.getCredentialShared(id: copyID) }
            let result: QueryResult
            do {
                result = try await context.writer.pool.read { client throws(KwilError) in try await client.call(call, signer: reader) }
            } catch {
                // A grant naming another grantee than our reader key cannot be read back; existence was checked above.
                if case .actionFailed(let message) = error, message.contains("not shared with the caller") { return nil }
                throw error
            }
            let columns = result.columnNames
            guard let row = result.rows.first, let contentIndex = columns.firstIndex(of: "content"),
                  let notesIndex = columns.firstIndex(of: "public_notes") else { return "the copy \(copyID) is not readable" }
            guard row[contentIndex] == KwilValue.text(copy.content) else { return "the copy's content on the node differs from what was sent" }
            let notes = row[notesIndex]
            guard notes == KwilValue.text(credential.signedPublicNotes) || notes == KwilValue.text(credential.publicNotes) else {
                return "the public notes on the node differ from what was sent"
            }
        }
        return nil
    }
}
