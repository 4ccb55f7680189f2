import Foundation
import IdosCrypto
import KwilKit
import TestSupport
import Testing
@testable import IdosDevNode

/// Committed state, block height and account nonces live in PostgreSQL and survive a restart; the mempool does not.
@Suite(.requiresPostgres)
struct RestartTests {
    @Test func committedStateAndNoncesSurviveARestartButTheMempoolDoesNot() async throws {
        let f = IdosFixture()
        try await withTestSchema { _, schema in
            let lostUser = UUID()
            let height = try await ChainHarness.with(delegates: f.delegates, schema: schema) { node in
                try await f.onboardAlice(node)
                try await node.submit(f.issuer, "add_user_as_inserter", [Arg.uuid(lostUser), Arg.text("k"), Arg.text("user")])
                return await node.runtime.state.height
            }
            #expect(height == 2)
            try await ChainHarness.with(delegates: f.delegates, schema: schema) { node in
                #expect(await node.runtime.state.height == 2, "the head block is restored")
                #expect(try await node.runtime.store.committedNonce(f.issuer.account) == 2, "the pending tx (nonce 3) was lost with the mempool")
                #expect(try await node.call(f.alice.caller, "get_user").value("id") == .uuid(f.aliceUserId))
                #expect(try await node.call(f.issuer.caller, "get_user_as_inserter", [Arg.uuid(lostUser)]).rows.isEmpty)
                await #expect(throws: ChainState.Refusal.self) {
                    try await node.submit(f.issuer, "add_user_as_inserter", [Arg.uuid(UUID()), Arg.text("k"), Arg.text("user")], nonce: 4)
                }
                try await node.mustExecute(f.issuer, "add_user_as_inserter", [Arg.uuid(lostUser), Arg.text("k"), Arg.text("user")])
                #expect(await node.runtime.state.height == 3)
            }
        }
    }
}
