import Foundation
import IdosKit
import IssuerStore
import Logging

/// `edit_public_notes`: writes a credential's current public notes (an edit, or a revocation with
/// `"status":"revoked"`) with `edit_public_notes_as_issuer`, signed by the key that issued it (the node
/// compares `@caller` with the stored `issuer_auth_public_key`). Waits until the credential is on the node;
/// an older version than the credential's current one is superseded and completes without a write.
struct EditPublicNotesHandler: JobHandler {
    let context: IssuanceContext
    var kind: String { IssuanceJobs.editPublicNotes }
    var needsSigner: Bool { true }

    func run(_ job: ClaimedJob, logger: Logger) async throws -> JobOutcome {
        let args = try IssuanceJobs.decode(IssuanceJobs.CredentialArgs.self, job.args)
        let store = context.store
        guard let (credential, current) = try await store.session.credentialWithNotesVersion(id: args.credentialId) else {
            throw JobError.poison("no credential \(args.credentialId)")
        }
        let version = args.version ?? current
        let intent = IssuanceJobs.notesIntent(credential.id, version)
        switch try await NodeWriteProgress.of([intent], in: store) {
        case .notSigned:
            if version < current { return .completed }   // a newer edit writes the newer notes
            switch credential.status {
            case .pending:
                return .snooze(until: Date().addingTimeInterval(max(5, context.confirmWait)), reason: "waiting for the credential's delivery")
            case .failed, .needsConsent:
                return .cancel(message: "the credential is not on the node (\(credential.status.rawValue)); nothing to edit")
            case .delivered, .revoked:
                break
            }
            let call = try build {
                try IdosActionCall.editPublicNotesAsIssuer(publicNotesId: credential.publicNotesID.uuidString.lowercased(),
                                                           publicNotes: credential.publicNotes)
            }
            do {
                // Signed only while this version is still the credential's newest: an edit committed meanwhile
                // has its own job, which must be the last write of the notes on the node.
                let id = credential.id
                let write = PlannedWrite(intent: intent, call: call) { session in try await session.notesVersionForSigning(id: id) == version }
                _ = try await context.writer.submit([write], jobID: job.id, signer: credential.issuerAuthPublicKey)
            } catch NodeWriteError.noSigner {
                return .snooze(until: Date().addingTimeInterval(1), reason: "the issuing key's lane is held by another worker")
            }
            return .snooze(until: Date().addingTimeInterval(context.confirmWait), reason: "signed; waiting for the block")
        case .inFlight:
            return .snooze(until: Date().addingTimeInterval(context.confirmWait), reason: "waiting for the block")
        case .failed(let tx):
            return .discard(.rejectedByNode, message: "\(tx.action) refused by the node: \(tx.log ?? "")")
        case .mined(let mined):
            let revoked = credential.publicNotes.contains("\"revoked\"") && Self.isRevoked(credential.publicNotes)
            try await store.withTransaction { session in
                if revoked, try await session.setCredentialStatus(id: credential.id, .revoked) {
                    try await WebhookOutbox.emit(.credentialRevoked, providerID: credential.providerID,
                                                 subject: .credential(credential.id, userID: credential.userID), in: session,
                                                 notify: store.jobChannel, requestID: job.requestID)
                }
                var details = NodeWriteProgress.auditDetails(job: job, mined: mined, userID: credential.userID)
                details["notesVersion"] = .int(Int64(version))
                details["revoked"] = .bool(revoked)
                try await session.appendAudit(actor: AuditActor.node, action: .nodeNotesEdited, subject: credential.id.auditText,
                                              details: details, unlessRecorded: true)
            }
            return .completed
        }
    }

    /// Whether notes say `"status": "revoked"`.
    static func isRevoked(_ notes: String) -> Bool {
        guard let object = try? JSONSerialization.jsonObject(with: Data(notes.utf8)) as? [String: Any] else { return false }
        return object["status"] as? String == "revoked"
    }
}
