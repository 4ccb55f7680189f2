public import Foundation

/// Where tests find what the harness (`make test`) provides: the throwaway PostgreSQL cluster, the
/// repository root, and the built executables.
public enum TestEnvironment {
    /// URL of the throwaway PostgreSQL database `make test` starts (`IDOS_TEST_DATABASE_URL`), or nil
    /// when the tests run outside the harness.
    public static var databaseURL: String? {
        ProcessInfo.processInfo.environment["IDOS_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The repository root (the folder holding Package.swift).
    public static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }()

    /// The path of a built executable of this package (beside the test bundle, else in .build/debug).
    public static func executable(_ name: String) -> String {
        var candidates: [String] = []
        if let url = Bundle.main.executableURL { candidates.append(url.deletingLastPathComponent().appendingPathComponent(name).path) }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name).path)
        candidates.append(repositoryRoot.appendingPathComponent(".build/debug/\(name)").path)
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates.last!
    }
}
