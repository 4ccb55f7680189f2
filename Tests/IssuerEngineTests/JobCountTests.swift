import IssuerTestSupport
import Foundation
import IssuerStore
import PostgresNIO
import TestSupport
import Testing

/// The trigger-kept job counts (migration 0005) equal a plain `GROUP BY` of the jobs table after every kind of
/// statement — inserts, multi-row updates that move states both ways, updates that move nothing, deletes,
/// TRUNCATE — before and after compaction.
@Suite(.requiresPostgres)
struct JobCountTests {
    static func counted(_ store: IssuerStore) async throws -> [String: Int] {
        var out: [String: Int] = [:]
        let rows = try await store.client.query("SELECT kind, state, count(*) FROM jobs GROUP BY kind, state")
        for try await (kind, state, n) in rows.decode((String, String, Int64).self) { out["\(kind)/\(state)"] = Int(n) }
        return out
    }

    static func kept(_ store: IssuerStore) async throws -> [String: Int] {
        Dictionary(uniqueKeysWithValues: try await store.session.jobCounts().map { ("\($0.kind)/\($0.state.rawValue)", $0.count) })
    }

    static func expectAgree(_ store: IssuerStore, _ what: String) async throws {
        let truth = try await counted(store)
        #expect(try await kept(store) == truth, "\(what): before compaction")
        let folded = try await store.withTransaction { try await $0.compactJobCounts() }
        #expect(folded != nil, "\(what): the compactor got its lock")
        #expect(try await kept(store) == truth, "\(what): after compaction")
        let deltas = try await store.client.query("SELECT count(*) FROM job_count_deltas")
        for try await n in deltas.decode(Int64.self) { #expect(n == 0, "\(what): compaction leaves no deltas") }
    }

    @Test func countsFollowEveryStatement() async throws {
        try await StoreFixture.withStore { store in
            try await Self.expectAgree(store, "empty")
            _ = try await store.session.insertJobs((0..<300).map { NewJob(kind: $0 % 3 == 0 ? "create_user" : "deliver_credential",
                                                                         args: "{\"n\":\($0)}") }, notify: store.jobChannel)
            try await Self.expectAgree(store, "inserted 300")
            try await store.client.query("UPDATE jobs SET state = 'running', attempt = 1 WHERE id % 2 = 0")
            try await store.client.query("UPDATE jobs SET state = 'completed', finalized_at = now() WHERE id % 4 = 0")
            try await store.client.query("UPDATE jobs SET state = 'discarded', dead_reason = 'poison', finalized_at = now() WHERE id % 7 = 0")
            try await store.client.query("UPDATE jobs SET priority = 3 WHERE id % 5 = 0")   // moves no state
            try await Self.expectAgree(store, "updated")
            // Without compaction in between: deltas of several statements add up.
            try await store.client.query("UPDATE jobs SET state = 'available' WHERE state = 'running'")
            try await store.client.query("DELETE FROM jobs WHERE state = 'completed'")
            _ = try await store.session.insertJobs([NewJob(kind: "edit_public_notes")], notify: store.jobChannel)
            try await Self.expectAgree(store, "moved back, deleted, inserted")
            // The operator's redrive and cancel go through the same triggers.
            try await store.withTransaction { session in
                _ = try await session.redriveJobs(JobFilter(states: [.discarded], limit: 1000), extraAttempts: 3, notify: store.jobChannel, actor: "test")
                _ = try await session.cancelJobs(ids: [1, 2, 3], actor: "test")
            }
            try await Self.expectAgree(store, "redriven and cancelled")
            try await store.client.query("TRUNCATE jobs")
            try await Self.expectAgree(store, "truncated")
            _ = try await store.session.insertJobs([NewJob(kind: "create_user")], notify: store.jobChannel)
            try await Self.expectAgree(store, "after truncate")
            #expect(try await Self.kept(store) == ["create_user/available": 1])
        }
    }

    /// A rolled-back statement leaves no delta behind.
    @Test func rolledBackChangesDoNotCount() async throws {
        try await StoreFixture.withStore { store in
            _ = try await store.session.insertJobs([NewJob(kind: "create_user"), NewJob(kind: "create_user")], notify: store.jobChannel)
            struct Abort: Error {}
            await #expect(throws: Abort.self) {
                try await store.withTransaction { session in
                    _ = try await session.cancelJobs(ids: [1, 2])
                    throw Abort()
                }
            }
            #expect(try await Self.kept(store) == ["create_user/available": 2])
            try await Self.expectAgree(store, "after a rollback")
        }
    }
}
