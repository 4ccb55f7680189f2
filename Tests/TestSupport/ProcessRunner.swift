import Foundation

/// The outcome of running a child process.
public struct ProcessResult: Sendable {
    public let status: Int32
    public let stdout: [UInt8]
    public let stderr: String

    /// Standard output as UTF-8 text.
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
}

/// Runs programs for CLI tests: arguments, stdin bytes, captured stdout/stderr, exit status.
public enum ProcessRunner {
    /// Runs `executable` with `arguments`, feeding `input` on stdin.
    public static func run(_ executable: String, _ arguments: [String], input: [UInt8] = [],
                           environment: [String: String]? = nil) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        // Read both pipes concurrently so a chatty child cannot block on a full pipe.
        let errBox = DataBox()
        let errThread = Thread { errBox.data = stderr.fileHandleForReading.readDataToEndOfFile() }
        errThread.start()
        stdin.fileHandleForWriting.write(Data(input))
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errBox.done { Thread.sleep(forTimeInterval: 0.001) }
        return ProcessResult(status: process.terminationStatus, stdout: Array(out), stderr: String(decoding: errBox.data, as: UTF8.self))
    }

    /// Writes `contents` to a fresh temporary file and returns its path.
    public static func temporaryFile(_ contents: [UInt8], name: String = "input") throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("idos-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try Data(contents).write(to: url)
        return url.path
    }
}

/// Holds the stderr bytes read on a helper thread; `done` flips once they are complete.
/// Safe to share: `data` is written once by the reader thread before `done` is set under the lock,
/// and read by the waiting thread only after it sees `done`.
private final class DataBox: @unchecked Sendable {
    private let lock = NSLock()
    private var _data = Data()
    private var _done = false
    var data: Data {
        get { lock.withLock { _data } }
        set { lock.withLock { _data = newValue; _done = true } }
    }
    var done: Bool { lock.withLock { _done } }
}
