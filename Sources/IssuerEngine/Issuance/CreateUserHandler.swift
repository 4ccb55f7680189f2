import Foundation
import IdosKit
import IssuerStore
import KwilKit
import Logging

/// `create_user`: the user and her wallets on the node, in one lane submission (consecutive nonces), then
/// read back with `get_user_as_inserter`.
struct CreateUserHandler: JobHandler {
    let context: IssuanceContext
    var kind: String { IssuanceJobs.createUser }
    var needsSigner: Bool { true }

    func run(_ job: ClaimedJob, logger: Logger) async throws -> JobOutcome {
        let args = try IssuanceJobs.decode(IssuanceJobs.UserArgs.self, job.args)
        let store = context.store
        guard let user = try await store.session.user(id: args.userId) else { throw JobError.poison("no user \(args.userId)") }
        if user.status == .created { return .completed }
        let wallets = try await store.session.wallets(userID: user.id)
        let intents = [IssuanceJobs.userIntent(user.id)] + wallets.map { IssuanceJobs.walletIntent($0.id) }
        switch try await NodeWriteProgress.of(intents, in: store) {
        case .notSigned:
            var writes = [PlannedWrite(intent: intents[0], call: try build {
                try IdosActionCall.createUserAsInserter(id: user.id, recipientEncryptionPublicKey: user.recipientEncryptionPublicKey,
                                                        encryptionPasswordStore: EncryptionPasswordStore(rawValue: user.encryptionPasswordStore) ?? .user)
            })]
            for wallet in wallets {
                guard let type = WalletType(rawValue: wallet.walletType) else { throw JobError.poison("wallet type \(wallet.walletType)") }
                let proof = WalletProof(type: type, address: wallet.address, publicKey: wallet.publicKey, message: wallet.message,
                                        signature: wallet.signature)
                writes.append(PlannedWrite(intent: IssuanceJobs.walletIntent(wallet.id), call: try build {
                    try IdosActionCall.upsertWalletAsInserter(id: wallet.id, userId: user.id, proof: proof)
                }))
            }
            return try await submit(writes, job: job)
        case .inFlight:
            return .snooze(until: Date().addingTimeInterval(context.confirmWait), reason: "waiting for the block", ignoringDeadline: true)
        case .failed(let tx):
            try await store.session.setUserStatus(id: user.id, .failed)
            return .discard(.rejectedByNode, message: "\(tx.action) refused by the node: \(tx.log ?? "")")
        case .mined(let mined):
            if context.readBack {
                let reader = context.writer.reader
                let call = try build { try IdosActionCall.getUserAsInserter(id: user.id) }
                let result = try await context.writer.pool.read { client throws(KwilError) in try await client.call(call, signer: reader) }
                guard result.rows.count == 1 else { return .retry(reason: "read-back: the node does not return user \(user.id) yet") }
            }
            try await store.withTransaction { session in
                // The event commits with the status it reports (and only when the status changed: a rerun emits nothing).
                if try await session.setUserStatus(id: user.id, .created) {
                    try await WebhookOutbox.emit(.userCreated, providerID: user.providerID, subject: .user(user.id), in: session,
                                                 notify: store.jobChannel, requestID: job.requestID)
                }
                try await session.appendAudit(actor: AuditActor.node, action: .nodeUserCreated, subject: user.id.auditText,
                                              details: NodeWriteProgress.auditDetails(job: job, mined: mined, userID: user.id), unlessRecorded: true)
            }
            return .completed
        }
    }

    private func submit(_ writes: [PlannedWrite], job: ClaimedJob) async throws -> JobOutcome {
        do {
            _ = try await context.writer.submit(writes, jobID: job.id)
        } catch NodeWriteError.noSigner {
            return .snooze(until: Date().addingTimeInterval(1), reason: "no signer lane in this worker")
        }
        return .snooze(until: Date().addingTimeInterval(context.confirmWait), reason: "signed; waiting for the block", ignoringDeadline: true)
    }
}

/// Runs a call builder, turning its refusal into a poison job (stored data the catalog refuses).
func build(_ body: () throws -> IdosActionCall) throws -> IdosActionCall {
    do { return try body() } catch { throw JobError.poison("the idOS call cannot be built: \(error)") }
}
