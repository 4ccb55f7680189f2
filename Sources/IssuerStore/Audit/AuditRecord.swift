public import Foundation

/// What an audit row says happened. The raw value is the `action` column.
public enum AuditAction: String, Sendable, CaseIterable {
    // API calls by a provider (actor `provider:<id>`).
    case userCreated = "user.created"
    case credentialIssued = "credential.issued"
    case credentialEdited = "credential.edited"
    case credentialRevoked = "credential.revoked"
    case userKeyRotated = "user.key_rotated"
    case writeGrantCreated = "write_grant.created"
    // Webhook endpoints by their provider (subject: the endpoint id; details never hold the URL or a secret).
    case webhookCreated = "webhook.created"
    case webhookDeleted = "webhook.deleted"
    case webhookSecretRotated = "webhook.secret_rotated"
    case webhookRedelivered = "webhook.redelivered"
    // Re-issuance campaigns by their provider or an operator (subject: the campaign id).
    case campaignCreated = "campaign.created"
    case campaignStarted = "campaign.started"
    case campaignPaused = "campaign.paused"
    case campaignResumed = "campaign.resumed"
    case campaignCancelled = "campaign.cancelled"
    // What a campaign's worker decided (actor `campaign:<id>`).
    case campaignHalted = "campaign.halted"
    case campaignFinished = "campaign.finished"
    case vcKeyRetired = "vc_key.retired"
    // Queue actions by an operator (actor `cli:<os user>`).
    case jobRetried = "job.retried"
    case jobRedriven = "job.redriven"
    case jobCancelled = "job.cancelled"
    // Node confirmations: a job's tx mined (actor `node`).
    case nodeUserCreated = "node.user_created"
    case nodeCredentialDelivered = "node.credential_delivered"
    case nodeNotesEdited = "node.notes_edited"
    case nodeUserKeyUpdated = "node.user_key_updated"
}

/// One audit row to append.
public struct AuditEntry: Sendable, Equatable {
    /// Who: `provider:<uuid>`, `cli:<os user>`, `node`.
    public var actor: String
    public var action: AuditAction
    /// The user id, credential id or job id the action concerns (as text).
    public var subject: String
    /// Ids, kinds, tx hashes, statuses only: never names, documents, keys, signatures or ciphertext.
    public var details: [String: AuditValue]

    public init(actor: String, action: AuditAction, subject: String, details: [String: AuditValue] = [:]) {
        self.actor = actor; self.action = action; self.subject = subject; self.details = details
    }
}

/// One stored audit row.
public struct AuditRecord: Sendable, Equatable {
    public var id: Int64
    /// UTC, RFC 3339 with six fractional digits (the text the hash covers).
    public var at: String
    public var actor: String
    public var action: String
    public var subject: String
    public var details: [String: AuditValue]
    public var prevHash: String
    public var hash: String

    /// The bytes `hash` covers after `prevHash` (see `AuditCanonical`).
    public var canonicalJSON: [UInt8] {
        AuditCanonical.rowJSON(id: id, at: at, actor: actor, action: action, subject: subject, details: details)
    }

    /// The hash this row should have, recomputed from its columns.
    public var expectedHash: String { AuditCanonical.hash(prevHash: prevHash, canonicalJSON: canonicalJSON) }

    /// The row as one JSON object (sorted keys, no whitespace), for JSON Lines export.
    public var jsonLine: String {
        AuditCanonical.json(.object(["id": .int(id), "at": .string(at), "actor": .string(actor), "action": .string(action),
                                     "subject": .string(subject), "details": .object(details), "prevHash": .string(prevHash),
                                     "hash": .string(hash)]))
    }
}

/// The outcome of checking the whole chain.
public struct AuditVerification: Sendable, Equatable {
    /// Why a row breaks the chain.
    public enum Problem: Sendable, Equatable, CustomStringConvertible {
        /// The row's id is not the previous id + 1 (a row was deleted, or the first row is not id 1).
        case gap(expected: Int64)
        /// The row's `prev_hash` is not the previous row's hash (a row before it was removed or rewritten).
        case prevHashMismatch
        /// The row's hash is not the hash of its contents (the row was edited or inserted by hand).
        case hashMismatch
        /// The row's details cannot be read as canonical JSON (edited by hand).
        case unreadableDetails(String)

        public var description: String {
            switch self {
            case .gap(let expected): "gap in ids (expected id \(expected); a row is missing)"
            case .prevHashMismatch: "prev_hash mismatch (it is not the previous row's hash)"
            case .hashMismatch: "hash mismatch (the row's contents do not hash to its stored hash)"
            case .unreadableDetails(let why): "hash mismatch (details unreadable: \(why))"
            }
        }
    }

    /// Rows checked (up to and including the first broken one).
    public var rowsChecked: Int
    /// The first broken row and why; nil when the chain holds.
    public var firstBreak: (id: Int64, problem: Problem)?

    public var isIntact: Bool { firstBreak == nil }

    public init(rowsChecked: Int, firstBreak: (id: Int64, problem: Problem)?) {
        self.rowsChecked = rowsChecked
        self.firstBreak = firstBreak
    }

    public static func == (a: AuditVerification, b: AuditVerification) -> Bool {
        a.rowsChecked == b.rowsChecked && a.firstBreak?.id == b.firstBreak?.id && a.firstBreak?.problem == b.firstBreak?.problem
    }
}

/// The `actor` spellings.
public enum AuditActor {
    /// A KYC provider's API call.
    public static func provider(_ id: UUID) -> String { "provider:\(id.uuidString.lowercased())" }
    /// An operator on the command line (`cli:<os user>`).
    public static func cli(user: String) -> String { "cli:\(user)" }
    /// A node confirmed a write (the worker saw the tx mined).
    public static let node = "node"
    /// The issuer itself, when no caller is named.
    public static let system = "system"
    /// A re-issuance campaign's worker (`campaign:<id>`).
    public static func campaign(_ id: UUID) -> String { "campaign:\(id.uuidString.lowercased())" }
}

extension UUID {
    /// The id as audit rows spell it (lower-case).
    public var auditText: String { uuidString.lowercased() }
}
