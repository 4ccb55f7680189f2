import Foundation
import PostgresNIO
import TestSupport
import Testing

/// `idos-issuer audit verify|export` against a migrated throwaway schema.
@Suite(.requiresPostgres)
struct AuditCommandTests {
    @Test func verifyExitsZeroOnAnIntactChainAndOneNamingTheBrokenRow() async throws {
        let url = try #require(TestEnvironment.databaseURL)
        try await withTestSchema(prefix: "cli_audit_") { client, schema in
            let migrate = try await issuer("migrate", "--database-url", url, "--schema", schema)
            #expect(migrate.status == 0, "\(migrate.stderr)")
            let empty = try await issuer("audit", "verify", "--database-url", url, "--schema", schema)
            #expect(empty.status == 0, "\(empty.stderr)")
            #expect(empty.stdoutText.contains("0 row(s) checked"))

            // A row written by hand: right place in the chain, wrong hash.
            try await client.query("""
                INSERT INTO audit_log (id, at, actor, action, subject, details, prev_hash, hash)
                VALUES (1, now(), 'cli:mallory', 'job.cancelled', '7', '{}', repeat('0', 64), repeat('ab', 32))
                """)
            let broken = try await issuer("audit", "verify", "--database-url", url, "--schema", schema)
            #expect(broken.status == 1)
            #expect(broken.stderr.contains("row 1"), "\(broken.stderr)")
            #expect(broken.stderr.contains("hash mismatch"), "\(broken.stderr)")

            // Export: JSON Lines of the rows naming the user; none here.
            let export = try await issuer("audit", "export", "--user", UUID().uuidString, "--database-url", url, "--schema", schema)
            #expect(export.status == 0, "\(export.stderr)")
            #expect(export.stdout.isEmpty)
        }
    }

    @Test func malformedInputExits2() async throws {
        let url = try #require(TestEnvironment.databaseURL)
        let notAUser = try await issuer("audit", "export", "--user", "nobody", "--database-url", url)
        #expect(notAUser.status == 2)
        let noDatabase = try await issuer("audit", "verify", "--database-url", "")
        #expect(noDatabase.status == 2)
    }
}
