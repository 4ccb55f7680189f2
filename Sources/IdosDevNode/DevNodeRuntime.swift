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
    let challenges: CallChallenges
    let logger: Logger

    /// A runtime whose chain state, sessions and challenges are sized by `configuration.limits`; KGW sign-ins
    /// name `publicURL` until the server reports its bound port.
    init(configuration: DevNodeConfiguration, store: NodeStore, head: (height: Int64, timestamp: Int64, hash: String),
         faults: FaultInjector, publicURL: String, logger: Logger) {
        let limits = configuration.limits
        self.configuration = configuration
        self.store = store
        state = ChainState(height: head.height, blockTimestamp: head.timestamp, blockHash: head.hash,
                           maxTxs: limits.mempoolMaxTxs, maxBytes: limits.mempoolMaxBytes)
        self.faults = faults
        sessions = GatewaySessions(publicURL: publicURL, maxPendingSignIns: limits.maxPendingSignIns, maxSessions: limits.maxSessions)
        challenges = CallChallenges(capacity: limits.maxChallenges, perSecond: limits.challengesPerSecond)
        self.logger = logger
    }

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

    /// Waits for an admitted tx's block, at most `limits.syncBroadcastTimeout`.
    func waitForBlock(_ hash: String) async -> ChainState.BlockWait {
        await state.waitForBlock(hash, timeout: configuration.limits.syncBroadcastTimeout)
    }
}
