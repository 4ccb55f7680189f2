public import Logging
public import PostgresNIO
public import PostgresURL
public import ServiceLifecycle

/// IssuerStore: the issuer's own PostgreSQL, the only module with SQL in it.
///
/// Every query binds its values (PostgresNIO interpolation); table names are unqualified and resolve in the
/// store's schema through the connection's `search_path`, so tests and benchmarks run in throwaway schemas.
/// Rows become domain structs (`ClaimedJob`, `JobRecord`, …) before they leave the module.
///
/// `client` is a `Service`: run it in the process's `ServiceGroup` (queries only work while it runs).
public final class IssuerStore: Sendable {
    /// The connection pool. Run it (`client.run()`) for as long as the store is used.
    public let client: PostgresClient
    /// The schema holding the tables (the connections' `search_path`).
    public let schema: String
    /// The database URL the store connects to.
    public let url: DatabaseURL
    let logger: Logger

    /// The default schema.
    public static let defaultSchema = "public"

    /// A store on `url` in `schema`.
    /// - Parameters:
    ///   - maximumConnections: pool size per process (default 20).
    /// - Throws: `StoreError.invalidSchemaName` for a schema that is not a plain lower-case identifier.
    public init(url: DatabaseURL, schema: String = IssuerStore.defaultSchema, maximumConnections: Int = 20, logger: Logger) throws {
        guard SchemaName.isValid(schema) else { throw StoreError.invalidSchemaName(schema) }
        self.url = url
        self.schema = schema
        self.logger = logger
        client = PostgresClient(configuration: try url.clientConfiguration(searchPath: schema, maximumConnections: maximumConnections),
                                backgroundLogger: logger)
    }

    /// Queries outside a transaction, each on a pooled connection (autocommit).
    public var session: StoreSession { StoreSession(target: .pool(client), logger: logger) }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws. Jobs inserted
    /// here become visible (and their NOTIFY is sent) only at commit: the outbox.
    public func withTransaction<Result: Sendable>(isolation: isolated (any Actor)? = #isolation,
                                                  _ body: (StoreSession) async throws -> Result) async throws -> Result {
        let logger = logger
        do {
            return try await client.withTransaction(logger: logger, isolation: isolation) { connection in
                try await body(StoreSession(target: .connection(connection), logger: logger))
            }
        } catch let error as PostgresTransactionError {
            if let closureError = error.closureError { throw closureError }
            throw StoreError.wrap(error.commitError ?? error.beginError ?? error.rollbackError ?? error)
        } catch {
            throw StoreError.wrap(error)
        }
    }

    /// The NOTIFY channel on which job inserts wake workers (one per schema, so stores never wake each other).
    public var jobChannel: String { "\(schema)_jobs" }

    /// A dedicated connection (not from the pool) for LISTEN and session-level advisory locks.
    public func connect(label: String) async throws -> PostgresConnection {
        do {
            return try await PostgresConnection.connect(configuration: try url.connectionConfiguration(searchPath: schema),
                                                        id: Int.random(in: 1...Int.max), logger: Logger(label: "\(logger.label).\(label)"))
        } catch { throw StoreError.wrap(error) }
    }
}

/// Schema names the store accepts: a lower-case SQL identifier (no quoting needed anywhere).
enum SchemaName {
    static func isValid(_ name: String) -> Bool {
        guard let first = name.utf8.first, (1...63).contains(name.utf8.count), first == UInt8(ascii: "_") || (0x61...0x7a).contains(first)
        else { return false }
        return name.utf8.allSatisfy { $0 == UInt8(ascii: "_") || (0x61...0x7a).contains($0) || (0x30...0x39).contains($0) }
    }
}

extension IssuerStore: Service {
    /// Runs the connection pool until cancelled or shut down (queries work only meanwhile).
    public func run() async {
        await client.run()
    }
}

extension IssuerStore {
    /// LISTENs on `jobChannel` on a dedicated connection and calls `onNotify` for each notification, until the
    /// task is cancelled (returns) or the connection fails (throws).
    public func listenForJobs(_ onNotify: @Sendable () -> Void) async throws {
        let connection = try await connect(label: "listen")
        do {
            try await connection.listen(on: jobChannel) { notifications in
                for try await _ in notifications { onNotify() }
            }
        } catch {
            try? await connection.close()
            if Task.isCancelled { return }
            throw StoreError.wrap(error)
        }
        try? await connection.close()
    }

    /// Drops the store's schema with everything in it. For throwaway schemas (tests, benchmarks) only; the
    /// default schema `public` is refused.
    public func dropSchemaAndEverythingInIt() async throws {
        guard schema != Self.defaultSchema else { throw StoreError.invalidSchemaName("refusing to drop \(schema)") }
        let connection = try await connect(label: "drop")
        do {
            // The schema name is a validated identifier.
            _ = try await connection.query("DROP SCHEMA IF EXISTS \(unescaped: schema) CASCADE", logger: logger).collect()
        } catch {
            try? await connection.close()
            throw StoreError.wrap(error)
        }
        try? await connection.close()
    }
}
