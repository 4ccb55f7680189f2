public import Foundation

/// Finds the W3C test-suite vectors the tests run: `$IDOS_SHARED_DIR/vectors` when set (to run against a
/// newer or larger copy of the suites), else the copy vendored in `Tests/Vectors` (so a fresh clone needs
/// nothing beside it).
public enum SharedDirectory {
    /// The `vectors/<name>` directory, or nil if it does not exist.
    public static func vectors(_ name: String) -> URL? {
        let root: URL
        if let env = ProcessInfo.processInfo.environment["IDOS_SHARED_DIR"], !env.isEmpty {
            root = URL(fileURLWithPath: env).appendingPathComponent("vectors")
        } else {
            root = TestEnvironment.repositoryRoot.appendingPathComponent("Tests/Vectors")
        }
        let dir = root.appendingPathComponent(name)
        return FileManager.default.fileExists(atPath: dir.path) ? dir : nil
    }
}
