import IssuerTestSupport
import Foundation
import IssuerStore
import TestSupport
import Testing

/// The queue's SQL against real PostgreSQL: every state transition the store performs.
@Suite(.requiresPostgres)
struct JobStoreTests {
    @Test func insertClaimCompleteWithCompareAndSetOnAttempt() async throws {
        try await StoreFixture.withStore { store in
            let ids = try await store.session.insertJobs([NewJob(kind: "a", args: #"{"n":1}"#), NewJob(kind: "a", args: #"{"n":2}"#)],
                                                         notify: store.jobChannel)
            #expect(ids.count == 2)
            let claimed = try await store.session.claimJobs(kinds: ["a"], limit: 10, worker: "w1", lease: 30)
            #expect(claimed.map(\.id).sorted() == ids.sorted())
            #expect(claimed.allSatisfy { $0.attempt == 1 })
            #expect(claimed.first { $0.id == ids[0] }?.args == #"{"n": 1}"#)
            // Nothing is left to claim while they run.
            #expect(try await store.session.claimJobs(kinds: ["a"], limit: 10, worker: "w2", lease: 30).isEmpty)
            // A completion with a stale attempt number changes nothing.
            #expect(try await store.session.completeJobs([(ids[0], 0)]) == 0)
            #expect(try await store.session.completeJobs(claimed.map { ($0.id, $0.attempt) }) == 2)
            let job = try require(try await store.session.job(id: ids[0]))
            #expect(job.state == .completed)
            #expect(job.finalizedAt != nil)
            #expect(job.leaseExpiresAt == nil)
            // Completing twice is a no-op.
            #expect(try await store.session.completeJobs(claimed.map { ($0.id, $0.attempt) }) == 0)
        }
    }

    @Test func claimsOnlyDueJobsOfKnownKindsInPriorityOrder() async throws {
        try await StoreFixture.withStore { store in
            let later = Date().addingTimeInterval(3600)
            _ = try await store.session.insertJobs([
                NewJob(kind: "a", args: #"{"p":3}"#, priority: 3), NewJob(kind: "a", args: #"{"p":1}"#, priority: 1),
                NewJob(kind: "b", args: "{}"), NewJob(kind: "a", args: #"{"future":true}"#, scheduledAt: later),
            ], notify: store.jobChannel)
            let claimed = try await store.session.claimJobs(kinds: ["a"], limit: 1, worker: "w", lease: 30)
            #expect(claimed.map(\.args) == [#"{"p": 1}"#])
            let rest = try await store.session.claimJobs(kinds: ["a"], limit: 10, worker: "w", lease: 30)
            #expect(rest.map(\.args) == [#"{"p": 3}"#])
        }
    }

    @Test func uniqueKeysInsertOnce() async throws {
        try await StoreFixture.withStore { store in
            let first = try await store.session.insertJobs([NewJob(kind: "a", uniqueKey: "deliver:1")], notify: store.jobChannel)
            let second = try await store.session.insertJobs([NewJob(kind: "a", uniqueKey: "deliver:1"), NewJob(kind: "a", uniqueKey: "deliver:2")],
                                                            notify: store.jobChannel)
            #expect(first.count == 1)
            #expect(second.count == 1)
        }
    }

    @Test func insertsInsideARolledBackTransactionVanish() async throws {
        try await StoreFixture.withStore { store in
            struct Rollback: Error {}
            await #expect(throws: Rollback.self) {
                try await store.withTransaction { tx in
                    try await tx.insertJobs([NewJob(kind: "a")], notify: store.jobChannel)
                    throw Rollback()
                }
            }
            #expect(try await store.session.claimJobs(kinds: ["a"], limit: 10, worker: "w", lease: 30).isEmpty)
            _ = try await store.withTransaction { tx in try await tx.insertJobs([NewJob(kind: "a")], notify: store.jobChannel) }
            #expect(try await store.session.claimJobs(kinds: ["a"], limit: 10, worker: "w", lease: 30).count == 1)
        }
    }

    @Test func transitionsRecordErrorsReasonsAndRefunds() async throws {
        try await StoreFixture.withStore { store in
            let ids = try await store.session.insertJobs((0..<4).map { NewJob(kind: "a", args: #"{"i":\#($0)}"#) }, notify: store.jobChannel)
            let claimed = try await store.session.claimJobs(kinds: ["a"], limit: 10, worker: "w", lease: 30).sorted { $0.id < $1.id }
            let now = Date()
            let error = JobAttemptError(attempt: 1, at: Date(timeIntervalSince1970: 1_800_000_000), error: "HTTP 503", reason: "transient")
            let applied = try await store.session.applyTransitions([
                JobTransition(jobID: claimed[0].id, attempt: 1, state: .retryable, scheduledAt: now.addingTimeInterval(60), error: error),
                JobTransition(jobID: claimed[1].id, attempt: 1, state: .discarded, deadReason: .rejectedByNode,
                              error: JobAttemptError(attempt: 1, at: now, error: "dwg_owner not found", reason: "rejected_by_node")),
                JobTransition(jobID: claimed[2].id, attempt: 1, state: .available, scheduledAt: now.addingTimeInterval(5), refundsAttempt: true),
                JobTransition(jobID: claimed[3].id, attempt: 9, state: .completed),
            ])
            #expect(Set(applied) == Set(ids.prefix(3)))
            let retried = try require(try await store.session.job(id: ids[0]))
            #expect(retried.state == .retryable)
            #expect(retried.errors == [error])
            #expect(abs(retried.scheduledAt.timeIntervalSince(now.addingTimeInterval(60))) < 0.01)
            let dead = try require(try await store.session.job(id: ids[1]))
            #expect(dead.state == .discarded)
            #expect(dead.deadReason == .rejectedByNode)
            #expect(dead.errors.first?.error == "dwg_owner not found")
            let snoozed = try require(try await store.session.job(id: ids[2]))
            #expect(snoozed.state == .available)
            #expect(snoozed.attempt == 0)
            #expect(try await store.session.job(id: ids[3])?.state == .running)
            // Not due yet: nothing to claim.
            #expect(try await store.session.claimJobs(kinds: ["a"], limit: 10, worker: "w", lease: 30).isEmpty)
        }
    }

    @Test func rescuerTakesBackExpiredLeasesAndALateCompletionCannotClobber() async throws {
        try await StoreFixture.withStore { store in
            _ = try await store.session.insertJobs([NewJob(kind: "a", maxAttempts: 2), NewJob(kind: "a", maxAttempts: 1),
                                                    NewJob(kind: "a", deadline: Date().addingTimeInterval(0.5))], notify: store.jobChannel)
            let stale = try await store.session.claimJobs(kinds: ["a"], limit: 10, worker: "dead-worker", lease: 0.2).sorted { $0.id < $1.id }
            try await Task.sleep(for: .milliseconds(700))
            let counts = try await store.session.rescueExpiredLeases(limit: 100)
            #expect(counts.retried == 1)
            #expect(counts.discarded == 1)
            #expect(counts.needsConsent == 1)
            let rescued = try require(try await store.session.job(id: stale[0].id))
            #expect(rescued.state == .retryable)
            #expect(rescued.errors.last?.error == "lease expired: worker dead-worker stopped heartbeating")
            #expect(try await store.session.job(id: stale[1].id)?.deadReason == .transientExhausted)
            #expect(try await store.session.job(id: stale[2].id)?.state == .needsConsent)
            // Another worker picks the rescued job up (attempt 2); the dead worker's late completion of attempt 1 is refused.
            let again = try await store.session.claimJobs(kinds: ["a"], limit: 10, worker: "w2", lease: 30)
            #expect(again.map(\.attempt) == [2])
            #expect(try await store.session.completeJobs([(stale[0].id, stale[0].attempt)]) == 0)
            #expect(try await store.session.job(id: stale[0].id)?.state == .running)
            #expect(try await store.session.completeJobs([(again[0].id, again[0].attempt)]) == 1)
        }
    }

    @Test func heartbeatsKeepLeasesAlive() async throws {
        try await StoreFixture.withStore { store in
            _ = try await store.session.insertJobs([NewJob(kind: "a")], notify: store.jobChannel)
            let claimed = try await store.session.claimJobs(kinds: ["a"], limit: 1, worker: "w", lease: 0.3)
            #expect(try await store.session.extendLeases(jobIDs: claimed.map(\.id), worker: "other", lease: 30) == 0)
            #expect(try await store.session.extendLeases(jobIDs: claimed.map(\.id), worker: "w", lease: 30) == 1)
            try await Task.sleep(for: .milliseconds(500))
            #expect(try await store.session.rescueExpiredLeases(limit: 10) == RescueCounts())
        }
    }

    @Test func redriveDryRunCountsThenMovesDeadLettersBack() async throws {
        try await StoreFixture.withStore { store in
            _ = try await store.session.insertJobs((0..<3).map { _ in NewJob(kind: "a", maxAttempts: 1) }, notify: store.jobChannel)
            let claimed = try await store.session.claimJobs(kinds: ["a"], limit: 10, worker: "w", lease: 30).sorted { $0.id < $1.id }
            try await store.session.applyTransitions([
                JobTransition(jobID: claimed[0].id, attempt: 1, state: .discarded, deadReason: .transientExhausted),
                JobTransition(jobID: claimed[1].id, attempt: 1, state: .discarded, deadReason: .rejectedByNode),
                JobTransition(jobID: claimed[2].id, attempt: 1, state: .needsConsent),
            ])
            let filter = JobFilter(deadReason: .transientExhausted, limit: 100)
            #expect(try await store.session.countRedrivable(filter) == 1)
            #expect(try await store.session.countRedrivable(JobFilter(limit: 100)) == 3)
            let moved = try await store.session.redriveJobs(filter, extraAttempts: 3, notify: store.jobChannel)
            #expect(moved == [claimed[0].id])
            let job = try require(try await store.session.job(id: claimed[0].id))
            #expect(job.state == .available)
            #expect(job.deadReason == nil)
            #expect(job.maxAttempts == 4)
            let stats = try await store.session.queueStats()
            #expect(stats.deadLetters == ["rejected_by_node": 1])
            #expect(Set(stats.rows.map { "\($0.state.rawValue)=\($0.count)" }) == ["available=1", "discarded=1", "needs_consent=1"])
        }
    }

    @Test func cancelStopsWaitingAndRunningJobs() async throws {
        try await StoreFixture.withStore { store in
            let ids = try await store.session.insertJobs([NewJob(kind: "a"), NewJob(kind: "b")], notify: store.jobChannel)
            let running = try await store.session.claimJobs(kinds: ["a"], limit: 1, worker: "w", lease: 30)
            #expect(Set(try await store.session.cancelJobs(ids: ids)) == Set(ids))
            // The running job's worker finds its completion refused.
            #expect(try await store.session.completeJobs(running.map { ($0.id, $0.attempt) }) == 0)
            #expect(try await store.session.job(id: ids[0])?.state == .cancelled)
            #expect(try await store.session.retryJob(id: ids[0], extraAttempts: 1, notify: store.jobChannel))
            #expect(try await store.session.job(id: ids[0])?.state == .available)
        }
    }

    @Test func prunerDeletesOnlyFinalJobsPastTheirRetention() async throws {
        try await StoreFixture.withStore { store in
            _ = try await store.session.insertJobs((0..<4).map { _ in NewJob(kind: "a") }, notify: store.jobChannel)
            let claimed = try await store.session.claimJobs(kinds: ["a"], limit: 3, worker: "w", lease: 30).sorted { $0.id < $1.id }
            try await store.session.applyTransitions([
                JobTransition(jobID: claimed[0].id, attempt: 1, state: .completed),
                JobTransition(jobID: claimed[1].id, attempt: 1, state: .discarded, deadReason: .poison),
            ])
            var retention = Retention()
            retention.completed = 0
            try await Task.sleep(for: .milliseconds(20))
            #expect(try await store.session.pruneJobs(retention: retention, limit: 100) == 1)
            #expect(try await store.session.job(id: claimed[0].id) == nil)
            #expect(try await store.session.job(id: claimed[1].id)?.state == .discarded)
            #expect(try await store.session.job(id: claimed[2].id)?.state == .running)
        }
    }
}
