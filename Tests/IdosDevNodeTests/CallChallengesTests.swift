import Foundation
import Testing
@testable import IdosDevNode

/// `user.challenge` bookkeeping without a clock: single use, the 10-second expiry edge, and the per-client
/// rate (a burst of 60, refilled at the sustained rate).
@Suite struct CallChallengesTests {
    let t0 = Date(timeIntervalSince1970: 1_700_000_000)

    @Test func aChallengeIsSingleUse() async throws {
        let challenges = CallChallenges()
        let c = try #require(await challenges.issue(to: "10.0.0.1", now: t0))
        #expect(c.count == 32)
        try await challenges.consume(c, now: t0)
        await #expect(throws: CallChallenges.Refusal.notFound) { try await challenges.consume(c, now: t0) }
        await #expect(throws: CallChallenges.Refusal.notFound) { try await challenges.consume(Array(repeating: 0, count: 32), now: t0) }
    }

    @Test func aChallengeExpiresAfterTenSeconds() async throws {
        let challenges = CallChallenges()
        let inside = try #require(await challenges.issue(to: "a", now: t0))
        let outside = try #require(await challenges.issue(to: "a", now: t0))
        try await challenges.consume(inside, now: t0.addingTimeInterval(CallChallenges.lifetime - 1))
        await #expect(throws: CallChallenges.Refusal.expired) { try await challenges.consume(outside, now: t0.addingTimeInterval(CallChallenges.lifetime)) }
    }

    @Test func eachClientGetsABurstThenTheSustainedRate() async {
        let challenges = CallChallenges(perSecond: 2)
        for _ in 0..<60 { #expect(await challenges.issue(to: "a", now: t0) != nil) }
        #expect(await challenges.issue(to: "a", now: t0) == nil, "the 61st in the same instant is over the burst of 60")
        #expect(await challenges.issue(to: "b", now: t0) != nil, "another client has its own budget")
        #expect(await challenges.issue(to: "a", now: t0.addingTimeInterval(0.5)) != nil, "half a second at 2/s refills one")
        #expect(await challenges.issue(to: "a", now: t0.addingTimeInterval(0.5)) == nil)
    }

    @Test func unusedChallengesAreBounded() async throws {
        let challenges = CallChallenges(capacity: 2, perSecond: 1_000)
        let first = try #require(await challenges.issue(to: "a", now: t0))
        _ = await challenges.issue(to: "a", now: t0)
        _ = await challenges.issue(to: "a", now: t0)
        await #expect(throws: CallChallenges.Refusal.notFound) { try await challenges.consume(first, now: t0) }
    }
}
