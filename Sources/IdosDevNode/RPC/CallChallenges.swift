import Foundation
import IdosCrypto

/// `user.challenge` as a Kwil node serves it (KDB `usersvc` `CallChallenge`): 32 random bytes, single use,
/// valid for 10 s, at most `challengesPerSecond` requests per client address sustained, in bursts of up to
/// 60 (a real node's `6 × 10`), beyond which −1006. In private mode `user.call` consumes them. Both tables are bounded.
actor CallChallenges {
    /// How long a challenge stays valid (a real node's default `challenge_expiry`).
    static let lifetime: TimeInterval = 10
    /// The most requests a client may make at once before the sustained rate applies.
    static let burst: Double = 60

    /// Why a challenge was not accepted.
    enum Refusal: Error, Sendable, Equatable {
        /// Never issued, already used, or swept long ago (−1001 "invalid challenge").
        case notFound
        /// Issued but older than `lifetime` (−1003 "challenge expired").
        case expired
    }

    /// A per-client token bucket.
    private struct Bucket: Sendable {
        var tokens: Double
        var updated: Date
    }

    /// Issued challenges (hex) and when each expires; kept twice the lifetime so "expired" can be told
    /// apart from "never issued" for a while.
    private var issued: ExpiringStore<String, Date>
    private var buckets: ExpiringStore<String, Bucket>
    private let rate: Double
    private let burst: Double

    /// - Parameters:
    ///   - capacity: the most unused challenges kept (`DevNodeLimits.maxChallenges`).
    ///   - perSecond: sustained requests per second per client (`DevNodeLimits.challengesPerSecond`).
    init(capacity: Int = DevNodeLimits().maxChallenges, perSecond: Double = DevNodeLimits().challengesPerSecond) {
        rate = perSecond
        burst = Self.burst
        issued = ExpiringStore(capacity: capacity, lifetime: 2 * Self.lifetime)
        // An untouched bucket is full again after burst / rate seconds: then it can be forgotten.
        buckets = ExpiringStore(capacity: capacity, lifetime: Self.burst / perSecond)
    }

    /// Issues a challenge to `client`.
    /// - Returns: the 32 bytes, or nil when the client is over its rate (−1006).
    func issue(to client: String, now: Date = Date()) -> [UInt8]? {
        var bucket = buckets.value(client, now: now) ?? Bucket(tokens: burst, updated: now)
        bucket.tokens = min(burst, bucket.tokens + now.timeIntervalSince(bucket.updated) * rate)
        bucket.updated = now
        guard bucket.tokens >= 1 else {
            buckets.insert(client, bucket, now: now)
            return nil
        }
        bucket.tokens -= 1
        buckets.insert(client, bucket, now: now)
        let challenge = secureRandomBytes(32)
        issued.insert(Hex.encode(challenge), now.addingTimeInterval(Self.lifetime), now: now)
        return challenge
    }

    /// Uses up `challenge`.
    /// - Throws: `Refusal` when it was not issued (or was used) or has expired.
    func consume(_ challenge: [UInt8], now: Date = Date()) throws(Refusal) {
        guard let expires = issued.remove(Hex.encode(challenge), now: now) else { throw .notFound }
        guard expires > now else { throw .expired }
    }
}
