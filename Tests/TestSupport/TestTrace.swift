import Foundation

/// Lifecycle notes for chasing a hung test: written to stderr (unbuffered) when `IDOS_TEST_TRACE` is set.
public enum TestTrace {
    static let enabled = ProcessInfo.processInfo.environment["IDOS_TEST_TRACE"] != nil

    public static func note(_ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line) {
        guard enabled else { return }
        FileHandle.standardError.write(Data("trace \(Date().timeIntervalSince1970) \(file):\(line) \(message())\n".utf8))
    }
}
