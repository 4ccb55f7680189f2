@testable import IssuerEngine
import IssuerTestSupport
import Testing

@Suite struct DoorbellTests {
    @Test func aRingBeforeTheWaitIsKeptOnceAndRingsDoNotQueueUp() async {
        let bell = Doorbell()
        bell.ring()
        bell.ring()
        await bell.wait(timeout: .seconds(600))   // returns at once: the ring was kept
        // The two rings counted as one: the next wait needs a new ring (here the timeout).
        await bell.wait(timeout: .milliseconds(1))
    }

    @Test func ringWakesEveryWaiter() async {
        let bell = Doorbell()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<3 { group.addTask { await bell.wait(timeout: .seconds(600)) } }
            // Ring until all three waiters have returned (each ring wakes whoever waits at that moment).
            group.addTask {
                for _ in 0..<2000 {
                    bell.ring()
                    try? await Task.sleep(for: .milliseconds(5))
                    if Task.isCancelled { return }
                }
            }
            for _ in 0..<3 { await group.next() }
            group.cancelAll()
        }
    }

    @Test func cancellationEndsAWaitEvenWhenItRacesTheRegistration() async {
        let bell = Doorbell()
        for _ in 0..<200 {
            let task = Task { await bell.wait(timeout: .seconds(600)) }
            task.cancel()
            await task.value
        }
    }
}
