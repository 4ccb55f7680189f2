public import Foundation

/// The state of a transaction the issuer signed.
public enum NodeTransactionState: String, Sendable, Codable, CaseIterable {
    /// Stored; no node has accepted it yet (or a node lost it). The lane broadcasts it in nonce order.
    case signed
    /// A node accepted it into its mempool; waiting for its block.
    case broadcast
    /// In a block with code 0.
    case mined
    /// In a block with a non-zero code (`log` holds the node's message). Its nonce is used.
    case failed
    /// Provably never accepted (its nonce was used by another tx and it is not on the chain): its intent is
    /// signed again under a new nonce.
    case abandoned

    /// Still on its way to a block.
    public var isOpen: Bool { self == .signed || self == .broadcast }
}

/// A signed transaction as stored before it was broadcast: the exact JSON sent (resent byte for byte), its
/// hash, and who signed it with which nonce.
public struct NodeTransaction: Sendable, Equatable {
    public var id: Int64
    /// What this write is for (`credential:<id>`, `user:<id>`, …); one live (not abandoned) tx per intent.
    public var intent: String
    /// The job that waits for it.
    public var jobID: Int64?
    /// Lower-case hex of the signer's identifier.
    public var signer: String
    public var nonce: Int64
    public var action: String
    /// Lower-case hex `tx_hash`.
    public var txHash: String
    /// The `user.broadcast` tx object, exactly as sent.
    public var txJSON: String
    public var state: NodeTransactionState
    public var height: Int64?
    public var code: Int?
    public var log: String?
    public var node: String?
    public var broadcasts: Int
    public var createdAt: Date
    public var confirmedAt: Date?

    public init(id: Int64, intent: String, jobID: Int64?, signer: String, nonce: Int64, action: String, txHash: String, txJSON: String,
                state: NodeTransactionState, height: Int64? = nil, code: Int? = nil, log: String? = nil, node: String? = nil,
                broadcasts: Int = 0, createdAt: Date, confirmedAt: Date? = nil) {
        self.id = id; self.intent = intent; self.jobID = jobID; self.signer = signer; self.nonce = nonce; self.action = action
        self.txHash = txHash; self.txJSON = txJSON; self.state = state; self.height = height; self.code = code; self.log = log
        self.node = node; self.broadcasts = broadcasts; self.createdAt = createdAt; self.confirmedAt = confirmedAt
    }
}

/// A transaction to store: signed by the caller with the nonce the store allocated.
public struct SignedWrite: Sendable, Equatable {
    public var intent: String
    public var action: String
    public var txHash: String
    public var txJSON: String
    public init(intent: String, action: String, txHash: String, txJSON: String) {
        self.intent = intent; self.action = action; self.txHash = txHash; self.txJSON = txJSON
    }
}
