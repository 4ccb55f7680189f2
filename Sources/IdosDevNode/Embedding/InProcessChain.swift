import Foundation
public import KwilKit
public import Logging
import IdosCrypto
import PostgresNIO
import ServiceLifecycle

/// A devnode's chain driven in-process, without HTTP, JSON or transaction signatures: txs go straight into
/// the mempool (with the nonce rule), the block producer mines them every `blockInterval`, and reads run
/// as `user.call` runs them. For benchmarks of the node's own capacity and for embedding; clients of a real
/// node use `DevNode` over JSON-RPC instead.
public struct InProcessChain: Sendable {
    let runtime: DevNodeRuntime

    /// Opens the chain on `configuration.databaseURL` / `configuration.schema` (created if missing), runs
    /// `body`, then stops the block producer and the connection pool.
    public static func with<T: Sendable>(_ configuration: DevNodeConfiguration, logger: Logger,
                                         _ body: @Sendable (InProcessChain) async throws -> T) async throws -> T {
        try configuration.validate()
        let postgres = try configuration.clientConfiguration()
        let client = PostgresClient(configuration: postgres, backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            let clientService = PostgresClientService(client)
            group.addTask { try await clientService.run() }
            defer { group.cancelAll() }
            await clientService.waitUntilRunning()
            let store = NodeStore(client: client, schema: configuration.schema, logger: logger)
            try await store.setUp()
            for delegate in configuration.delegates {
                try await store.registerDelegate(inserterName: delegate.inserterName, publicKeyHex: delegate.publicKeyHex)
            }
            let head = try await store.head()
            let faults = FaultInjector(configuration.faults)
            let runtime = DevNodeRuntime(configuration: configuration, store: store, head: head, faults: faults,
                                         publicURL: configuration.resolvedPublicURL(boundPort: configuration.port), logger: logger)
            let producer = BlockProducer(interval: configuration.blockInterval, store: store, state: runtime.state, faults: faults,
                                         owner: configuration.owner, logger: logger)
            group.addTask { try await producer.run() }
            return try await body(InProcessChain(runtime: runtime))
        }
    }

    /// Puts a tx into the mempool as `user.broadcast` would after verifying it.
    /// - Parameters:
    ///   - sender: the sender bytes in hex (20-byte address or 32-byte ed25519 key).
    ///   - signatureType: with `sender` it gives `@caller` and the account.
    ///   - nonce: the tx nonce; nil takes the account's next one.
    /// - Returns: a tx id to wait on.
    /// - Throws: `DevNodeError.malformed` for a bad sender, `.engine("invalid nonce …")` when the nonce is not next,
    ///   `.engine("mempool is full")` when the mempool is at its limit.
    public func submit(sender: String, signatureType: SignatureType, action: String, arguments: [KwilValue],
                       nonce: Int64? = nil) async throws -> String {
        guard let bytes = try? Hex.decode(sender) else { throw DevNodeError.malformed("sender must be hex") }
        let account = AccountKey(identifier: sender.lowercased(), keyType: signatureType.keyType)
        let pending = await runtime.state.pendingNonce(account)
        // The database is consulted only for accounts the mempool has not seen since start.
        let committed = pending == nil ? try await runtime.store.committedNonce(account) ?? 0 : 0
        let id = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "") + String(repeating: "0", count: 32)
        let tx = PendingTx(hash: id, json: "{}", account: account, caller: signatureType.caller(sender: bytes),
                           nonce: nonce ?? ((pending ?? committed) + 1), namespace: "main", action: action, calls: [arguments])
        do { try await runtime.state.admit(tx, committedNonce: committed) } catch {
            switch error {
            case .mempoolFull: throw DevNodeError.engine("mempool is full")
            case .nonce: throw DevNodeError.engine("invalid nonce: \(error)")
            }
        }
        return id
    }

    /// Waits until the tx is mined, at most `limits.syncBroadcastTimeout`.
    /// - Returns: (code, log); nil if its block failed or the wait timed out.
    public func waitForBlock(_ id: String) async -> (code: Int64, log: String)? {
        guard case let .mined(outcome) = await runtime.waitForBlock(id) else { return nil }
        return (outcome.code, outcome.log)
    }

    /// Runs a VIEW action as `caller` (`""` = unsigned), as `user.call` does.
    public func call(caller: String, action: String, arguments: [KwilValue] = []) async throws -> QueryResult {
        try await runtime.call(namespace: "main", action: action, arguments: arguments, caller: caller)
    }

    /// `@caller` for a sender, as the node derives it.
    public static func caller(sender: [UInt8], signatureType: SignatureType) -> String { signatureType.caller(sender: sender) }
}

extension InProcessChain {
    /// Replaces the fault setting (only `pause` affects an in-process chain: no blocks while set).
    public func setFaults(_ settings: FaultSettings) async { await runtime.faults.set(settings) }

    /// Block intervals the `pause` fault has held back so far.
    public func heldBlocks() async -> Int { await runtime.faults.heldBlocks }

    /// Txs waiting in the mempool.
    public func mempoolSize() async -> Int { await runtime.state.mempool.count }
}
