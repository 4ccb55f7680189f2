import Foundation
import IdosCrypto
import KwilKit
import TestSupport
import Testing
@testable import IdosDevNode

/// The `pause` fault stops block production; txs wait in the mempool and are mined once it is lifted.
@Suite(.requiresPostgres)
struct PauseFaultTests {
    @Test func pausedNodeProducesNoBlocksUntilResumed() async throws {
        let issuer = Ed25519.PrivateKey.generate()
        try await withTestSchema { _, schema in
            var configuration = DevNodeConfiguration(databaseURL: try #require(TestEnvironment.databaseURL))
            configuration.schema = schema
            configuration.blockInterval = .milliseconds(20)
            configuration.delegates = [(inserterName: "acme", publicKeyHex: Hex.encode(issuer.publicKey))]
            configuration.faults.pause = true
            try await InProcessChain.with(configuration, logger: TestDatabase.logger("pause-test")) { chain in
                let id = try await chain.submit(sender: Hex.encode(issuer.publicKey), signatureType: .ed25519, action: "add_user_as_inserter",
                                                arguments: [.uuid(UUID()), .text("k"), .text("user")])
                // Wait for the producer to hold back three block intervals after the tx was admitted.
                let held = await chain.heldBlocks()
                while await chain.heldBlocks() < held + 3 { try await Task.sleep(for: .milliseconds(5)) }
                #expect(await chain.mempoolSize() == 1, "no block while paused")
                await chain.setFaults(FaultSettings())
                let outcome = await chain.waitForBlock(id)
                #expect(outcome?.code == 0)
                #expect(await chain.mempoolSize() == 0)
            }
        }
    }
}
