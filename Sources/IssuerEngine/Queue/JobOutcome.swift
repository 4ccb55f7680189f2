public import Foundation
public import IssuerStore

/// What a job handler decided. Only `JobStateMachine` turns it into a state change.
public enum JobOutcome: Sendable, Equatable {
    /// Done.
    case completed
    /// Failed in a way that may pass later; uses up the attempt. `after` overrides the policy's backoff.
    case retry(reason: String, after: Double? = nil)
    /// Not done, not failed (e.g. waiting for a block): run again at `until` without using up the attempt.
    /// With `ignoringDeadline`, the job's deadline no longer applies (its write is signed and on its way:
    /// the node's verdict decides, not the clock).
    case snooze(until: Date, reason: String, ignoringDeadline: Bool = false)
    /// A dead letter: retrying cannot help.
    case discard(DeadReason, message: String)
    /// The user's consent (a write grant) expired or is missing: park until a new one arrives.
    case needsConsent(message: String)
    /// Stop for good without it being a failure.
    case cancel(message: String)
}

/// Errors a handler may throw instead of returning an outcome; anything else thrown counts as a retryable
/// failure described by its `description`.
public enum JobError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The arguments cannot be processed: a dead letter (`poison`).
    case poison(String)
    /// Retry later.
    case transient(String)
    /// A dead letter with this reason.
    case dead(DeadReason, String)
    /// Park until the user consents again.
    case consentRequired(String)

    public var description: String {
        switch self {
        case .poison(let m): "poison: \(m)"
        case .transient(let m): m
        case .dead(let reason, let m): "\(reason.rawValue): \(m)"
        case .consentRequired(let m): "needs consent: \(m)"
        }
    }

    /// The outcome this error stands for.
    public var outcome: JobOutcome {
        switch self {
        case .poison(let m): .discard(.poison, message: m)
        case .transient(let m): .retry(reason: m)
        case .dead(let reason, let m): .discard(reason, message: m)
        case .consentRequired(let m): .needsConsent(message: m)
        }
    }
}
