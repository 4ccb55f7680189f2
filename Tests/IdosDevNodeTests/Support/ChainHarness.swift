import Foundation
import IdosCrypto
import KwilKit
import Logging
import PostgresNIO
import TestSupport
import Testing
@testable import IdosDevNode

/// The devnode's chain without HTTP: its own PostgreSQL schema (dropped afterwards), the chain state and the
/// block producer. Txs are admitted as `user.broadcast` admits them (nonce rule included) and mined by
/// calling `BlockProducer.runOnce()`; reads go through `DevNodeRuntime.call` as `user.call` does.
struct ChainHarness {
    let runtime: DevNodeRuntime
    let producer: BlockProducer

    /// Runs `body` with a fresh harness in a schema of its own.
    /// Pass `schema` and `keepSchema` to reopen the same state later (a restart).
    static func with<T>(owner: String? = nil, delegates: [(String, String)] = [], schema existing: String? = nil, keepSchema: Bool = false,
                        _ body: (ChainHarness) async throws -> T) async throws -> T {
        let url = try DatabaseURL(try #require(TestEnvironment.databaseURL))
        let schema = existing ?? ("t_" + Hex.encode(secureRandomBytes(6)))
        var configuration = DevNodeConfiguration(databaseURL: TestEnvironment.databaseURL!)
        configuration.schema = schema
        configuration.owner = owner
        var postgres = PostgresClient.Configuration(host: url.host, port: url.port, username: url.user, password: url.password,
                                                    database: url.database, tls: .disable)
        postgres.options.additionalStartupParameters = [("search_path", schema)]
        var logger = Logger(label: "devnode-test")
        logger.logLevel = .warning
        let client = PostgresClient(configuration: postgres, backgroundLogger: logger)
        let clientTask = Task { await client.run() }
        defer { clientTask.cancel() }
        let store = NodeStore(client: client, schema: schema, logger: logger)
        try await store.setUp()
        for (name, key) in delegates { try await store.registerDelegate(inserterName: name, publicKeyHex: key) }
        let head = try await store.head()
        let state = ChainState(height: head.height, blockTimestamp: head.timestamp, blockHash: head.hash)
        let faults = FaultInjector(FaultSettings())
        let runtime = DevNodeRuntime(configuration: configuration, store: store, state: state, faults: faults, sessions: GatewaySessions(),
                                     logger: logger)
        let producer = BlockProducer(interval: .milliseconds(10), store: store, state: state, faults: faults, owner: owner, logger: logger)
        let harness = ChainHarness(runtime: runtime, producer: producer)
        do {
            let result = try await body(harness)
            if !keepSchema { try await client.query("DROP SCHEMA \(unescaped: schema) CASCADE") }
            return result
        } catch {
            _ = try? await client.query("DROP SCHEMA \(unescaped: schema) CASCADE")
            throw error
        }
    }

    /// Admits a tx from `actor` with its next nonce (or `nonce`), without mining it.
    @discardableResult
    func submit(_ actor: TestActor, _ action: String, _ args: [KwilValue], nonce: Int64? = nil) async throws -> String {
        let committed = try await runtime.store.committedNonce(actor.account) ?? 0
        let pending = await runtime.state.pendingNonce(actor.account)
        let next = nonce ?? ((pending ?? committed) + 1)
        let hash = Hex.encode(secureRandomBytes(32))
        let tx = PendingTx(hash: hash, json: "{}", account: actor.account, caller: actor.caller, nonce: next, namespace: "main",
                           action: action, calls: [args])
        try await runtime.state.admit(tx, committedNonce: committed)
        return hash
    }

    /// Submits and mines one tx; returns its outcome.
    @discardableResult
    func execute(_ actor: TestActor, _ action: String, _ args: [KwilValue]) async throws -> TxOutcome {
        let hash = try await submit(actor, action, args)
        try await producer.runOnce()
        return try #require(await runtime.state.waitForBlock(hash))
    }

    /// Executes and requires success.
    func mustExecute(_ actor: TestActor, _ action: String, _ args: [KwilValue],
                     sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let outcome = try await execute(actor, action, args)
        #expect(outcome.code == 0, "\(action) failed: \(outcome.log)", sourceLocation: sourceLocation)
    }

    /// A read-only call as `caller` (`""` = unsigned).
    func call(_ caller: String, _ action: String, _ args: [KwilValue] = []) async throws -> QueryResult {
        try await runtime.call(namespace: "main", action: action, arguments: args, caller: caller)
    }
}
