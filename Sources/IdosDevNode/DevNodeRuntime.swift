import Foundation
import KwilKit
import Logging
import PostgresNIO

/// The parts of a running devnode that the HTTP edge and the block producer share.
struct DevNodeRuntime: Sendable {
    let configuration: DevNodeConfiguration
    let store: NodeStore
    let state: ChainState
    let faults: FaultInjector
    let sessions: GatewaySessions
    let logger: Logger

    /// Runs a read-only action for `user.call` on a pooled connection, at the head height and the current
    /// unix second (a real node's best block is at most a few seconds old).
    func call(namespace: String, action: String, arguments: [KwilValue], caller: String) async throws -> QueryResult {
        let height = await state.height
        let now = Int64(Date().timeIntervalSince1970)
        return try await store.client.withConnection { connection in
            let context = ActionContext(connection: connection, caller: caller, height: height, blockTimestamp: now, isWrite: false, logger: logger)
            return try await IdosActions.invoke(namespace: namespace, action: action, arguments: arguments, context: context,
                                                owner: configuration.owner)
        }
    }
}
