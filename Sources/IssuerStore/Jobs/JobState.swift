/// The state of a job row. Who moves jobs in and out of each state is written here and drawn in
/// `docs/job-states.md`; the transitions themselves are `IssuerEngine.JobStateMachine`.
public enum JobState: String, Sendable, CaseIterable, Codable, Hashable {
    /// Waiting to run at `scheduled_at`. In: insert, redrive/retry (operator), new consent. Out: claim → running,
    /// cancel → cancelled.
    case available
    /// Claimed by a worker holding a lease. In: claim. Out: the executor's outcome (any state), or the rescuer
    /// when the lease expires (→ retryable, or discarded when attempts are used up).
    case running
    /// Failed an attempt and waits for its backoff. In: executor, rescuer. Out: claim → running, cancel.
    case retryable
    /// Done. In: executor. Out: the pruner deletes it after the completed retention.
    case completed
    /// A dead letter with a `DeadReason`. In: executor, rescuer. Out: redrive → available, pruner (after a year).
    case discarded
    /// Parked: its deadline (a write grant's `not_usable_after`) passed; the user must sign a new grant.
    /// In: executor, rescuer. Out: a new grant or redrive → available, cancel.
    case needsConsent = "needs_consent"
    /// Stopped by an operator or the API. In: cancel. Out: redrive → available, pruner.
    case cancelled

    /// States a job never leaves by itself.
    public var isFinal: Bool { self == .completed || self == .discarded || self == .needsConsent || self == .cancelled }
    /// States an operator's redrive applies to.
    public var isRedrivable: Bool { self == .discarded || self == .needsConsent || self == .cancelled }
}

/// Why a job is a dead letter.
public enum DeadReason: String, Sendable, CaseIterable, Codable, Hashable {
    /// Every attempt failed with a retryable error.
    case transientExhausted = "transient_exhausted"
    /// The node refused the write for good; the job's last error holds the node's message.
    case rejectedByNode = "rejected_by_node"
    /// The user's write grant expired before the write landed (kept for jobs moved out of needs_consent by hand).
    case consentExpired = "consent_expired"
    /// The user's encryption key changed under the job; the credential must be re-encrypted.
    case keyMismatch = "key_mismatch"
    /// The job's arguments cannot be processed (unknown kind, malformed args, a bug).
    case poison
}
