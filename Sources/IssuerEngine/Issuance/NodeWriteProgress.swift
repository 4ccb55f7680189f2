import Foundation
import IssuerStore

/// Where a job's node writes stand, read from the delivery ledger.
enum NodeWriteProgress: Sendable {
    /// Nothing signed yet for these intents.
    case notSigned
    /// Signed, on the way to a block.
    case inFlight
    /// Every write is in a block with code 0.
    case mined([NodeTransaction])
    /// A write failed on the chain (mined with a code) or was refused by the node; `log` is its message.
    case failed(NodeTransaction)

    /// The progress of `intents` from their latest txs.
    static func of(_ intents: [String], in store: IssuerStore) async throws -> NodeWriteProgress {
        let latest = try await store.session.latestTransactions(intents: intents)
        var mined: [NodeTransaction] = []
        var missing = false
        for intent in intents {
            guard let tx = latest[intent] else { missing = true; continue }
            switch tx.state {
            case .failed: return .failed(tx)
            case .abandoned: if tx.code != nil { return .failed(tx) } else { missing = true }
            case .mined: mined.append(tx)
            case .signed, .broadcast: break
            }
        }
        if mined.count == intents.count { return .mined(mined) }
        if missing && mined.isEmpty && latest.values.allSatisfy({ $0.state == .abandoned }) { return .notSigned }
        return .inFlight
    }
}

/// Classifies a node's refusal of a write.
enum NodeRefusal {
    /// The write grant's time window closed (or has not opened): the user must sign a new grant.
    static func isConsentProblem(_ log: String) -> Bool {
        log.contains("write grant can only be used") || log.contains("dwg_not_before must be before")
    }
}

extension NodeWriteProgress {
    /// The details of a node-confirmation audit row: the job, the mined txs' hashes, the user.
    static func auditDetails(job: ClaimedJob, mined: [NodeTransaction], userID: UUID) -> [String: AuditValue] {
        ["jobId": .int(job.id), "txHashes": .array(mined.map { .string($0.txHash) }), "userId": .string(userID.auditText)]
    }
}
