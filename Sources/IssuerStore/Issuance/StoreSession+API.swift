public import Foundation
internal import PostgresNIO

/// An API key as stored: never the secret, only its SHA-256.
public struct APIKeyRecord: Sendable, Equatable {
    public var id: UUID
    public var providerID: UUID
    public var providerName: String
    public var prefix: String
    public var secretHash: String
    public var scopes: [String]
    public var createdAt: Date
    public var revokedAt: Date?
    public var lastUsedAt: Date?
}

/// A wallet-ownership challenge.
public struct WalletChallengeRecord: Sendable, Equatable {
    public var id: UUID
    public var providerID: UUID
    public var userID: UUID
    public var walletType: String
    public var address: String
    public var publicKey: String?
    public var message: String
    public var expiresAt: Date
    public var usedAt: Date?
    public init(id: UUID, providerID: UUID, userID: UUID, walletType: String, address: String, publicKey: String?, message: String,
                expiresAt: Date, usedAt: Date? = nil) {
        self.id = id; self.providerID = providerID; self.userID = userID; self.walletType = walletType; self.address = address
        self.publicKey = publicKey; self.message = message; self.expiresAt = expiresAt; self.usedAt = usedAt
    }
}

/// A stored response for an Idempotency-Key.
public struct IdempotencyRecord: Sendable, Equatable {
    public enum State: String, Sendable { case inProgress = "in_progress", done }
    public var requestHash: String
    public var state: State
    public var status: Int?
    public var body: [UInt8]?
    public var headers: [String: String]
}

/// API keys, rate limits, challenges, idempotency records and the API's lists.
extension StoreSession {
    // MARK: API keys

    public func insertAPIKey(id: UUID, providerID: UUID, prefix: String, secretHash: String, scopes: [String]) async throws {
        try await rows("""
            INSERT INTO api_keys (id, provider_id, prefix, secret_hash, scopes) VALUES (\(id), \(providerID), \(prefix), \(secretHash), \(scopes)::text[])
            """)
    }

    static let apiKeyColumns = "k.id, k.provider_id, p.name, k.prefix, k.secret_hash, k.scopes, k.created_at, k.revoked_at, k.last_used_at"

    static func apiKey(_ row: PostgresRow) throws -> APIKeyRecord {
        let (id, provider, name, prefix, hash, scopes, createdAt, revokedAt, lastUsed) =
            try row.decode((UUID, UUID, String, String, String, [String], Date, Date?, Date?).self)
        return APIKeyRecord(id: id, providerID: provider, providerName: name, prefix: prefix, secretHash: hash, scopes: scopes,
                            createdAt: createdAt, revokedAt: revokedAt, lastUsedAt: lastUsed)
    }

    /// The live key with this prefix, marking it used (at most once a minute, to keep writes rare).
    public func liveAPIKey(prefix: String) async throws -> APIKeyRecord? {
        let key = try await map("""
            SELECT \(unescaped: Self.apiKeyColumns) FROM api_keys k JOIN providers p ON p.id = k.provider_id
            WHERE k.prefix = \(prefix) AND k.revoked_at IS NULL
            """, Self.apiKey).first
        if let key, (key.lastUsedAt.map { Date().timeIntervalSince($0) > 60 } ?? true) {
            try await rows("UPDATE api_keys SET last_used_at = now() WHERE id = \(key.id)")
        }
        return key
    }

    /// Every key (live and revoked), newest first.
    public func apiKeys() async throws -> [APIKeyRecord] {
        try await map("""
            SELECT \(unescaped: Self.apiKeyColumns) FROM api_keys k JOIN providers p ON p.id = k.provider_id ORDER BY k.created_at DESC
            """, Self.apiKey)
    }

    /// Revokes a key by id or prefix; returns whether a live key was revoked.
    public func revokeAPIKey(idOrPrefix: String) async throws -> Bool {
        let id = UUID(uuidString: idOrPrefix)
        return try await count("""
            UPDATE api_keys SET revoked_at = now() WHERE (id = \(id) OR prefix = \(idOrPrefix)) AND revoked_at IS NULL RETURNING 1
            """) > 0
    }

