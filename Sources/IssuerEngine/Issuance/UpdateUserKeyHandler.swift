import Foundation
import IdosKit
import IssuerStore
import KwilKit
import Logging

/// `update_user_key`: writes a user's rotated encryption key (`update_user_pub_key_as_inserter`) once her
/// user exists on the node. An older version than the user's current one is superseded.
struct UpdateUserKeyHandler: JobHandler {
    let context: IssuanceContext
    var kind: String { IssuanceJobs.updateUserKey }
    var needsSigner: Bool { true }

    func run(_ job: ClaimedJob, logger: Logger) async throws -> JobOutcome {
        let args = try IssuanceJobs.decode(IssuanceJobs.UserArgs.self, job.args)
        let store = context.store
        guard let (user, current) = try await store.session.userWithKeyVersion(id: args.userId) else { throw JobError.poison("no user \(args.userId)") }
        let version = args.version ?? current
        let intent = IssuanceJobs.userKeyIntent(user.id, version)
        switch try await NodeWriteProgress.of([intent], in: store) {
        case .notSigned:
            if version < current { return .completed }
            guard user.status == .created else {
                return .snooze(until: Date().addingTimeInterval(max(5, context.confirmWait)), reason: "waiting for the user to be created")
            }
            let call = try build {
                try IdosActionCall.updateUserPubKeyAsInserter(id: user.id, recipientEncryptionPublicKey: user.recipientEncryptionPublicKey,
                                                              encryptionPasswordStore: EncryptionPasswordStore(rawValue: user.encryptionPasswordStore) ?? .user)
            }
            do { _ = try await context.writer.submit([PlannedWrite(intent: intent, call: call)], jobID: job.id) } catch NodeWriteError.noSigner {
                return .snooze(until: Date().addingTimeInterval(1), reason: "no signer lane in this worker")
            }
            return .snooze(until: Date().addingTimeInterval(context.confirmWait), reason: "signed; waiting for the block")
        case .inFlight:
            return .snooze(until: Date().addingTimeInterval(context.confirmWait), reason: "waiting for the block")
        case .failed(let tx):
            return .discard(.rejectedByNode, message: "\(tx.action) refused by the node: \(tx.log ?? "")")
        case .mined(let mined):
            var details = NodeWriteProgress.auditDetails(job: job, mined: mined, userID: user.id)
            details["keyVersion"] = .int(Int64(version))
            try await store.session.appendAudit(actor: AuditActor.node, action: .nodeUserKeyUpdated, subject: user.id.auditText,
                                                details: details, unlessRecorded: true)
            return .completed
        }
    }
}
