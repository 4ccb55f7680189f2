/// TxCodes (kwil-transport.md §3).
enum TxCode {
    static let encoding = 1, invalidTxType = 2, invalidSignature = 3, invalidNonce = 4, wrongChain = 5, unknown = 65535
}
