public import Foundation
public import IdosCrypto
public import IdosDevNode
import Logging
public import PostgresNIO
public import TestSupport

/// An in-process devnode in a fresh schema of the harness database, with `delegates` registered as the
/// inserter `inserterName`: `body` gets its base URL, a client on its schema (the node's own tables) and the
/// schema's name. The node stops gracefully and the schema is dropped afterwards, also when `body` throws.
public enum DevNodeFixture {
    /// The chain id the fixture's node runs.
    public static let chainID = "idos-devnode"

    public static func with<T: Sendable>(delegates: [Ed25519.PrivateKey], inserterName: String = "test-issuer",
                                         blockInterval: Duration = .milliseconds(50), schemaPrefix: String = "node_",
                                         _ body: (_ url: String, _ nodeClient: PostgresClient, _ nodeSchema: String) async throws -> T)
        async throws -> T {
        try await withTestSchema(prefix: schemaPrefix) { nodeClient, nodeSchema in
            var configuration = DevNodeConfiguration(databaseURL: try require(TestEnvironment.databaseURL))
            configuration.port = 0
            configuration.chainId = chainID
            configuration.schema = nodeSchema
            configuration.blockInterval = blockInterval
            configuration.delegates = delegates.map { (inserterName: inserterName, publicKeyHex: Hex.encode($0.publicKey)) }
            var nodeLogger = Logger(label: "devnode")
            nodeLogger.logLevel = .critical
            let node = try DevNode(configuration: configuration, logger: nodeLogger)
            return try await ServerHarness.withServer({ announce in
                try await node.run(shutdownSignals: false) { port in announce(port) }
            }, { port in
                try await body("http://127.0.0.1:\(port)", nodeClient, nodeSchema)
            })
        }
    }
}