    // MARK: Rate limits

    /// Takes one token from the provider's bucket (refilled at `rate` per second up to `burst`), in one
    /// statement, so replicas share the bucket.
    /// - Returns: nil when allowed, else the seconds until a token is available.
    public func takeRateLimitToken(providerID: UUID, rate: Double, burst: Double) async throws -> Double? {
        let (tokens, allowed) = try await map("""
            INSERT INTO rate_limits AS r (provider_id, tokens, allowed, updated_at) VALUES (\(providerID), \(burst) - 1, true, now())
            ON CONFLICT (provider_id) DO UPDATE SET
                allowed = least(\(burst), r.tokens + extract(epoch FROM now() - r.updated_at) * \(rate)) >= 1,
                tokens = least(\(burst), r.tokens + extract(epoch FROM now() - r.updated_at) * \(rate))
                         - CASE WHEN least(\(burst), r.tokens + extract(epoch FROM now() - r.updated_at) * \(rate)) >= 1 THEN 1 ELSE 0 END,
                updated_at = now()
            RETURNING tokens, allowed
            """) { try $0.decode((Double, Bool).self) }.first ?? (0, true)
        return allowed ? nil : max(0.001, (1 - tokens) / max(rate, 1e-9))
    }

    // MARK: Wallet challenges

    public func insertChallenge(_ c: WalletChallengeRecord) async throws {
        try await rows("""
            INSERT INTO wallet_challenges (id, provider_id, user_id, wallet_type, address, public_key, message, expires_at)
            VALUES (\(c.id), \(c.providerID), \(c.userID), \(c.walletType), \(c.address), \(c.publicKey), \(c.message), \(c.expiresAt))
            """)
    }

    /// Uses a challenge of this provider once: nil when unknown; with `usedAt` set when it was already used
    /// (the returned record then tells why it cannot be used), else the record, now marked used.
    public func useChallenge(id: UUID, providerID: UUID) async throws -> (WalletChallengeRecord, alreadyUsed: Bool)? {
        let decode = { (row: PostgresRow) throws -> WalletChallengeRecord in
            let (id, provider, user, type, address, publicKey, message, expiresAt, usedAt) =
                try row.decode((UUID, UUID, UUID, String, String, String?, String, Date, Date?).self)
            return WalletChallengeRecord(id: id, providerID: provider, userID: user, walletType: type, address: address, publicKey: publicKey,
                                         message: message, expiresAt: expiresAt, usedAt: usedAt)
        }
        let columns = "id, provider_id, user_id, wallet_type, address, public_key, message, expires_at, used_at"
        if let used = try await map("""
            UPDATE wallet_challenges SET used_at = now() WHERE id = \(id) AND provider_id = \(providerID) AND used_at IS NULL
            RETURNING \(unescaped: columns)
            """, decode).first { return (used, false) }
        guard let existing = try await map("SELECT \(unescaped: columns) FROM wallet_challenges WHERE id = \(id) AND provider_id = \(providerID)",
                                           decode).first else { return nil }
        return (existing, true)
    }

    // MARK: Idempotency

