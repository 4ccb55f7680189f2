public import Foundation
internal import PostgresNIO

/// A row of `schema_migrations`.
public struct AppliedMigration: Sendable, Equatable {
    public var version: Int
    public var name: String
    public var checksum: String
    public var appliedAt: Date
}

/// Introspection of the store's schema.
extension StoreSession {
    /// The migrations recorded as applied, in order (empty before the first migration).
    public func appliedMigrations() async throws -> [AppliedMigration] {
        guard try await tableExists("schema_migrations") else { return [] }
        return try await map("SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version") { row in
            let (version, name, checksum, appliedAt) = try row.decode((Int32, String, String, Date).self)
            return AppliedMigration(version: Int(version), name: name, checksum: checksum, appliedAt: appliedAt)
        }
    }

    /// Whether a table of this name exists in the store's schema.
    public func tableExists(_ name: String) async throws -> Bool {
        try await map("SELECT to_regclass(current_schema() || '.' || \(name)) IS NOT NULL") { try $0.decode(Bool.self) }.first ?? false
    }
}
