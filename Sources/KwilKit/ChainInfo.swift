/// `user.chain_info` / the chain part of `user.health`.
public struct ChainInfo: Hashable, Sendable {
    public var chainID: String
    public var blockHeight: Int64
    /// Whether gas is enabled (idOS: false, fee "0").
    public var gas: Bool
    /// `open` or `private` (from `user.health`; empty from `user.chain_info`).
    public var mode: String
    /// `healthy` from `user.health` (true from `user.chain_info`).
    public var healthy: Bool
}
