public import Foundation

/// Finds the project's `shared/` reference directory (spec, vectors, contexts) from a test file.
public enum SharedDirectory {
    /// `$IDOS_SHARED_DIR` if set; else `../../../shared` from the test file (repo at `/work/<name>`);
    /// else the first `shared` directory (holding `vectors/`) found walking up from the test file.
    public static func url(from filePath: String = #filePath) -> URL? {
        let fm = FileManager.default
        if let env = ProcessInfo.processInfo.environment["IDOS_SHARED_DIR"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        var dir = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        for _ in 0..<8 {
            let candidate = dir.appendingPathComponent("shared")
            if fm.fileExists(atPath: candidate.appendingPathComponent("vectors").path) { return candidate }
            let beside = dir.deletingLastPathComponent().appendingPathComponent("shared")
            if fm.fileExists(atPath: beside.appendingPathComponent("vectors").path) { return beside }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }

    /// The `shared/vectors/<name>` directory, or nil if `shared/` is not found.
    public static func vectors(_ name: String, from filePath: String = #filePath) -> URL? {
        url(from: filePath)?.appendingPathComponent("vectors").appendingPathComponent(name)
    }
}