    /// Claims `key` for a request with this hash. Returns nil when this request owns it now (run it), else
    /// the existing record (replay it, or refuse a different request or one still in progress).
    public func claimIdempotencyKey(providerID: UUID, key: String, requestHash: String, retention: Double) async throws -> IdempotencyRecord? {
        let inserted = try await count("""
            INSERT INTO idempotency_keys (provider_id, key, request_hash, expires_at)
            VALUES (\(providerID), \(key), \(requestHash), now() + \(retention) * interval '1 second')
            ON CONFLICT (provider_id, key) DO UPDATE SET request_hash = excluded.request_hash, state = 'in_progress',
                response_status = NULL, response_body = NULL, response_headers = NULL, created_at = now(), expires_at = excluded.expires_at
                WHERE idempotency_keys.expires_at < now()
                   -- A request that died before finishing (its work rolled back with it) leaves a stale claim.
                   OR (idempotency_keys.state = 'in_progress' AND idempotency_keys.created_at < now() - interval '60 seconds')
            RETURNING 1
            """)
        if inserted > 0 { return nil }
        return try await map("""
            SELECT request_hash, state, response_status, response_body, coalesce(response_headers::text, '{}')
            FROM idempotency_keys WHERE provider_id = \(providerID) AND key = \(key)
            """) { row in
            let (hash, state, status, body, headers) = try row.decode((String, String, Int32?, ByteBuffer?, String).self)
            let headerMap = (try? JSONSerialization.jsonObject(with: Data(headers.utf8)) as? [String: String]) ?? [:]
            return IdempotencyRecord(requestHash: hash, state: IdempotencyRecord.State(rawValue: state) ?? .inProgress, status: status.map(Int.init),
                                     body: body.map { Array($0.readableBytesView) }, headers: headerMap)
        }.first
    }

    /// Stores the response of the request that owns `key`.
    public func completeIdempotencyKey(providerID: UUID, key: String, status: Int, body: [UInt8], headers: [String: String]) async throws {
        let headerText = String(decoding: (try? JSONSerialization.data(withJSONObject: headers, options: [.sortedKeys])) ?? Data("{}".utf8), as: UTF8.self)
        try await rows("""
            UPDATE idempotency_keys SET state = 'done', response_status = \(Int32(status)), response_body = \(ByteBuffer(bytes: body)),
                response_headers = \(headerText)::jsonb
            WHERE provider_id = \(providerID) AND key = \(key)
            """)
    }

    /// Forgets a key whose request failed with a server error (a retry may run it again).
    public func releaseIdempotencyKey(providerID: UUID, key: String) async throws {
        try await rows("DELETE FROM idempotency_keys WHERE provider_id = \(providerID) AND key = \(key) AND state = 'in_progress'")
    }

    /// Deletes expired idempotency records and challenges; returns how many rows went.
    public func pruneExpiredRequests(limit: Int) async throws -> Int {
        let keys = try await count("""
            DELETE FROM idempotency_keys WHERE ctid IN (SELECT ctid FROM idempotency_keys WHERE expires_at < now() LIMIT \(Int32(limit))) RETURNING 1
            """)
        let challenges = try await count("""
            DELETE FROM wallet_challenges WHERE ctid IN (SELECT ctid FROM wallet_challenges WHERE expires_at < now() - interval '1 day'
                                                         LIMIT \(Int32(limit))) RETURNING 1
            """)
        return keys + challenges
    }

    // MARK: Lists

    /// A provider's credentials, optionally of one user and/or status, after a cursor (created_at, id).
    /// The cursor's time is compared in whole microseconds (PostgreSQL's precision), never as a floating-point
    /// Date, which could round just below the row's own time and show that row again on the next page.
    public func listCredentials(providerID: UUID, userID: UUID?, status: String?, after: (Date, UUID)?, limit: Int) async throws -> [CredentialRecord] {
        let afterMicros = after.map { Int64(($0.0.timeIntervalSince1970 * 1_000_000).rounded()) }
        return try await map("""
            SELECT \(unescaped: Self.credentialColumns) FROM credentials
            WHERE provider_id = \(providerID) AND (\(userID)::uuid IS NULL OR user_id = \(userID))
              AND (\(status)::text IS NULL OR status = \(status))
              AND (\(afterMicros)::int8 IS NULL
                   OR (created_at, id) > (timestamptz 'epoch' + \(afterMicros)::int8 * interval '1 microsecond', \(after?.1)))
            ORDER BY created_at, id LIMIT \(Int32(limit))
            """) { try Self.credential($0).0 }
    }
}
