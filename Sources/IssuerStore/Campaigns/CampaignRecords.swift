public import Foundation

/// Which of a provider's credentials a campaign re-issues. Every field narrows the selection.
public struct CampaignFilter: Sendable, Equatable {
    /// The credential's level (`fields.level` at issuance).
    public var level: String?
    /// Accepted by the service before this instant.
    public var issuedBefore: Date?
    /// `delivered` (the default) or `pending`.
    public var status: CredentialRecord.Status
    /// Signed with the VC key `<vcIssuer>/keys/N`.
    public var vcKeyVersion: Int?
    /// The public notes' `type`.
    public var type: String?

    /// `issuedBefore` as written: an RFC 3339 instant (fractional seconds allowed) or a date (midnight UTC).
    public static func instant(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle()) { return date }
        return try? Date(text + "T00:00:00Z", strategy: Date.ISO8601FormatStyle())
    }

    /// Whether a text filter (`level`, `type`) can be compared as given (PostgreSQL text holds no NUL; no control
    /// characters at all).
    public static func isPlainText(_ text: String) -> Bool { !text.unicodeScalars.contains { $0.value < 0x20 } }

    public init(level: String? = nil, issuedBefore: Date? = nil, status: CredentialRecord.Status = .delivered, vcKeyVersion: Int? = nil,
                type: String? = nil) {
        self.level = level; self.issuedBefore = issuedBefore; self.status = status; self.vcKeyVersion = vcKeyVersion; self.type = type
    }
}

/// A re-issuance campaign as stored.
public struct CampaignRecord: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable {
        case planned, running, paused, finished, cancelled, halted
        /// Nothing more happens to a campaign in this state.
        public var isFinal: Bool { self == .finished || self == .cancelled }
    }

    public var id: UUID
    public var providerID: UUID
    public var status: Status
    /// The filter as the caller gave it (JSON text).
    public var filter: String
    /// A JSON object merged into each new credential's public notes.
    public var publicNotes: String?
    /// A JSON object replacing top-level fields of each re-signed VC.
    public var credentialFields: String?
    public var ratePerSecond: Double?
    public var concurrencyPerNode: Int
    public var haltErrorRate: Double
    public var haltMinItems: Int
    /// The VC key version retired when the campaign finishes (a rotation).
    public var retireVCKeyVersion: Int?
    public var selected: Int
    public var budgetTokens: Double
    public var budgetAt: Date?
    public var runGeneration: Int
    public var haltReason: String?
    public var createdBy: String
    public var createdAt: Date
    public var startedAt: Date?
    public var endedAt: Date?

    public init(id: UUID = UUID(), providerID: UUID, status: Status = .planned, filter: String, publicNotes: String? = nil,
                credentialFields: String? = nil, ratePerSecond: Double? = nil, concurrencyPerNode: Int = 500, haltErrorRate: Double = 0.2,
                haltMinItems: Int = 20, retireVCKeyVersion: Int? = nil, selected: Int = 0, budgetTokens: Double = 0, budgetAt: Date? = nil,
                runGeneration: Int = 0, haltReason: String? = nil, createdBy: String, createdAt: Date = Date(), startedAt: Date? = nil,
                endedAt: Date? = nil) {
        self.id = id; self.providerID = providerID; self.status = status; self.filter = filter; self.publicNotes = publicNotes
        self.credentialFields = credentialFields; self.ratePerSecond = ratePerSecond; self.concurrencyPerNode = concurrencyPerNode
        self.haltErrorRate = haltErrorRate; self.haltMinItems = haltMinItems; self.retireVCKeyVersion = retireVCKeyVersion
        self.selected = selected; self.budgetTokens = budgetTokens; self.budgetAt = budgetAt; self.runGeneration = runGeneration
        self.haltReason = haltReason; self.createdBy = createdBy; self.createdAt = createdAt; self.startedAt = startedAt; self.endedAt = endedAt
    }
}

/// Where a campaign's selected credentials are, read from the items and the credentials themselves.
public struct CampaignProgress: Sendable, Equatable {
    public var selected = 0
    /// Not yet taken by the campaign.
    public var pending = 0
    /// New credential stored, not yet delivered.
    public var inFlight = 0
    /// New credential delivered (read back from a node).
    public var reissued = 0
    /// Old credential revoked on the node (after its replacement was delivered).
    public var revoked = 0
    /// New credential delivered, old one's revocation queued and still on its way.
    public var revoking = 0
    /// Old credential's revocation ended without a write (a dead letter): counted once in `failed` too.
    public var revokeFailed = 0
    /// Could not be rebuilt, or the new credential failed on the node, or its revocation failed.
    public var failed = 0
    /// Left untouched because the campaign was cancelled first.
    public var skipped = 0

    public init() {}

    /// Items with a result (re-issued or failed): the base of the error rate.
    public var done: Int { reissued + failed - revokeFailed }
    /// Nothing left to do or wait for.
    public var isSettled: Bool { pending == 0 && inFlight == 0 && revoking == revokeFailed }
}

/// A selected credential the campaign is about to re-issue, with what re-issuing it needs.
public struct CampaignItem: Sendable {
    public var credential: CredentialRecord
    public var user: UserRecord
}

/// A VC signing key as stored: its version N (`<vcIssuer>/keys/N`), public key, and when it was retired.
public struct VCKeyRecord: Sendable, Equatable {
    public var version: Int
    public var publicKeyMultibase: String
    public var retiredAt: Date?
    public init(version: Int, publicKeyMultibase: String, retiredAt: Date? = nil) {
        self.version = version; self.publicKeyMultibase = publicKeyMultibase; self.retiredAt = retiredAt
    }
}
