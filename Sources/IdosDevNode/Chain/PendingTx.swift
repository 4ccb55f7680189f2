import KwilKit

/// A verified transaction waiting in the mempool: what the block producer needs to run and record it.
struct PendingTx: Sendable {
    /// `tx_hash`, 64 lower-case hex characters.
    let hash: String
    /// The transaction JSON as received (returned verbatim by `user.tx_query`).
    let json: String
    /// The account: sender bytes as lower-case hex and the key type (`secp256k1` or `ed25519`).
    let account: AccountKey
    /// `@caller` for the actions.
    let caller: String
    let nonce: Int64
    let namespace: String
    let action: String
    /// One argument list per call (idOS always sends one).
    let calls: [[KwilValue]]

    /// What the tx counts against the mempool's byte limit: its JSON (the bulk of what is kept).
    var size: Int { json.utf8.count }
}
