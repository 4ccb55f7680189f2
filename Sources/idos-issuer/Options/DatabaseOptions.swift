import ArgumentParser
import Foundation
import IssuerStore
import Logging
import PostgresURL

/// `--database-url` (or `ISSUER_DATABASE_URL`) and `--schema`, for every command that opens the store.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("database-url"),
            help: "PostgreSQL URL, postgres://user[:password]@host:port/db[?sslmode=require] (default: $ISSUER_DATABASE_URL).")
    var databaseURL: String?
    @Option(help: "The PostgreSQL schema holding the issuer's tables (default: $ISSUER_DATABASE_SCHEMA or public).")
    var schema: String?

    /// The parsed URL, or a usage error naming what is missing.
    func url() throws -> DatabaseURL {
        let text = databaseURL ?? ProcessInfo.processInfo.environment["ISSUER_DATABASE_URL"]
        guard let text, !text.isEmpty else { throw CLIFailure.malformed("--database-url (or ISSUER_DATABASE_URL) is required") }
        do { return try DatabaseURL(text) } catch { throw CLIFailure.malformed("\(error)") }
    }

    var schemaName: String {
        schema ?? ProcessInfo.processInfo.environment["ISSUER_DATABASE_SCHEMA"].flatMap { $0.isEmpty ? nil : $0 } ?? IssuerStore.defaultSchema
    }

    /// A store; run `body` while its pool runs.
    func withStore<T: Sendable>(logger: Logger, maximumConnections: Int = 8, _ body: (IssuerStore) async throws -> T) async throws -> T {
        let store: IssuerStore
        do { store = try IssuerStore(url: try url(), schema: schemaName, maximumConnections: maximumConnections, logger: logger) } catch let e as StoreError {
            throw CLIFailure.malformed("\(e)")
        }
        return try await withThrowingTaskGroup(of: Void.self) { group in
            // The pool must be running before the first query (else PostgresNIO warns and waits): the child
            // resumes this task right before entering run(), which marks the pool running before it suspends.
            await withCheckedContinuation { (started: CheckedContinuation<Void, Never>) in
                group.addTask {
                    started.resume()
                    await store.run()
                }
            }
            defer { group.cancelAll() }
            return try await body(store)
        }
    }
}

/// Logs on stderr (stdout is for results), at `--log-level` or $ISSUER_LOG_LEVEL (default info).
enum CommandLogging {
    static func logger(_ label: String, level: String? = nil) -> Logger {
        var logger = Logger(label: label) { StreamLogHandler.standardError(label: $0) }
        let text = level ?? ProcessInfo.processInfo.environment["ISSUER_LOG_LEVEL"] ?? "info"
        logger.logLevel = Logger.Level(rawValue: text.lowercased()) ?? .info
        return logger
    }
}
