public import Foundation
import PostgresNIO

extension StoreSession {
    /// Records the configured VC keys (version → public key). A version already stored with another public key
    /// is refused (a key file swapped under a published key id): returns the versions that conflict.
    public func registerVCKeys(_ keys: [VCKeyRecord]) async throws -> [Int] {
        var conflicts: [Int] = []
        for key in keys {
            try await rows("""
                INSERT INTO vc_keys (version, public_key_multibase) VALUES (\(Int32(key.version)), \(key.publicKeyMultibase))
                ON CONFLICT DO NOTHING
                """)
            let stored = try await map("SELECT public_key_multibase FROM vc_keys WHERE version = \(Int32(key.version))") { try $0.decode(String.self) }
            if stored.first != key.publicKeyMultibase { conflicts.append(key.version) }
        }
        return conflicts
    }

    /// Every VC key the service has known, by version.
    public func vcKeys() async throws -> [VCKeyRecord] {
        try await map("SELECT version, public_key_multibase, retired_at FROM vc_keys ORDER BY version") { row in
            let (version, key, retired) = try row.decode((Int32, String, Date?).self)
            return VCKeyRecord(version: Int(version), publicKeyMultibase: key, retiredAt: retired)
        }
    }

    /// Retires a VC key unless a live credential (pending, delivered or waiting for consent) of any provider is
    /// still signed with it. Returns whether it is retired now.
    public func retireVCKey(version: Int) async throws -> Bool {
        try await rows("""
            UPDATE vc_keys SET retired_at = now()
            WHERE version = \(Int32(version)) AND retired_at IS NULL AND NOT EXISTS (
                SELECT 1 FROM credentials WHERE vc_key_version = \(Int32(version)) AND status IN ('pending', 'delivered', 'needs_consent'))
            RETURNING 1
            """).count == 1
    }

    /// Live credentials (pending, delivered, waiting for consent) signed with a VC key version.
    public func liveCredentialCount(vcKeyVersion: Int) async throws -> Int {
        try await map("""
            SELECT count(*) FROM credentials WHERE vc_key_version = \(Int32(vcKeyVersion)) AND status IN ('pending', 'delivered', 'needs_consent')
            """) { Int(try $0.decode(Int64.self)) }.first ?? 0
    }
}
