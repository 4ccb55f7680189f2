public import Foundation

/// The kinds of node-writing jobs and their arguments (ids only: no personal data in job rows).
public enum IssuanceJobs {
    /// Creates the user and her wallets on the node (`add_user_as_inserter`, `upsert_wallet_as_inserter`).
    public static let createUser = "create_user"
    /// Writes a credential (`create_credentials_by_dwg` or `upsert_credential_as_inserter`) and reads it back.
    public static let deliverCredential = "deliver_credential"
    /// Writes a credential's current public notes (`edit_public_notes_as_issuer`): edits and revocations.
    public static let editPublicNotes = "edit_public_notes"
    /// Writes a user's rotated encryption key (`update_user_pub_key_as_inserter`).
    public static let updateUserKey = "update_user_key"

    public struct UserArgs: Codable, Sendable, Equatable {
        public var userId: UUID
        public var version: Int?
        public init(userId: UUID, version: Int? = nil) { self.userId = userId; self.version = version }
    }

    public struct CredentialArgs: Codable, Sendable, Equatable {
        public var credentialId: UUID
        public var version: Int?
        public init(credentialId: UUID, version: Int? = nil) { self.credentialId = credentialId; self.version = version }
    }

    /// JSON text of job arguments.
    public static func args(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? "{}"
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        do { return try JSONDecoder().decode(T.self, from: Data(text.utf8)) } catch { throw JobError.poison("arguments do not decode: \(error)") }
    }

    /// The intents (one node write each) of the jobs.
    static func userIntent(_ id: UUID) -> String { "user:\(id.uuidString.lowercased())" }
    static func walletIntent(_ id: UUID) -> String { "wallet:\(id.uuidString.lowercased())" }
    static func credentialIntent(_ id: UUID) -> String { "credential:\(id.uuidString.lowercased())" }
    static func notesIntent(_ id: UUID, _ version: Int) -> String { "notes:\(id.uuidString.lowercased()):\(version)" }
    static func userKeyIntent(_ id: UUID, _ version: Int) -> String { "user-key:\(id.uuidString.lowercased()):\(version)" }
}
