import Foundation
import IdosCrypto
import Logging
import PostgresNIO

/// The devnode's PostgreSQL access outside the actions: schema setup, start-up registrations, account
/// nonces, blocks and mined txs. Every connection runs with `search_path` = the node's schema.
struct NodeStore: Sendable {
    let client: PostgresClient
    let schema: String
    let logger: Logger

    /// Whether `name` is a plain lower-case SQL identifier (the only schema names accepted).
    static func isValidSchemaName(_ name: String) -> Bool {
        guard let first = name.utf8.first, (first >= 0x61 && first <= 0x7A) || first == 0x5F, name.utf8.count <= 63 else { return false }
        return name.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }
    }

    /// Creates the schema and its tables if missing (idempotent).
    func setUp() async throws {
        precondition(Self.isValidSchemaName(schema), "schema name validated by DevNodeConfiguration")
        try await client.withConnection { connection in
            // The schema name is a validated identifier; identifiers cannot be bound.
            try await connection.query("CREATE SCHEMA IF NOT EXISTS \(unescaped: schema)", logger: logger)
            for statement in NodeSchema.statements {
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            }
        }
    }

    /// Registers an inserter (by name) and a delegate key for it, if missing. The inserter id is the
    /// UUIDv5 of the name in the access-grant namespace, so repeated starts agree.
    func registerDelegate(inserterName: String, publicKeyHex: String) async throws {
        let id = UUIDv5.make(namespace: IdosExtension.accessGrantNamespace, name: "devnode-inserter:\(inserterName)")
        try await client.withConnection { connection in
            try await connection.query("INSERT INTO inserters (id, name) VALUES (\(id), \(inserterName)) ON CONFLICT DO NOTHING", logger: logger)
            try await connection.query("""
                INSERT INTO delegates (address, inserter_id)
                SELECT lower(\(publicKeyHex)), id FROM inserters WHERE name = \(inserterName)
                ON CONFLICT (address) DO NOTHING
                """, logger: logger)
        }
    }

    /// The head block: (height, timestamp, hash); height 0 before the first block.
    func head() async throws -> (height: Int64, timestamp: Int64, hash: String) {
        let rows = try await client.query("SELECT height, block_timestamp, hash FROM node_blocks ORDER BY height DESC LIMIT 1", logger: logger)
        for try await (height, timestamp, hash) in rows.decode((Int64, Int64, String).self) { return (height, timestamp, hash) }
        return (0, Int64(Date().timeIntervalSince1970), String(repeating: "0", count: 64))
    }

    /// The committed nonce of an account (0 if it never transacted).
    func committedNonce(_ account: AccountKey) async throws -> Int64? {
        let rows = try await client.query("""
            SELECT nonce FROM node_accounts WHERE identifier = \(account.identifier) AND key_type = \(account.keyType)
            """, logger: logger)
        for try await nonce in rows.decode(Int64.self) { return nonce }
        return nil
    }

    /// A mined tx: (height, json, code, log), or nil if unknown.
    func minedTx(hash: String) async throws -> (height: Int64, json: String, code: Int64, log: String)? {
        let rows = try await client.query("SELECT height, tx_json, code, log FROM node_txs WHERE hash = \(hash)", logger: logger)
        for try await row in rows.decode((Int64, String, Int64, String).self) { return row }
        return nil
    }
}
