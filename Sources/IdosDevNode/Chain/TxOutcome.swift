/// The result of a mined tx (`TxResult`): code 0 = success.
struct TxOutcome: Sendable, Equatable {
    let code: Int64
    let log: String
    let height: Int64

    /// Kwil's `CodeUnknownError`, used for txs whose action failed.
    static let failedCode: Int64 = 65535
}
