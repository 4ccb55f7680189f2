import Foundation
import IdosCrypto
import KwilKit
import TestSupport
import Testing
@testable import IdosDevNode

/// The devnode's chain without HTTP: its own PostgreSQL schema (dropped afterwards), the chain state and the
/// block producer. Txs are admitted as `user.broadcast` admits them (nonce rule included) and mined by
/// calling `BlockProducer.runOnce()`; reads go through `DevNodeRuntime.call` as `user.call` does.
struct ChainHarness {
    let runtime: DevNodeRuntime
    let producer: BlockProducer

    /// The wall clock blocks are stamped with unless a test sets its own.
    static let wallClock: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }

    /// Runs `body` with a fresh harness in a schema of its own (dropped afterwards, also when `body` throws);
    /// blocks are stamped with `blockTime` (unix seconds), never earlier than the previous block.
    static func with<T>(owner: String? = nil, delegates: [(String, String)] = [], blockTime: @escaping @Sendable () -> Int64 = wallClock,
                        _ body: (ChainHarness) async throws -> T) async throws -> T {
        try await withTestSchema { _, schema in try await with(owner: owner, delegates: delegates, schema: schema, blockTime: blockTime, body) }
    }

    /// Runs `body` with a harness on an existing `schema` (a restart reopens the same state); the schema is
    /// the caller's to drop (`withTestSchema`).
    static func with<T>(owner: String? = nil, delegates: [(String, String)] = [], schema: String,
                        blockTime: @escaping @Sendable () -> Int64 = wallClock, _ body: (ChainHarness) async throws -> T) async throws -> T {
        var configuration = DevNodeConfiguration(databaseURL: try #require(TestEnvironment.databaseURL))
        configuration.schema = schema
        configuration.owner = owner
        let logger = TestDatabase.logger("devnode-test")
        return try await TestDatabase.withClient(try TestDatabase.configuration(searchPath: schema), logger: logger) { client in
            let store = NodeStore(client: client, schema: schema, logger: logger)
            try await store.setUp()
            for (name, key) in delegates { try await store.registerDelegate(inserterName: name, publicKeyHex: key) }
            let head = try await store.head()
            let faults = FaultInjector(FaultSettings())
            let runtime = DevNodeRuntime(configuration: configuration, store: store, head: head, faults: faults,
                                         publicURL: "http://127.0.0.1:8484", logger: logger)
            let producer = BlockProducer(interval: .milliseconds(10), store: store, state: runtime.state, faults: faults, owner: owner, logger: logger,
                                         now: blockTime)
            return try await body(ChainHarness(runtime: runtime, producer: producer))
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
        guard case let .mined(outcome) = await runtime.waitForBlock(hash) else {
            throw DevNodeError.engine("tx \(hash) was not mined")
        }
        return outcome
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
