public import Foundation

/// Scratch files for tests, all under one folder per test process that is removed when the process exits
/// (and each `withTemporaryDirectory` folder as soon as its body returns or throws).
public enum TemporaryFiles {
    /// `$TMPDIR/idos-tests-<pid>`, created on first use and removed at exit.
    public static let root: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("idos-tests-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: TemporaryFiles.root) }
        return url
    }()

    /// A fresh, empty folder under `root`.
    public static func directory() throws -> URL {
        let url = root.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `contents` to a file `name` in a fresh folder and returns its path.
    public static func file(_ contents: [UInt8], name: String = "input") throws -> String {
        let url = try directory().appendingPathComponent(name)
        try Data(contents).write(to: url)
        return url.path
    }
}

/// Runs `body` with a fresh folder and removes the folder afterwards, whether `body` returns or throws.
public func withTemporaryDirectory<T>(_ body: (URL) async throws -> T) async throws -> T {
    let url = try TemporaryFiles.directory()
    defer { try? FileManager.default.removeItem(at: url) }
    return try await body(url)
}
