import IssuerTestSupport
import Foundation
import IssuerEngine
import IssuerStore
import Testing

@Suite struct JobStateMachineTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let policy = RetryPolicy(base: 1, factor: 2, maximum: 3600, jitter: 0.1, minimumRemaining: 2)

    func job(attempt: Int = 1, maxAttempts: Int = 25, deadline: Date? = nil) -> ClaimedJob {
        ClaimedJob(id: 7, kind: "k", args: "{}", attempt: attempt, maxAttempts: maxAttempts, deadline: deadline, createdAt: now, requestID: nil)
    }

    @Test func completedCompletes() {
        let t = JobStateMachine.transition(for: job(), outcome: .completed, now: now, policy: policy, random: 0.5)
        #expect(t == JobTransition(jobID: 7, attempt: 1, state: .completed))
    }

    @Test func retryBacksOffExponentiallyWithJitterBounds() throws {
        // attempt n waits base·2^(n−1) · (1 ± 10%): random 0 → −10%, 0.5 → exact, →1 → +10%.
        for (attempt, expected) in [(1, 1.0), (2, 2.0), (3, 4.0), (10, 512.0), (13, 3600.0), (40, 3600.0)] {
            for (random, factor) in [(0.0, 0.9), (0.5, 1.0), (0.999_999, 1.1)] {
                let t = JobStateMachine.transition(for: job(attempt: attempt, maxAttempts: 100), outcome: .retry(reason: "503"), now: now,
                                                   policy: policy, random: random)
                #expect(t.state == .retryable)
                let wait = try #require(t.scheduledAt).timeIntervalSince(now)
                #expect(abs(wait - expected * factor) < 0.001, "attempt \(attempt) random \(random): \(wait)")
                #expect(t.error == JobAttemptError(attempt: attempt, at: now, error: "503", reason: "transient"))
            }
        }
    }

    @Test func lastAttemptBecomesTransientExhaustedDeadLetter() {
        let t = JobStateMachine.transition(for: job(attempt: 5, maxAttempts: 5), outcome: .retry(reason: "timeout"), now: now, policy: policy,
                                           random: 0.5)
        #expect(t.state == .discarded)
        #expect(t.deadReason == .transientExhausted)
        #expect(t.error?.error == "timeout")
    }

    @Test func backoffIsCompressedAsTheDeadlineNears() {
        // attempt 10 would wait 512 s; with 100 s left it waits at most half of that: 50 s.
        let t = JobStateMachine.transition(for: job(attempt: 10, deadline: now.addingTimeInterval(100)), outcome: .retry(reason: "x"),
                                           now: now, policy: policy, random: 0.5)
        #expect(t.state == .retryable)
        #expect(t.scheduledAt == now.addingTimeInterval(50))
        // Far from the deadline the plain backoff applies.
        let far = JobStateMachine.transition(for: job(attempt: 3, deadline: now.addingTimeInterval(86_400)), outcome: .retry(reason: "x"),
                                             now: now, policy: policy, random: 0.5)
        #expect(far.scheduledAt == now.addingTimeInterval(4))
    }

    @Test func pastOrTooCloseToTheDeadlineNeedsConsentNotAFailure() {
        for left in [-10.0, 0, 1.9] {
            let t = JobStateMachine.transition(for: job(attempt: 1, deadline: now.addingTimeInterval(left)), outcome: .retry(reason: "503"),
                                               now: now, policy: policy, random: 0.5)
            #expect(t.state == .needsConsent, "\(left) s left")
            #expect(t.deadReason == nil)
        }
        // Even on the last attempt the deadline wins: the user must consent again, it is not a transient failure.
        let last = JobStateMachine.transition(for: job(attempt: 25, deadline: now.addingTimeInterval(-1)), outcome: .retry(reason: "503"),
                                              now: now, policy: policy, random: 0.5)
        #expect(last.state == .needsConsent)
    }

    @Test func snoozeGivesTheAttemptBackUnlessItOutlivesTheDeadline() {
        let until = now.addingTimeInterval(5)
        let t = JobStateMachine.transition(for: job(attempt: 3), outcome: .snooze(until: until, reason: "waiting for block"), now: now,
                                           policy: policy, random: 0.5)
        #expect(t == JobTransition(jobID: 7, attempt: 3, state: .available, scheduledAt: until, refundsAttempt: true))
        let late = JobStateMachine.transition(for: job(attempt: 3, deadline: now.addingTimeInterval(4)),
                                              outcome: .snooze(until: until, reason: "waiting"), now: now, policy: policy, random: 0.5)
        #expect(late.state == .needsConsent)
        #expect(late.refundsAttempt == false)
    }

    @Test func explicitRetryDelayIsKeptButCappedByTheDeadline() {
        let t = JobStateMachine.transition(for: job(), outcome: .retry(reason: "429", after: 30), now: now, policy: policy, random: 0.5)
        #expect(t.scheduledAt == now.addingTimeInterval(30))
        let capped = JobStateMachine.transition(for: job(deadline: now.addingTimeInterval(20)), outcome: .retry(reason: "429", after: 30),
                                                now: now, policy: policy, random: 0.5)
        #expect(capped.scheduledAt == now.addingTimeInterval(10))
    }

    @Test func discardNeedsConsentAndCancelAreFinal() {
        let d = JobStateMachine.transition(for: job(), outcome: .discard(.rejectedByNode, message: "dwg_owner not found"), now: now,
                                           policy: policy, random: 0.5)
        #expect(d.state == .discarded)
        #expect(d.deadReason == .rejectedByNode)
        #expect(d.error?.error == "dwg_owner not found")
        #expect(d.error?.reason == "rejected_by_node")
        let n = JobStateMachine.transition(for: job(), outcome: .needsConsent(message: "grant expired"), now: now, policy: policy, random: 0.5)
        #expect(n.state == .needsConsent)
        let c = JobStateMachine.transition(for: job(), outcome: .cancel(message: "revoked"), now: now, policy: policy, random: 0.5)
        #expect(c.state == .cancelled)
        #expect(d.state.isFinal && n.state.isFinal && c.state.isFinal)
    }

    @Test func thrownJobErrorsMapToOutcomes() {
        #expect(JobError.poison("bad args").outcome == .discard(.poison, message: "bad args"))
        #expect(JobError.transient("503").outcome == .retry(reason: "503"))
        #expect(JobError.dead(.keyMismatch, "key rotated").outcome == .discard(.keyMismatch, message: "key rotated"))
        #expect(JobError.consentRequired("expired").outcome == .needsConsent(message: "expired"))
    }
}
