import Foundation
import Testing
@testable import IdosDevNode

/// The bounded, insertion-ordered store behind sign-in nonces, sessions and challenges: expiry by sweep from
/// the front, eviction of the oldest at the cap, and no growth from early removals.
@Suite struct ExpiringStoreTests {
    let t0 = Date(timeIntervalSince1970: 1_700_000_000)

    @Test func entriesLiveExactlyTheirLifetime() {
        var store = ExpiringStore<String, Int>(capacity: 10, lifetime: 60)
        store.insert("a", 1, now: t0)
        #expect(store.value("a", now: t0.addingTimeInterval(59)) == 1, "the last second inside the lifetime")
        #expect(store.value("a", now: t0.addingTimeInterval(60)) == nil, "the first second outside it")
        #expect(store.remove("a", now: t0.addingTimeInterval(60)) == nil, "an expired entry is not handed out")
    }

    @Test func insertingSweepsExpiredEntriesFromTheFront() {
        var store = ExpiringStore<Int, Int>(capacity: 100, lifetime: 10)
        for i in 0..<5 { store.insert(i, i, now: t0.addingTimeInterval(Double(i))) }
        #expect(store.count == 5)
        store.insert(99, 99, now: t0.addingTimeInterval(12))  // entries 0, 1 and 2 expired at 10, 11, 12
        #expect(store.count == 3)
        #expect(store.value(3, now: t0.addingTimeInterval(12)) == 3)
    }

    @Test func aFullStoreEvictsItsOldestEntry() {
        var store = ExpiringStore<String, Int>(capacity: 2, lifetime: 60)
        #expect(store.insert("a", 1, now: t0) == 0)
        #expect(store.insert("b", 2, now: t0) == 0)
        #expect(store.insert("c", 3, now: t0) == 1)
        #expect(store.count == 2)
        #expect(store.value("a", now: t0) == nil)
        #expect(store.value("b", now: t0) == 2 && store.value("c", now: t0) == 3)
    }

    @Test func earlyRemovalsAndReplacementsDoNotEvictLiveEntriesOrGrowTheQueue() {
        var store = ExpiringStore<Int, Int>(capacity: 3, lifetime: 60)
        store.insert(0, 0, now: t0)
        for i in 1...10_000 {
            store.insert(i, i, now: t0)
            _ = store.remove(i, now: t0)
        }
        store.insert(1, 1, now: t0)
        store.insert(1, 2, now: t0)  // a replacement
        store.insert(2, 2, now: t0)
        #expect(store.count == 3)
        #expect(store.value(0, now: t0) == 0, "stale queue items never cost a live entry its place")
        #expect(store.value(1, now: t0) == 2)
        store.insert(3, 3, now: t0)
        #expect(store.value(0, now: t0) == nil, "the oldest live entry is the one evicted")
        #expect(store.value(1, now: t0) == 2 && store.value(3, now: t0) == 3)
    }
}
