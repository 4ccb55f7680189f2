import Foundation
import IdosKit
import KwilKit
import Synchronization
import TestSupport
import Testing
@testable import IdosDevNode

/// The usable window of a delegated write grant at its exact edges (idos-actions.md §3.4.10 step 6): a block
/// at `not_before − 65 s` may use it, one second earlier may not; a block at `not_after` may, one second
/// later may not. Blocks are stamped by a clock the test sets, never by waiting.
@Suite(.requiresPostgres)
struct WriteGrantWindowTests {
    /// The block clock: the second the next block is stamped with.
    final class BlockClock: Sendable {
        private let seconds = Mutex<Int64>(0)
        func set(_ value: Int64) { seconds.withLock { $0 = value } }
        var now: Int64 { seconds.withLock { $0 } }
    }

    static let refusal = "this write grant can only be used after dwg_not_before and before dwg_not_after"

    @Test func theWindowRunsFromNotBeforeMinus65SecondsToNotAfterInclusive() async throws {
        let f = IdosFixture(), clock = BlockClock()
        let notBefore: Int64 = 1_900_000_000, notAfter = notBefore + 3_600
        try await ChainHarness.with(delegates: f.delegates, blockTime: { clock.now }) { node in
            clock.set(notBefore - 1_000)
            try await f.onboardAlice(node)
            /// A fresh grant for the window, used in a block stamped `second`.
            func use(at second: Int64) async throws -> TxOutcome {
                let grant = try await f.sign(f.writeGrant(notBefore: Date(timeIntervalSince1970: TimeInterval(notBefore)),
                                                          notAfter: Date(timeIntervalSince1970: TimeInterval(notAfter))), on: node)
                #expect(grant.grant.notUsableBefore == "2030-03-17T17:46:40Z" && grant.grant.notUsableAfter == "2030-03-17T18:46:40Z")
                clock.set(second)
                let outcome = try await node.execute(f.issuer, "create_credentials_by_dwg", try f.dwgArguments(plaintext: "window", grant: grant))
                #expect(await node.runtime.state.blockTimestamp == second, "the block was stamped with the clock's second")
                return outcome
            }
            #expect(try await use(at: notBefore - 66).log == Self.refusal, "66 s before not_before: outside the skew allowance")
            #expect(try await use(at: notBefore - 65).code == 0, "65 s before not_before: the first second inside")
            #expect(try await use(at: notAfter).code == 0, "at not_after: the last second inside")
            #expect(try await use(at: notAfter + 1).log == Self.refusal, "one second after not_after: outside")
        }
    }
}
