public import Foundation
internal import IdosCrypto

/// One numbered SQL file of `Migrations/` (`NNNN_name.sql`), with the SHA-256 of its bytes.
public struct Migration: Sendable, Equatable {
    /// The number (`0001` → 1); applied in increasing order.
    public let version: Int
    /// The file name without the number and extension (`job_queue`).
    public let name: String
    /// The SQL text, run as one script inside the migration's transaction.
    public let sql: String
    /// Lower-case hex SHA-256 of the file's bytes; a changed applied file is refused.
    public let checksum: String

    /// Parses a file name and its contents.
    /// - Throws: `StoreError.invalidMigration` when the name is not `NNNN_name.sql`.
    public init(fileName: String, contents: [UInt8]) throws {
        guard fileName.hasSuffix(".sql"), let underscore = fileName.firstIndex(of: "_"),
              let version = Int(fileName[..<underscore]), version > 0,
              fileName[..<underscore].count == 4 else {
            throw StoreError.invalidMigration("file name '\(fileName)' must be NNNN_name.sql")
        }
        let name = String(fileName[fileName.index(after: underscore)...].dropLast(4))
        guard !name.isEmpty, let sql = String(validating: contents, as: UTF8.self) else {
            throw StoreError.invalidMigration("\(fileName) must have a name and be UTF-8")
        }
        self.version = version
        self.name = name
        self.sql = sql
        checksum = Hex.encode(SHA256.hash(contents))
    }

    /// The migrations in a directory, sorted by version.
    /// - Throws: `StoreError.invalidMigration` for a bad name or a duplicated number.
    public static func load(directory: URL) throws -> [Migration] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".sql") }
        var migrations: [Migration] = []
        for name in names {
            guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path) else {
                throw StoreError.invalidMigration("\(name) cannot be read")
            }
            migrations.append(try Migration(fileName: name, contents: Array(data)))
        }
        migrations.sort { $0.version < $1.version }
        for (a, b) in zip(migrations, migrations.dropFirst()) where a.version == b.version {
            throw StoreError.invalidMigration("two migrations are numbered \(a.version): \(a.name) and \(b.name)")
        }
        return migrations
    }

    /// The migrations this build carries (the repository's `Migrations/`, bundled as a resource).
    public static func bundled() throws -> [Migration] {
        guard let directory = Bundle.module.url(forResource: "Migrations", withExtension: nil) else {
            throw StoreError.invalidMigration("the bundled migrations are missing from this build")
        }
        return try load(directory: directory)
    }
}
