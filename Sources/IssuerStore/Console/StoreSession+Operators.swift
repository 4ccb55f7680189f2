public import Foundation
internal import PostgresNIO

/// Console accounts, sessions and login throttling.
extension StoreSession {
    static let operatorColumns = "o.id, o.name, o.role, o.password_hash, o.created_at, o.disabled_at"

    static func operatorAccount(_ row: PostgresRow) throws -> OperatorAccount {
        let (id, name, role, hash, createdAt, disabledAt) = try row.decode((UUID, String, String, String, Date, Date?).self)
        guard let parsed = OperatorRole(rawValue: role) else { throw StoreError.decoding("operator role '\(role)'") }
        return OperatorAccount(id: id, name: name, role: parsed, passwordHash: hash, createdAt: createdAt, disabledAt: disabledAt)
    }

    /// Creates an operator. Throws `StoreError.uniqueViolation(constraint: "operators_name_key")` when the name is taken.
    public func createOperator(name: String, role: OperatorRole, passwordHash: String) async throws -> OperatorAccount {
        try await map("""
            INSERT INTO operators AS o (id, name, role, password_hash) VALUES (\(UUID()), \(name), \(role.rawValue), \(passwordHash))
            RETURNING \(unescaped: Self.operatorColumns)
            """, Self.operatorAccount)[0]
    }

    /// The operator called `name`, disabled or not.
    public func operatorAccount(named name: String) async throws -> OperatorAccount? {
        try await map("SELECT \(unescaped: Self.operatorColumns) FROM operators o WHERE o.name = \(name)", Self.operatorAccount).first
    }

    /// Every operator, by name.
    public func operatorAccounts() async throws -> [OperatorAccount] {
        try await map("SELECT \(unescaped: Self.operatorColumns) FROM operators o ORDER BY o.name", Self.operatorAccount)
    }

    /// Sets a new password hash; ends the operator's sessions. Returns false for an unknown name.
    public func setOperatorPassword(name: String, passwordHash: String) async throws -> Bool {
        let changed = try await map("UPDATE operators SET password_hash = \(passwordHash) WHERE name = \(name) RETURNING id") { try $0.decode(UUID.self) }
        guard let id = changed.first else { return false }
        try await rows("DELETE FROM operator_sessions WHERE operator_id = \(id)")
        return true
    }

    /// Disables (or enables again) an operator; disabling ends their sessions. Returns false for an unknown name.
    public func setOperatorDisabled(name: String, disabled: Bool) async throws -> Bool {
        let changed = try await map("""
            UPDATE operators SET disabled_at = CASE WHEN \(disabled) THEN coalesce(disabled_at, now()) ELSE NULL END
            WHERE name = \(name) RETURNING id
            """) { try $0.decode(UUID.self) }
        guard let id = changed.first else { return false }
        if disabled { try await rows("DELETE FROM operator_sessions WHERE operator_id = \(id)") }
        return true
    }

    /// Stores a new session (the SHA-256 hex of its cookie token).
    public func createOperatorSession(tokenHash: String, operatorID: UUID, csrfToken: String, lifetime: Double) async throws {
        try await rows("""
            INSERT INTO operator_sessions (token_hash, operator_id, csrf_token, expires_at)
            VALUES (\(tokenHash), \(operatorID), \(csrfToken), now() + make_interval(secs => \(lifetime)))
            """)
    }

    /// The live session of a token hash (not expired, its operator not disabled), its last use recorded.
    public func operatorSession(tokenHash: String) async throws -> OperatorSession? {
        try await map("""
            UPDATE operator_sessions s SET last_seen_at = now()
            FROM operators o
            WHERE s.token_hash = \(tokenHash) AND s.expires_at > now() AND o.id = s.operator_id AND o.disabled_at IS NULL
            RETURNING \(unescaped: Self.operatorColumns), s.csrf_token, s.expires_at
            """) { row in
            let (id, name, role, hash, createdAt, disabledAt, csrf, expires) =
                try row.decode((UUID, String, String, String, Date, Date?, String, Date).self)
            guard let parsed = OperatorRole(rawValue: role) else { throw StoreError.decoding("operator role '\(role)'") }
            return OperatorSession(account: OperatorAccount(id: id, name: name, role: parsed, passwordHash: hash, createdAt: createdAt,
                                                            disabledAt: disabledAt),
                                   csrfToken: csrf, expiresAt: expires)
        }.first
    }

    /// Ends a session (logout), and drops expired ones.
    public func deleteOperatorSession(tokenHash: String) async throws {
        try await rows("DELETE FROM operator_sessions WHERE token_hash = \(tokenHash) OR expires_at < now()")
    }

    /// When the first of `keys` that is locked unlocks, or nil when none is locked.
    public func loginLockedUntil(keys: [String]) async throws -> Date? {
        try await map("""
            SELECT max(locked_until) FROM console_login_failures WHERE key = ANY(\(keys)::text[]) AND locked_until > now()
            """) { try $0.decode(Date?.self) }.first ?? nil
    }

    /// Counts a failed login under each key; a key reaching `limit` failures within `window` seconds is locked
    /// for `lockout` seconds (and its count starts over).
    public func recordLoginFailure(keys: [String], limit: Int, window: Double, lockout: Double) async throws {
        // Forget stale keys (names tried once long ago), so guessed names cannot grow the table without bound.
        try await rows("""
            DELETE FROM console_login_failures
            WHERE window_started_at < now() - make_interval(secs => \(window)) AND (locked_until IS NULL OR locked_until < now())
            """)
        for key in keys {
            try await rows("""
                INSERT INTO console_login_failures AS f (key, failures, window_started_at) VALUES (\(key), 1, now())
                ON CONFLICT (key) DO UPDATE SET
                    failures = CASE WHEN f.window_started_at < now() - make_interval(secs => \(window)) THEN 1 ELSE f.failures + 1 END,
                    window_started_at = CASE WHEN f.window_started_at < now() - make_interval(secs => \(window)) THEN now()
                                             ELSE f.window_started_at END
                """)
            try await rows("""
                UPDATE console_login_failures SET locked_until = now() + make_interval(secs => \(lockout)), failures = 0, window_started_at = now()
                WHERE key = \(key) AND failures >= \(Int32(limit))
                """)
        }
    }

    /// Forgets the failures of `keys` (after a successful login).
    public func clearLoginFailures(keys: [String]) async throws {
        try await rows("DELETE FROM console_login_failures WHERE key = ANY(\(keys)::text[]) AND (locked_until IS NULL OR locked_until <= now())")
    }
}
