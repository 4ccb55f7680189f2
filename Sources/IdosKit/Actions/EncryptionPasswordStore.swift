/// Where a user's encryption password lives (`users.encryption_password_store`, a CHECK in the schema).
public enum EncryptionPasswordStore: String, Sendable, Hashable, CaseIterable, Codable {
    /// The user types it (the enclave derives the key from it).
    case user
    /// idOS's MPC network holds it.
    case mpc
}
