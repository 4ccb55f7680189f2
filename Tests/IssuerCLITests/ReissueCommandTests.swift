import Foundation
import PostgresNIO
import TestSupport
import Testing

/// `idos-issuer reissue plan|start|pause|resume|cancel|status|list` against a migrated throwaway schema with a
/// provider's credentials written by hand (no worker runs here: the campaign moves only by the commands).
@Suite(.requiresPostgres)
struct ReissueCommandTests {
    /// Provider `acme` with one user, three `basic` credentials and one `plus`, all delivered.
    static func seed(_ client: PostgresClient) async throws {
        let provider = UUID(), user = UUID()
        try await client.query("INSERT INTO providers (id, name) VALUES (\(provider), 'acme')")
        try await client.query("""
            INSERT INTO users (id, provider_id, recipient_encryption_public_key, encryption_password_store, status)
            VALUES (\(user), \(provider), 'key', 'user', 'created')
            """)
        for level in ["basic", "basic", "basic", "plus"] {
            let id = UUID(), notes = UUID()
            try await client.query("""
                INSERT INTO credentials (id, provider_id, user_id, public_notes_id, public_notes, signed_public_notes, content_hash,
                    issuer_auth_public_key, node_original_id, original_encryptor_public_key, original_content, original_public_notes_signature,
                    original_broader_signature, delivery, recipient_encryption_public_key, status, level)
                VALUES (\(id), \(provider), \(user), \(notes), '{}', '{}', repeat('a', 64), 'k', \(UUID()), 'e', 'c', 's', 'b', 'inserter', 'key',
                        'delivered', \(level))
                """)
        }
    }

    @Test func aCampaignIsPlannedStartedPausedAndCancelledFromTheCommandLine() async throws {
        let url = try #require(TestEnvironment.databaseURL)
        try await withTestSchema(prefix: "cli_reissue_") { client, schema in
            let migrate = try await issuer("migrate", "--database-url", url, "--schema", schema)
            #expect(migrate.status == 0, "\(migrate.stderr)")
            try await Self.seed(client)
            let db = ["--provider", "acme", "--database-url", url, "--schema", schema]
            func run(_ arguments: [String]) async throws -> ProcessResult {
                try await ChildProcess.run(TestEnvironment.executable("idos-issuer"), ["reissue"] + arguments + db, timeout: .seconds(60))
            }

            let dry = try await run(["plan", "--level", "basic", "--dry-run"])
            #expect(dry.status == 0, "\(dry.stderr)")
            #expect(dry.stdoutText.contains("dry run (nothing kept): selected 3 credential(s)"), "\(dry.stdoutText)")
            let empty = try await run(["list", "--json"])
            #expect((try jsonObject(empty)["items"] as? [Any])?.isEmpty == true)

            let planned = try await run(["plan", "--level", "basic", "--rate", "5", "--public-notes", #"{"level":"plus"}"#, "--json"])
            #expect(planned.status == 0, "\(planned.stderr)")
            let campaign = try jsonObject(planned)
            #expect(campaign["status"] as? String == "planned")
            #expect(campaign["selected"] as? Int == 3)
            #expect(campaign["ratePerSecond"] as? Double == 5)
            let id = try #require(campaign["id"] as? String)

            let status = try await run(["status", id])
            #expect(status.status == 0)
            #expect(status.stdoutText.hasPrefix("\(id)  planned  selected 3  reissued 0  revoked 0  failed 0  pending 3"), "\(status.stdoutText)")
            let started = try await run(["start", id])
            #expect(started.status == 0, "\(started.stderr)")
            #expect(started.stdoutText.contains("  running  "))
            let ticks = try await client.query("SELECT count(*) FROM jobs WHERE kind = 'reissue_campaign'").collect().first?.decode(Int64.self)
            #expect(ticks == 1)
            let paused = try await run(["pause", id])
            #expect(paused.stdoutText.contains("  paused  "))
            let pausedAgain = try await run(["pause", id])
            #expect(pausedAgain.status == 1)
            #expect(pausedAgain.stderr.contains("a paused campaign cannot pause"), "\(pausedAgain.stderr)")
            // --watch on a pipe: plain lines, and it returns once the campaign is not running (paused: exit 0).
            let watched = try await run(["status", id, "--watch", "--interval", "0.2"])
            #expect(watched.status == 0, "\(watched.stderr)")
            #expect(watched.stdoutText.contains(" paused reissued 0/3 revoked 0 failed 0 pending 3 in-flight 0 rate 0.0/s eta --:--"),
                    "\(watched.stdoutText)")
            let cancelled = try await run(["cancel", id])
            #expect(cancelled.stdoutText.contains("  cancelled  "))
            #expect(cancelled.stdoutText.contains("skipped 3"))
            let afterCancel = try await run(["status", id, "--watch"])
            #expect(afterCancel.status == 1)
            let audit = try await client.query("SELECT action FROM audit_log WHERE subject = \(id) ORDER BY id").collect().map { try $0.decode(String.self) }
            #expect(audit == ["campaign.created", "campaign.started", "campaign.paused", "campaign.cancelled"])
        }
    }

    @Test func badInputExits2AndUnknownThingsExit1() async throws {
        let url = try #require(TestEnvironment.databaseURL)
        try await withTestSchema(prefix: "cli_reissue_") { client, schema in
            _ = try await issuer("migrate", "--database-url", url, "--schema", schema)
            try await Self.seed(client)
            let db = ["--database-url", url, "--schema", schema]
            func run(_ arguments: [String]) async throws -> ProcessResult {
                try await ChildProcess.run(TestEnvironment.executable("idos-issuer"), ["reissue"] + arguments + db, timeout: .seconds(60))
            }
            let nobody = try await run(["plan", "--provider", "nobody"])
            #expect(nobody.status == 1)
            #expect(nobody.stderr.contains("no provider named 'nobody'"))
            #expect(try await run(["plan", "--provider", "acme", "--status", "revoked"]).status == 2)
            #expect(try await run(["plan", "--provider", "acme", "--public-notes", "[1]"]).status == 2)
            #expect(try await run(["plan", "--provider", "acme", "--credential-fields", #"{"credentialSubject":{}}"#]).status == 2)
            #expect(try await run(["plan", "--provider", "acme", "--issued-before", "soon"]).status == 2)
            #expect(try await run(["start", "not-a-uuid", "--provider", "acme"]).status == 2)
            let unknown = try await run(["start", UUID().uuidString, "--provider", "acme"])
            #expect(unknown.status == 1)
            #expect(unknown.stderr.contains("no campaign"))
            // Without --provider: the API key's provider, else the only one.
            #expect(try await run(["list"]).status == 0)
            #expect(try await run(["list", "--api-key", "not-a-key"]).status == 2)
            let revoked = try await run(["list", "--api-key", "idos_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"])
            #expect(revoked.status == 1, "\(revoked.stderr)")
            try await client.query("INSERT INTO providers (id, name) VALUES (\(UUID()), 'other')")
            let ambiguous = try await run(["list"])
            #expect(ambiguous.status == 2)
            #expect(ambiguous.stderr.contains("name the provider"), "\(ambiguous.stderr)")
        }
    }
}
