public import Logging
internal import PostgresNIO

/// Applies `Migrations/NNNN_name.sql` in order, each in its own transaction, recording version, name and
/// checksum in `schema_migrations`. Refuses to run when an applied file changed or the database knows a
/// migration this build does not. A session-level advisory lock (per schema) keeps two processes from
/// migrating at once: the second waits, then finds nothing left to do.
public struct MigrationRunner: Sendable {
    /// What `migrate` did or (with `dryRun`) would do.
    public struct Plan: Sendable, Equatable {
        /// Migrations already recorded, in order.
        public var applied: [Migration]
        /// Migrations not yet applied, in order (applied by this run unless it was a dry run).
        public var pending: [Migration]
    }

    let store: IssuerStore
    let migrations: [Migration]
    let logger: Logger

    /// A runner for `store` with the given migrations (default: those bundled with this build).
    public init(store: IssuerStore, migrations: [Migration]? = nil, logger: Logger) throws {
        self.store = store
        self.migrations = try migrations ?? Migration.bundled()
        self.logger = logger
    }

    /// Brings the schema up to date (creating it if needed).
    /// - Parameter dryRun: only compute the plan; change nothing.
    /// - Returns: the plan; `pending` lists what was applied (or would be).
    /// - Throws: `StoreError.migrationChanged`, `.unknownMigration`, `.migrationFailed`.
    @discardableResult
    public func migrate(dryRun: Bool = false) async throws -> Plan {
        let connection = try await store.connect(label: "migrate")
        do {
            let plan = try await migrate(on: connection, dryRun: dryRun)
            try? await connection.close()
            return plan
        } catch {
            try? await connection.close()
            throw StoreError.wrap(error)
        }
    }

    private func migrate(on connection: PostgresConnection, dryRun: Bool) async throws -> Plan {
        let lockKey = "idos-issuer migrations " + store.schema
        // Held until the connection closes (the caller closes it, also on failure).
        try await run(connection, "SELECT pg_advisory_lock(hashtext(\(lockKey)))")
        // Under the lock: concurrent CREATE SCHEMA IF NOT EXISTS can still collide. The name is a validated identifier.
        try await run(connection, "CREATE SCHEMA IF NOT EXISTS \(unescaped: store.schema)")
        try await run(connection, """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now())
            """)
        let recorded: [(Int, String, String)]
        do {
            recorded = try await connection.query("SELECT version, name, checksum FROM schema_migrations ORDER BY version", logger: logger)
            .collect().map { row in
                let (version, name, checksum) = try row.decode((Int32, String, String).self)
                return (Int(version), name, checksum)
            }
        } catch { throw StoreError.wrap(error) }
        let known = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0) })
        var applied: [Migration] = []
        for (version, name, checksum) in recorded {
            guard let migration = known[version] else { throw StoreError.unknownMigration(version: version, name: name) }
            guard migration.checksum == checksum else { throw StoreError.migrationChanged(version: version, name: name) }
            applied.append(migration)
        }
        let done = Set(recorded.map(\.0))
        let pending = migrations.filter { !done.contains($0.version) }
        guard !dryRun else { return Plan(applied: applied, pending: pending) }
        for migration in pending {
            logger.info("applying migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
            try await run(connection, "BEGIN")
            do {
                // Migration files are bundled with the build, never input: they run as written.
                for statement in SQLScript.statements(migration.sql) { try await run(connection, PostgresQuery(unsafeSQL: statement)) }
                try await run(connection, """
                    INSERT INTO schema_migrations (version, name, checksum) VALUES (\(migration.version), \(migration.name), \(migration.checksum))
                    """)
                try await run(connection, "COMMIT")
            } catch {
                try? await run(connection, "ROLLBACK")
                if let psql = error as? PSQLError, let state = psql.serverInfo?[.sqlState] {
                    throw StoreError.migrationFailed(version: migration.version, name: migration.name, sqlState: state,
                                                     message: psql.serverInfo?[.message] ?? "")
                }
                throw StoreError.wrap(error)
            }
        }
        return Plan(applied: applied, pending: pending)
    }

    private func run(_ connection: PostgresConnection, _ query: PostgresQuery) async throws {
        do { _ = try await connection.query(query, logger: logger).collect() } catch let error as PSQLError { throw error } catch {
            throw StoreError.wrap(error)
        }
    }
}
