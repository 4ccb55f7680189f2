import Foundation
import IdosKit
public import IssuerStore
public import KwilKit
public import Logging
public import ServiceLifecycle
import IdosCrypto

/// Writes to the idOS nodes exactly once per intent.
///
/// Each configured delegate key is a nonce stream (a `SignerLane`); a process runs the lanes whose lease it
/// holds (a session advisory lock per key, released by PostgreSQL if the process dies), and takes free ones
/// every `leaseInterval`. Jobs hand their writes to `submit`, which signs and stores them on one of this
/// process's lanes; the lane broadcasts, confirms, and wakes the job. Processes holding no lane do not
/// claim writing jobs (`canWrite`). More keys give more parallel streams across processes.
public actor NodeWriter: Service {
    public nonisolated let pool: NodePool
    private let store: IssuerStore
    private let configuration: NodeWriterConfiguration
    private let logger: Logger
    private var chainID: String?
    private var lanes: [String: SignerLane] = [:]
    private var laneTasks: [String: Task<Void, Never>] = [:]
    private var next = 0
    private var locks: LockSession?

    public init(store: IssuerStore, pool: NodePool, configuration: NodeWriterConfiguration, logger: Logger) {
        self.store = store
        self.pool = pool
        self.configuration = configuration
        self.logger = logger
        chainID = configuration.chainID
    }

    /// Whether this process holds at least one lane (and so may run writing jobs).
    public var canWrite: Bool { !lanes.isEmpty }

    /// The signer identifiers (hex) whose lanes this process runs.
    public var heldSigners: [String] { lanes.keys.sorted() }

    /// Txs in flight per held signer.
    public func inFlight() async -> [String: Int] {
        var out: [String: Int] = [:]
        for (hex, lane) in lanes { out[hex] = await lane.inFlight }
        return out
    }

    /// Signs and stores `writes` (consecutive nonces of one lane) unless an intent already has a live tx.
    /// - Parameter signer: the key that must sign (hex identifier), for actions that check `@caller`
    ///   against a stored key (`edit_public_notes_as_issuer`); nil lets any held lane sign.
    /// - Returns: the stored txs (new or already live), which the lane broadcasts and confirms.
    /// - Throws: `NodeWriteError.noSigner` when this process holds no (or not that) lane.
    public func submit(_ writes: [PlannedWrite], jobID: Int64?, signer: String? = nil) async throws -> [NodeTransaction] {
        let lane: SignerLane
        if let signer {
            guard let held = lanes[signer] else { throw NodeWriteError.noSigner }
            lane = held
        } else {
            let held = lanes.keys.sorted()
            guard !held.isEmpty, let picked = lanes[held[next % held.count]] else { throw NodeWriteError.noSigner }
            next &+= 1
            lane = picked
        }
        return try await lane.submit(writes, jobID: jobID)
    }

    /// A signer for identified reads (KGW sign-in): the first configured key.
    public nonisolated var reader: Ed25519Signer? { configuration.signers.first }

    /// Takes free lanes every `leaseInterval`; drops them all if the lock connection breaks.
    public func run() async throws {
        defer { Task { [locks] in await locks?.close() } }
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do { try await leaseOnce() } catch {
                logger.warning("taking signer lanes failed", metadata: ["error": "\(error)"])
                dropLanes()
            }
            let pause = configuration.leaseInterval
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: pause) }
        }
        dropLanes()
    }

    /// One lease pass: checks held lanes and tries to take free ones. Returns the signers held after it.
    @discardableResult
    public func leaseOnce() async throws -> [String] {
        if chainID == nil {
            let (info, _) = try await pool.run { client throws(KwilError) in try await client.chainInfo() }
            chainID = info.chainID
        }
        guard let chainID else { return [] }
        if locks == nil { locks = try await store.lockSession() }
        guard let locks else { return [] }
        for (hex, _) in lanes where !(await locks.isHolding(lockName(hex))) {
            logger.warning("lost a signer lane", metadata: ["signer": "\(hex.prefix(12))"])
            dropLanes()
            await locks.close()
            self.locks = nil
            return []
        }
        for signer in configuration.signers {
            let hex = Hex.encode(signer.identifier)
            guard lanes[hex] == nil, try await locks.tryLock(lockName(hex)) else { continue }
            let lane = SignerLane(signer: signer, store: store, pool: pool, chainID: chainID, configuration: configuration, logger: logger)
            lanes[hex] = lane
            laneTasks[hex] = Task { await lane.run() }
            logger.info("took a signer lane", metadata: ["signer": "\(hex.prefix(12))"])
        }
        return lanes.keys.sorted()
    }

    private func lockName(_ hex: String) -> String { "idos-issuer signer \(store.schema) \(hex)" }

    private func dropLanes() {
        for task in laneTasks.values { task.cancel() }
        laneTasks = [:]
        lanes = [:]
    }
}
