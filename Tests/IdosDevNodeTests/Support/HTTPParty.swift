import Foundation
import IdosCrypto
import IdosKit
import KwilKit
@testable import IdosDevNode

/// A party of the seed flows talking to a live node over HTTP with KwilKit: its own key, Kwil signer and
/// `KwilClient` (so its own KGW session cookie).
struct HTTPParty: Sendable {
    let actor: TestActor
    let signer: any KwilSigner
    let client: KwilClient
    let chainID: String

    init(_ actor: TestActor, node: LiveNode, chainID: String) throws {
        self.actor = actor
        switch actor.key {
        case let .evm(key): signer = try EthPersonalSigner(privateKey: key.bytes)
        case let .ed25519(key): signer = try Ed25519Signer(secretKey: key.seed)
        }
        client = KwilClient(baseURL: node.baseURL, transport: LiveNode.transport())
        self.chainID = chainID
    }

    /// Signs and broadcasts one row of `action` with `sync=1`; throws `.transactionFailed` if it is mined with an error.
    @discardableResult
    func execute(_ action: String, _ arguments: [KwilValue]) async throws(KwilError) -> BroadcastResult {
        try await client.execute(ActionExecution(action: action, rows: [arguments]), description: action, chainID: chainID, signer: signer)
    }

    /// Signs and broadcasts a catalog call built by IdosKit (with the SDK's tx description), `sync=1`.
    @discardableResult
    func execute(_ call: IdosActionCall) async throws(KwilError) -> BroadcastResult {
        try await client.execute(call, chainID: chainID, signer: signer)
    }

    /// An identified `user.call` (KGW sign-in on first use).
    func call(_ action: String, _ arguments: [KwilValue] = []) async throws(KwilError) -> QueryResult {
        try await client.call(ActionCall(action: action, arguments: arguments), signer: signer)
    }

    /// The log of the failed tx `body` broadcasts, or nil if it succeeded.
    func failureLog(_ body: () async throws(KwilError) -> BroadcastResult) async throws -> String? {
        do {
            _ = try await body()
            return nil
        } catch let .transactionFailed(_, _, log) {
            return log
        }
    }
}
