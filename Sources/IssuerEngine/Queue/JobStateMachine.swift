public import Foundation
public import IssuerStore

/// The queue's transitions out of `running`, as a pure function (docs/job-states.md draws them).
///
/// | outcome | next state |
/// |---|---|
/// | completed | completed |
/// | retry | retryable at now + backoff; discarded (`transient_exhausted`) after the last attempt; needs_consent when the deadline passed or leaves no room |
/// | snooze | available at `until`, attempt given back; needs_consent when `until` is past the deadline (unless it ignores the deadline) |
/// | discard | discarded with its reason |
/// | needsConsent | needs_consent |
/// | cancel | cancelled |
public enum JobStateMachine {
    /// The transition for `job` after `outcome` at `now`.
    /// - Parameter random: uniform in [0, 1), for the backoff's jitter.
    public static func transition(for job: ClaimedJob, outcome: JobOutcome, now: Date, policy: RetryPolicy,
                                  random: Double) -> JobTransition {
        func error(_ message: String, _ reason: String) -> JobAttemptError {
            JobAttemptError(attempt: job.attempt, at: now, error: message, reason: reason)
        }
        switch outcome {
        case .completed:
            return JobTransition(jobID: job.id, attempt: job.attempt, state: .completed)
        case .retry(let reason, let after):
            if let deadline = job.deadline, now >= deadline {
                return JobTransition(jobID: job.id, attempt: job.attempt, state: .needsConsent,
                                     error: error("\(reason) (deadline passed)", "deadline"))
            }
            if job.attempt >= job.maxAttempts {
                return JobTransition(jobID: job.id, attempt: job.attempt, state: .discarded, deadReason: .transientExhausted,
                                     error: error(reason, "transient"))
            }
            let wait: Double?
            if let after {
                let left = job.deadline.map { $0.timeIntervalSince(now) }
                wait = left.map { $0 >= policy.minimumRemaining ? min(max(0, after), $0 / 2) : nil } ?? max(0, after)
            } else {
                wait = policy.delay(afterAttempt: job.attempt, now: now, deadline: job.deadline, random: random)
            }
            guard let wait else {
                return JobTransition(jobID: job.id, attempt: job.attempt, state: .needsConsent,
                                     error: error("\(reason) (too close to the deadline to retry)", "deadline"))
            }
            return JobTransition(jobID: job.id, attempt: job.attempt, state: .retryable, scheduledAt: now.addingTimeInterval(wait),
                                 error: error(reason, "transient"))
        case .snooze(let until, let reason, let ignoringDeadline):
            if !ignoringDeadline, let deadline = job.deadline, until >= deadline {
                return JobTransition(jobID: job.id, attempt: job.attempt, state: .needsConsent,
                                     error: error("\(reason) (would wait past the deadline)", "deadline"))
            }
            return JobTransition(jobID: job.id, attempt: job.attempt, state: .available, scheduledAt: until, refundsAttempt: true)
        case .discard(let reason, let message):
            return JobTransition(jobID: job.id, attempt: job.attempt, state: .discarded, deadReason: reason,
                                 error: error(message, reason.rawValue))
        case .needsConsent(let message):
            return JobTransition(jobID: job.id, attempt: job.attempt, state: .needsConsent, error: error(message, "consent"))
        case .cancel(let message):
            return JobTransition(jobID: job.id, attempt: job.attempt, state: .cancelled, error: error(message, "cancelled"))
        }
    }
}
