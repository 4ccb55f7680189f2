/// A Kwil transaction result code (kwil-transport.md §3, KDB `core/types/results.go`): `data.code` of a
/// −201 broadcast rejection and `result.code` of a mined tx. Shared by the client and the devnode.
public struct TxCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    init(_ rawValue: UInt32) { self.rawValue = rawValue }

    public static let ok = Self(0)
    public static let encoding = Self(1)
    public static let invalidTxType = Self(2)
    public static let invalidSignature = Self(3)
    /// The nonce is not the account's last nonce + 1: re-read it and re-sign.
    public static let invalidNonce = Self(4)
    public static let wrongChain = Self(5)
    public static let insufficientBalance = Self(6)
    public static let insufficientFee = Self(7)
    public static let invalidAmount = Self(8)
    public static let invalidSender = Self(9)
    public static let commitTimeout = Self(10)
    public static let mempoolFull = Self(11)
    /// Anything without a mapping, including a failed signature check ("failed to verify the transaction: …").
    public static let unknown = Self(65535)

    /// Whether resending the same tx later may succeed (commit timeout, full mempool).
    public var isRetryable: Bool { self == .commitTimeout || self == .mempoolFull }

    public var description: String { String(rawValue) }
}
