import KwilKit
import Foundation
import Logging
import PostgresNIO

/// What an action sees while it runs: the connection of the block (or call) transaction and the Kwil
/// context variables `@caller`, `@height` and `@block_timestamp` (idos-actions.md §4.1).
struct ActionContext: Sendable {
    /// The connection, inside the block's SQL transaction (a savepoint per tx) or a read-only call.
    let connection: PostgresConnection
    /// `@caller`: EIP-55 `0x…` for secp256k1_ep, lower-case hex for ed25519, `""` when unsigned.
    let caller: String
    /// `@height`.
    let height: Int64
    /// `@block_timestamp` (unix seconds).
    let blockTimestamp: Int64
    /// False for `user.call` (VIEW only).
    let isWrite: Bool
    let logger: Logger

    /// Runs a query and returns all rows. Database errors become `DevNodeError.engine` with the server's
    /// message (what a node logs for a constraint violation).
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        do {
            var out: [PostgresRow] = []
            for try await row in try await connection.query(query, logger: logger) { out.append(row) }
            return out
        } catch let error as PSQLError {
            throw DevNodeError.engine(Self.serverMessage(error))
        }
    }

    /// Runs a statement, discarding rows.
    func run(_ query: PostgresQuery) async throws { _ = try await rows(query) }

    /// The first column of the first row, or nil when there is no row or it is NULL.
    func scalar<T: PostgresDecodable>(_ query: PostgresQuery, as: T.Type) async throws -> T? where T._DecodableType == T {
        guard let row = try await rows(query).first else { return nil }
        return try row.makeRandomAccess()[0].decode(T?.self)
    }

    /// Whether the query returns at least one row.
    func exists(_ query: PostgresQuery) async throws -> Bool { try await !rows(query).isEmpty }

    /// The text of a Postgres error that is safe to show (the server's message, else a generic one).
    static func serverMessage(_ error: PSQLError) -> String {
        if let message = error.serverInfo?[.message] { return "ERROR: \(message) (SQLSTATE \(error.serverInfo?[.sqlState] ?? "?"))" }
        return "database error: \(error.code)"
    }
}
