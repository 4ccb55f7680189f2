/// What `user.broadcast` / `user.tx_query` report about a tx.
public struct BroadcastResult: Hashable, Sendable {
    /// 64 lowercase hex chars.
    public var txHash: String
    /// Block height (`tx_query`; −1 while pending; 0 when unknown).
    public var height: Int64
    /// TxCode of the execution when known (sync=1 or mined), else nil.
    public var code: UInt32?
    /// The node's log (action error message when `code != 0`).
    public var log: String
}
