import PostgresNIO

/// Failures of IssuerStore. Descriptions are safe to log: they carry SQLSTATEs and constraint names, never
/// query values.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    /// The database cannot be reached or the connection broke; retry later.
    case unavailable(String)
    /// A unique constraint refused the write; `constraint` names it.
    case uniqueViolation(constraint: String)
    /// A check or foreign-key constraint refused the write.
    case constraintViolation(constraint: String)
    /// Another transaction won a race (serialization failure, deadlock); retry the transaction.
    case conflict(String)
    /// The schema name is not a plain lower-case identifier.
    case invalidSchemaName(String)
    /// A migration that was applied has changed on disk since; the database and the code disagree.
    case migrationChanged(version: Int, name: String)
    /// The database has a migration this build does not know (a newer build migrated it).
    case unknownMigration(version: Int, name: String)
    /// A migration file name is not `NNNN_name.sql`, or two files share a number.
    case invalidMigration(String)
    /// A migration's SQL failed; `sqlState` and `message` come from the server.
    case migrationFailed(version: Int, name: String, sqlState: String, message: String)
    /// A row did not have the expected shape.
    case decoding(String)
    /// Any other database error: its SQLSTATE and the table it concerns (server messages can quote values,
    /// so they are not kept).
    case database(sqlState: String, table: String)

    public var description: String {
        switch self {
        case .unavailable(let m): "database unavailable: \(m)"
        case .uniqueViolation(let c): "unique constraint \(c) refused the write"
        case .constraintViolation(let c): "constraint \(c) refused the write"
        case .conflict(let m): "transaction conflict: \(m)"
        case .invalidSchemaName(let s): "schema name '\(s)' must be a lower-case identifier ([a-z_][a-z0-9_]*, at most 63 bytes)"
        case .migrationChanged(let v, let n): "migration \(v) (\(n)) was changed after it was applied; restore the applied file or add a new migration"
        case .unknownMigration(let v, let n): "the database has migration \(v) (\(n)) that this build does not know; run a newer build"
        case .invalidMigration(let m): "invalid migration: \(m)"
        case .migrationFailed(let v, let n, let s, let m): "migration \(v) (\(n)) failed: SQLSTATE \(s): \(m)"
        case .decoding(let m): "unexpected row shape: \(m)"
        case .database(let s, let t): "database error SQLSTATE \(s) (table \(t))"
        }
    }

    /// Whether retrying the same operation later can succeed.
    public var isTransient: Bool {
        switch self {
        case .unavailable, .conflict: true
        default: false
        }
    }

    /// Maps any error from PostgresNIO to a case a caller acts on.
    static func wrap(_ error: any Error) -> any Error {
        if error is StoreError || error is CancellationError { return error }
        if let psql = error as? PSQLError {
            if let code = psql.serverInfo?[.sqlState] {
                let constraint = psql.serverInfo?[.constraintName] ?? "?"
                let message = psql.serverInfo?[.message] ?? ""
                switch code {
                case "23505": return StoreError.uniqueViolation(constraint: constraint)
                case "23503", "23514", "23502": return StoreError.constraintViolation(constraint: constraint)
                case "40001", "40P01": return StoreError.conflict(message)
                case "57P01", "57P02", "57P03", "53300": return StoreError.unavailable(message)
                default: return StoreError.database(sqlState: code, table: psql.serverInfo?[.tableName] ?? "-")
                }
            }
            return StoreError.unavailable(String(describing: psql.code))
        }
        return StoreError.unavailable(String(describing: type(of: error)))
    }
}
