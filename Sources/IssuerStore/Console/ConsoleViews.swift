public import Foundation

/// What the console's queue page shows, read with index-backed queries only (see `StoreSession.queueHealth`).
public struct QueueHealth: Sendable, Equatable {
    /// Jobs per (kind, state), from the trigger-kept counts.
    public var counts: [QueueStats.Row]
    /// Age in seconds of the oldest due job; 0 when none.
    public var oldestDueAge: Double
    /// Jobs completed, and jobs that failed an attempt (now retryable or discarded), within `window` seconds.
    public var completedInWindow: Int
    public var failedInWindow: Int
    public var window: Double
    /// Dead letters (discarded jobs) per reason.
    public var deadLetters: [String: Int]
    /// The jobs table's live and dead tuples and its last (auto)vacuum, from `pg_stat_user_tables`.
    public var liveTuples: Int
    public var deadTuples: Int
    public var lastVacuum: Date?
}

/// A wallet of a user: its type and address as stored.
public struct WalletOverview: Sendable, Equatable {
    public var type: String
    public var address: String
}

/// One credential on a user's console page, with its delivery job.
public struct CredentialOverview: Sendable, Equatable {
    public var id: UUID
    public var status: String
    public var level: String?
    public var delivery: String
    public var createdAt: Date
    public var deliveredAt: Date?
    public var revokedAt: Date?
    public var lastError: String?
    /// The write grant's `not_usable_after` (dwg deliveries).
    public var writeGrantExpiresAt: Date?
    /// The jobs about this credential (delivery, notes edits), newest first.
    public var jobs: [JobRecord]
}

/// A user's console page: her node status, wallets (addresses as stored; pages mask them), credentials and jobs.
/// Never names, documents or key material.
public struct UserOverview: Sendable, Equatable {
    public var id: UUID
    public var providerName: String
    public var status: String
    public var keyVersion: Int
    public var createdAt: Date
    public var confirmedAt: Date?
    public var wallets: [WalletOverview]
    public var credentials: [CredentialOverview]
    /// Jobs about the user herself (creation, key rotations), newest first.
    public var jobs: [JobRecord]
}

/// A job's console page: the job, the node transactions it signed, and the audit rows about it.
public struct JobOverview: Sendable, Equatable {
    public var job: JobRecord
    public var transactions: [NodeTransaction]
    public var audit: [AuditRecord]
}
