/// An account as `user.account` names it.
struct AccountKey: Sendable, Hashable {
    /// Lower-case hex of the sender bytes (20-byte address or 32-byte key).
    let identifier: String
    /// `secp256k1` or `ed25519`.
    let keyType: String
}
