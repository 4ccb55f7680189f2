import Foundation
import IdosCrypto
import KwilKit
import Logging
import TestSupport
import Testing
@testable import IdosDevNode

/// The `pause` fault stops block production; txs wait in the mempool and are mined once it is lifted.
@Suite(.enabled(if: TestEnvironment.databaseURL != nil, "needs PostgreSQL: set IDOS_TEST_DATABASE_URL (make test does)"))
struct PauseFaultTests {
    @Test func pausedNodeProducesNoBlocksUntilResumed() async throws {
        let issuer = Ed25519.PrivateKey.generate()
        var configuration = DevNodeConfiguration(databaseURL: try #require(TestEnvironment.databaseURL))
        configuration.schema = "t_" + Hex.encode(secureRandomBytes(6))
        configuration.blockInterval = .milliseconds(50)
        configuration.delegates = [(inserterName: "acme", publicKeyHex: Hex.encode(issuer.publicKey))]
        configuration.faults.pause = true
        var logger = Logger(label: "pause-test")
        logger.logLevel = .warning
        try await InProcessChain.with(configuration, logger: logger) { chain in
            let id = try await chain.submit(sender: Hex.encode(issuer.publicKey), signatureType: .ed25519, action: "add_user_as_inserter",
                                            arguments: [.uuid(UUID()), .text("k"), .text("user")])
            try await Task.sleep(for: .milliseconds(300))
            #expect(await chain.mempoolSize() == 1, "no block while paused")
            await chain.setFaults(FaultSettings())
            let outcome = await chain.waitForBlock(id)
            #expect(outcome?.code == 0)
            #expect(await chain.mempoolSize() == 0)
        }
        try await LiveNode.dropSchema(configuration.schema)
    }
}
