import Logging
import PostgresNIO

/// A dedicated connection holding session-level advisory locks (e.g. "this process signs with key K").
/// The locks last while the connection lives: if the process dies, PostgreSQL releases them. When the
/// connection breaks, every lock is gone; `isHolding` then says false and the owner must stop acting on them.
public actor LockSession {
    private let connection: PostgresConnection
    private let logger: Logger
    private var held: Set<String> = []

    init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    /// Takes the lock named `name` if it is free. Returns whether this session holds it now.
    public func tryLock(_ name: String) async throws -> Bool {
        if held.contains(name) { return true }
        do {
            let won = try await connection.query("SELECT pg_try_advisory_lock(hashtext(\(name)))", logger: logger).collect()
                .first?.decode(Bool.self) ?? false
            if won { held.insert(name) }
            return won
        } catch {
            held = []
            throw StoreError.wrap(error)
        }
    }

    /// Whether the connection is alive (a round trip) and still holds `name`.
    public func isHolding(_ name: String) async -> Bool {
        guard held.contains(name) else { return false }
        do {
            _ = try await connection.query("SELECT 1", logger: logger).collect()
            return true
        } catch {
            held = []
            return false
        }
    }

    /// The names held, as far as this session knows (a broken connection empties it on the next check).
    public var holding: Set<String> { held }

    /// Closes the connection, releasing every lock.
    public func close() async {
        held = []
        try? await connection.close()
    }
}

extension IssuerStore {
    /// A new lock session on its own connection.
    public func lockSession() async throws -> LockSession {
        LockSession(connection: try await connect(label: "locks"), logger: logger)
    }
}
