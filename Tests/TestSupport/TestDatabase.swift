import Foundation
public import Logging
public import PostgresNIO
import PostgresURL

/// The harness's PostgreSQL (`IDOS_TEST_DATABASE_URL`) as PostgresNIO configurations, and a client whose
/// `run()` is already running for exactly the duration of a body.
public enum TestDatabase {
    /// Why a test database cannot be reached.
    public struct Unavailable: Error, CustomStringConvertible {
        public let reason: String
        public var description: String { reason }
    }

    /// A client configuration for the harness database (parsed by `PostgresURL.DatabaseURL`, the one parser
    /// of database URLs), with `search_path` set to `schema` when given.
    /// - Throws: `Unavailable` when `IDOS_TEST_DATABASE_URL` is unset or not a `postgres://` URL.
    public static func configuration(searchPath schema: String? = nil) throws -> PostgresClient.Configuration {
        guard let text = TestEnvironment.databaseURL else { throw Unavailable(reason: "IDOS_TEST_DATABASE_URL is not set") }
        do { return try DatabaseURL(text).clientConfiguration(searchPath: schema, maximumConnections: 8) } catch {
            throw Unavailable(reason: "IDOS_TEST_DATABASE_URL: \(error)")
        }
    }

    /// A logger for test clients: warnings and worse (so a misuse such as leasing before `run()` would show).
    public static func logger(_ label: String = "test-db") -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = .warning
        return logger
    }

    /// Runs `body` with a client whose `run()` has been entered before `body` starts and is cancelled (and
    /// awaited) when `body` returns or throws.
    public static func withClient<T>(_ configuration: PostgresClient.Configuration, logger: Logger = TestDatabase.logger(),
                                     _ body: (PostgresClient) async throws -> T) async throws -> T {
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            // The child resumes the parent right before entering run(), which marks the client running before
            // its first suspension; the parent's resumption is scheduled after that.
            await withCheckedContinuation { (started: CheckedContinuation<Void, Never>) in
                group.addTask {
                    started.resume()
                    await client.run()
                }
            }
            defer { group.cancelAll() }
            return try await body(client)
        }
    }

    /// A fresh schema name (`prefix` + 12 hex digits).
    public static func freshSchemaName(prefix: String = "t_") -> String {
        prefix + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
    }
}

/// Runs `body` with a fresh schema in the harness database and a running client whose `search_path` is that
/// schema; drops the schema (CASCADE) afterwards, also when `body` throws.
/// - Throws: `TestDatabase.Unavailable` without `IDOS_TEST_DATABASE_URL`; whatever `body` throws.
public func withTestSchema<T>(prefix: String = "t_", _ body: (PostgresClient, String) async throws -> T) async throws -> T {
    let schema = TestDatabase.freshSchemaName(prefix: prefix)
    return try await TestDatabase.withClient(try TestDatabase.configuration(searchPath: schema)) { client in
        try await client.query("CREATE SCHEMA \(unescaped: schema)")
        do {
            let result = try await body(client, schema)
            try await client.query("DROP SCHEMA IF EXISTS \(unescaped: schema) CASCADE")
            return result
        } catch {
            _ = try? await client.query("DROP SCHEMA IF EXISTS \(unescaped: schema) CASCADE")
            throw error
        }
    }
}
