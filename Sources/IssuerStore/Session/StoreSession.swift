import Logging
import PostgresNIO

/// Where a store's queries run: the pool (autocommit) or one connection inside a transaction. Every query
/// method of the store is an extension of this type, so the same method works in and out of a transaction.
public struct StoreSession: Sendable {
    enum Target: Sendable {
        case pool(PostgresClient)
        case connection(PostgresConnection)
    }

    let target: Target
    let logger: Logger

    /// Runs one statement and collects its rows (result sets here are small and bounded by LIMITs).
    @discardableResult
    func rows(_ query: PostgresQuery, file: String = #fileID, line: Int = #line) async throws -> [PostgresRow] {
        do {
            let sequence: PostgresRowSequence
            switch target {
            case .pool(let client): sequence = try await client.query(query, logger: logger, file: file, line: line)
            case .connection(let connection): sequence = try await connection.query(query, logger: logger, file: file, line: line)
            }
            return try await sequence.collect()
        } catch {
            throw StoreError.wrap(error)
        }
    }

    /// Runs one statement and returns the number of rows it returned (use with `RETURNING 1`).
    func count(_ query: PostgresQuery, file: String = #fileID, line: Int = #line) async throws -> Int {
        try await rows(query, file: file, line: line).count
    }

    /// Decodes every row with `decode`, naming the query's file and line on failure.
    func map<T>(_ query: PostgresQuery, file: String = #fileID, line: Int = #line,
                _ decode: (PostgresRow) throws -> T) async throws -> [T] {
        let all = try await rows(query, file: file, line: line)
        do { return try all.map(decode) } catch { throw StoreError.decoding("\(file):\(line): \(error)") }
    }
}
