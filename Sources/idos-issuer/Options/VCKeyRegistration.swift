import IssuerEngine
import IssuerStore
import Logging
import PostgresURL

/// What `serve` does before serving, on a short-lived store of its own: applies migrations when asked, and
/// records the configured VC keys (what `GET /v1/issuer` publishes and rotation campaigns retire), refusing a
/// key file that differs from the key stored under the same version.
enum VCKeyRegistration {
    static func prepare(databaseURL: DatabaseURL, schema: String, migrate: Bool, keys ring: VCKeyRing, logger: Logger) async throws {
        let store: IssuerStore
        do { store = try IssuerStore(url: databaseURL, schema: schema, logger: logger) } catch let e as StoreError {
            throw CLIFailure.malformed("\(e)")
        }
        let conflicts: [Int]? = try await withThrowingTaskGroup(of: [Int]?.self) { group in
            group.addTask { await store.run(); return nil }
            defer { group.cancelAll() }
            if migrate { try await MigrationRunner(store: store, logger: logger).migrate() }
            do { return try await store.session.registerVCKeys(ring.records) } catch {
                logger.warning("VC keys not recorded (is the database migrated? `idos-issuer migrate`)", metadata: ["error": "\(error)"])
                return nil
            }
        }
        if let conflicts, !conflicts.isEmpty {
            throw CLIFailure.malformed("""
                VC key version(s) \(conflicts.map(String.init).joined(separator: ", ")) differ from the key(s) this database published under \
                the same id; a key id must keep its key (add the new key as the next version in ISSUER_VC_KEY_FILES)
                """)
        }
        logger.info("VC keys", metadata: ["current": "\(ring.keyID(ring.current))", "configured": "\(ring.records.count)"])
    }
}
