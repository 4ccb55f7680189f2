public import Foundation
public import IssuerStore
public import Logging
public import PostgresNIO
public import PostgresURL
public import TestSupport

/// A migrated IssuerStore in a fresh schema of the harness database, dropped afterwards (also when the body
/// throws). Its pool runs for the body's duration.
public enum StoreFixture {
    public static let logger: Logger = {
        var logger = Logger(label: "issuer-tests")
        // ISSUER_TEST_LOG=debug shows what the engine does (workers, lanes) while a test runs.
        logger.logLevel = ProcessInfo.processInfo.environment["ISSUER_TEST_LOG"].flatMap { Logger.Level(rawValue: $0) } ?? .warning
        return logger
    }()

    public static func withStore<T: Sendable>(migrate: Bool = true, _ body: (IssuerStore) async throws -> T) async throws -> T {
        let url = try DatabaseURL(try require(TestEnvironment.databaseURL, "IDOS_TEST_DATABASE_URL is not set"))
        let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
        let store = try IssuerStore(url: url, schema: String(schema), maximumConnections: 8, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await store.run() }
            defer { group.cancelAll() }
            do {
                if migrate { try await MigrationRunner(store: store, logger: logger).migrate() }
                let result = try await body(store)
                try await store.dropSchemaAndEverythingInIt()
                return result
            } catch {
                try? await store.dropSchemaAndEverythingInIt()
                throw error
            }
        }
    }
}

/// `#require` outside a test body.
public func require<T>(_ value: T?, _ message: String = "missing value") throws -> T {
    guard let value else { throw FixtureError(message) }
    return value
}

public struct FixtureError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
