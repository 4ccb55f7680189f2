import Foundation
public import KwilKit

/// How the node writer signs, broadcasts and confirms. Every default is named here.
public struct NodeWriterConfiguration: Sendable {
    /// The delegate keys: each is one nonce stream (lane), held by one process at a time.
    public var signers: [Ed25519Signer]
    /// The chain id txs carry; nil asks the node (`user.chain_info`) once.
    public var chainID: String?
    /// How often a lane with txs in flight asks for their blocks (default 100 ms).
    public var confirmInterval: Duration = .milliseconds(100)
    /// How long a lane waits when idle before checking again (default 1 s); a submit wakes it at once.
    public var idleInterval: Duration = .seconds(1)
    /// A broadcast tx not seen in a block after this many seconds is looked up; if the node lost it, it is
    /// broadcast again, byte for byte (default 10 s).
    public var lostAfter: Double = 10
    /// How often a process tries to take the lanes of keys no process holds (default 2 s).
    public var leaseInterval: Duration = .seconds(2)
    /// Back-off after a failed broadcast pass before the next (default 200 ms, doubling up to 5 s).
    public var retryInterval: Duration = .milliseconds(200)

    public init(signers: [Ed25519Signer], chainID: String? = nil) {
        self.signers = signers
        self.chainID = chainID
    }
}
