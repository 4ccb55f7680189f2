import IssuerTestSupport
import Foundation
import IssuerStore
import PostgresNIO
import TestSupport
import Testing

@Suite(.requiresPostgres)
struct MigrationRunnerTests {
    func migration(_ file: String, _ sql: String) throws -> Migration { try Migration(fileName: file, contents: Array(sql.utf8)) }

    @Test func appliesInOrderRecordsChecksumsAndIsIdempotent() async throws {
        try await StoreFixture.withStore(migrate: false) { store in
            let files = [try migration("0002_b.sql", "ALTER TABLE a ADD COLUMN y int;"), try migration("0001_a.sql", "CREATE TABLE a (x int);")]
            let runner = try MigrationRunner(store: store, migrations: files.sorted { $0.version < $1.version }, logger: StoreFixture.logger)
            let dry = try await runner.migrate(dryRun: true)
            #expect(dry.pending.map(\.version) == [1, 2])
            // A dry run changes nothing.
            #expect(try await store.session.tableExists("a") == false)
            let plan = try await runner.migrate()
            #expect(plan.pending.map(\.name) == ["a", "b"])
            #expect(try await store.session.tableExists("a"))
            let again = try await runner.migrate()
            #expect(again.pending.isEmpty)
            #expect(again.applied.map(\.version) == [1, 2])
            let recorded = try await store.session.appliedMigrations()
            // The checksum is the SHA-256 of the file's bytes (computed here by the shell's sha256 of the same text).
            #expect(recorded.map(\.checksum) == ["CREATE TABLE a (x int);", "ALTER TABLE a ADD COLUMN y int;"].map(sha256Hex))
        }
    }

    @Test func refusesAChangedAppliedFileAndAnUnknownVersion() async throws {
        try await StoreFixture.withStore(migrate: false) { store in
            try await MigrationRunner(store: store, migrations: [try migration("0001_a.sql", "CREATE TABLE a (x int);")],
                                      logger: StoreFixture.logger).migrate()
            let changed = try MigrationRunner(store: store, migrations: [try migration("0001_a.sql", "CREATE TABLE a (x bigint);")],
                                              logger: StoreFixture.logger)
            await #expect {
                try await changed.migrate()
            } throws: { error in
                guard case StoreError.migrationChanged(1, "a") = error else { return false }
                return true
            }
            let older = try MigrationRunner(store: store, migrations: [], logger: StoreFixture.logger)
            await #expect {
                try await older.migrate(dryRun: true)
            } throws: { error in
                guard case StoreError.unknownMigration(1, "a") = error else { return false }
                return true
            }
        }
    }

    @Test func aFailingMigrationRollsBackAndIsNotRecorded() async throws {
        try await StoreFixture.withStore(migrate: false) { store in
            let runner = try MigrationRunner(store: store, migrations: [
                try migration("0001_a.sql", "CREATE TABLE a (x int);"),
                try migration("0002_bad.sql", "CREATE TABLE b (y int); INSERT INTO nowhere VALUES (1);"),
            ], logger: StoreFixture.logger)
            await #expect {
                try await runner.migrate()
            } throws: { error in
                guard case StoreError.migrationFailed(2, "bad", "42P01", _) = error else { return false }
                return true
            }
            #expect(try await store.session.appliedMigrations().map(\.version) == [1])
            #expect(try await store.session.tableExists("b") == false)
        }
    }

    @Test func twoProcessesMigratingAtOnceApplyEachFileOnce() async throws {
        try await StoreFixture.withStore(migrate: false) { store in
            // Each migration fails if run twice (plain CREATE TABLE), so a race would surface as an error.
            let files = try (1...6).map { try migration(String(format: "%04d_t%d.sql", $0, $0), "CREATE TABLE t\($0) (x int); SELECT pg_sleep(0.05);") }
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<4 {
                    group.addTask { try await MigrationRunner(store: store, migrations: files, logger: StoreFixture.logger).migrate().pending.count }
                }
                var applied = 0
                for try await n in group { applied += n }
                #expect(applied == 6)
            }
            #expect(try await store.session.appliedMigrations().map(\.version) == Array(1...6))
        }
    }

    @Test func badFileNamesAndDuplicateNumbersAreRefused() throws {
        for name in ["1_a.sql", "0001.sql", "0001_a.txt", "abcd_a.sql", "0000_a.sql"] {
            #expect(throws: StoreError.self) { try Migration(fileName: name, contents: []) }
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mig-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("SELECT 1;".utf8).write(to: dir.appendingPathComponent("0001_a.sql"))
        try Data("SELECT 2;".utf8).write(to: dir.appendingPathComponent("0001_b.sql"))
        #expect {
            try Migration.load(directory: dir)
        } throws: { error in
            guard case StoreError.invalidMigration(let message) = error else { return false }
            return message.contains("two migrations are numbered 1")
        }
    }

    @Test func theBundledMigrationsAreTheRepositoryFiles() throws {
        let bundled = try Migration.bundled()
        let repo = try Migration.load(directory: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Migrations"))
        #expect(!bundled.isEmpty)
        #expect(bundled == repo)
    }
}

/// SHA-256 by `sha256sum`, an implementation outside this code base.
func sha256Hex(_ text: String) -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["sha256sum"]
    let input = Pipe(), output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try? process.run()
    input.fileHandleForWriting.write(Data(text.utf8))
    try? input.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(String(decoding: data, as: UTF8.self).prefix(64))
}
