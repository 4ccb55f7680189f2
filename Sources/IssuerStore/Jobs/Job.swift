public import Foundation

/// A job to insert (inside the caller's transaction: the outbox).
public struct NewJob: Sendable, Equatable {
    /// The handler that runs it (e.g. `deliver_credential`).
    public var kind: String
    /// Arguments as a JSON object text.
    public var args: String
    /// 1 (first) … 4 (last); default 2.
    public var priority: Int
    /// Attempts before the job becomes a dead letter (default 25).
    public var maxAttempts: Int
    /// Not before this time (default: now).
    public var scheduledAt: Date?
    /// A hard deadline (a write grant's `not_usable_after`); past it the job waits for consent.
    public var deadline: Date?
    /// Jobs with the same key exist once: a second insert is ignored.
    public var uniqueKey: String?
    /// The request that enqueued it, for log correlation.
    public var requestID: String?

    public init(kind: String, args: String = "{}", priority: Int = 2, maxAttempts: Int = 25, scheduledAt: Date? = nil,
                deadline: Date? = nil, uniqueKey: String? = nil, requestID: String? = nil) {
        self.kind = kind; self.args = args; self.priority = priority; self.maxAttempts = maxAttempts
        self.scheduledAt = scheduledAt; self.deadline = deadline; self.uniqueKey = uniqueKey; self.requestID = requestID
    }
}

/// A job a worker claimed: what its handler needs, and the attempt number that guards its completion.
public struct ClaimedJob: Sendable, Equatable {
    public var id: Int64
    public var kind: String
    /// Arguments as JSON text.
    public var args: String
    /// This attempt's number (1 for the first run). Completions match on it, so a stale worker's late answer
    /// never overwrites a rescued job.
    public var attempt: Int
    public var maxAttempts: Int
    public var deadline: Date?
    public var createdAt: Date
    public var requestID: String?

    public init(id: Int64, kind: String, args: String, attempt: Int, maxAttempts: Int, deadline: Date?, createdAt: Date, requestID: String?) {
        self.id = id; self.kind = kind; self.args = args; self.attempt = attempt; self.maxAttempts = maxAttempts
        self.deadline = deadline; self.createdAt = createdAt; self.requestID = requestID
    }
}

/// One failed attempt, as stored in the job's `errors` list.
public struct JobAttemptError: Sendable, Equatable, Codable {
    public var attempt: Int
    public var at: Date
    public var error: String
    /// A short classification (`transient`, `rejected_by_node`, `rescued`, …).
    public var reason: String?

    public init(attempt: Int, at: Date, error: String, reason: String? = nil) {
        self.attempt = attempt; self.at = at; self.error = error; self.reason = reason
    }
}

/// The state change a finished attempt produces (made by `IssuerEngine.JobStateMachine`, applied in batches).
public struct JobTransition: Sendable, Equatable {
    public var jobID: Int64
    /// The attempt that ran; the update applies only if the row is still `running` with this attempt.
    public var attempt: Int
    public var state: JobState
    /// When the job runs next (retryable, snoozed); nil keeps `scheduled_at`.
    public var scheduledAt: Date?
    public var deadReason: DeadReason?
    /// Appended to the job's `errors`.
    public var error: JobAttemptError?
    /// A snooze gives the attempt back (it did not fail).
    public var refundsAttempt: Bool

    public init(jobID: Int64, attempt: Int, state: JobState, scheduledAt: Date? = nil, deadReason: DeadReason? = nil,
                error: JobAttemptError? = nil, refundsAttempt: Bool = false) {
        self.jobID = jobID; self.attempt = attempt; self.state = state; self.scheduledAt = scheduledAt
        self.deadReason = deadReason; self.error = error; self.refundsAttempt = refundsAttempt
    }
}

/// A whole job row (operators' views).
public struct JobRecord: Sendable, Equatable, Codable {
    public var id: Int64
    public var kind: String
    public var args: String
    public var state: JobState
    public var priority: Int
    public var attempt: Int
    public var maxAttempts: Int
    public var scheduledAt: Date
    public var deadline: Date?
    public var attemptedAt: Date?
    public var attemptedBy: String?
    public var leaseExpiresAt: Date?
    public var errors: [JobAttemptError]
    public var deadReason: DeadReason?
    public var uniqueKey: String?
    public var requestID: String?
    public var createdAt: Date
    public var finalizedAt: Date?
}
