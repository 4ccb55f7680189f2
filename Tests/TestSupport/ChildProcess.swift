import Foundation
import Synchronization

/// The outcome of a child process that ran to its end.
public struct ProcessResult: Sendable {
    public let status: Int32
    public let stdout: [UInt8]
    public let stderr: String

    /// Standard output as UTF-8 text.
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
}

/// A child process killed at its deadline, with what it had printed by then.
public struct ChildProcessTimeout: Error, CustomStringConvertible {
    public let executable: String
    public let timeout: Duration
    public let stdout: String
    public let stderr: String
    public var description: String { "\(executable) did not exit within \(timeout) and was killed; stderr: \(stderr)" }
}

/// The one way tests launch programs. Standard input is written on its own thread while standard output and
/// standard error are read on two others, so a child that prints a lot before reading its input cannot
/// deadlock; a deadline kills the child (SIGKILL). Output lines can be watched while the child runs (to learn
/// the port a server bound), and the child is killed when the last reference to it goes away.
public final class ChildProcess: Sendable {
    private let process: Process
    private let executable: String
    private let timeout: Duration
    private let output = OutputBox()
    private let exited = DispatchSemaphore(value: 0)
    private let readersDone = DispatchGroup()

    /// The captured output, shared with the reader threads.
    private final class OutputBox: Sendable {
        let state = Mutex(Output())
        func withLock<R>(_ body: (inout Output) -> R) -> R { state.withLock { body(&$0) } }
    }

    private struct Output: Sendable {
        var stdout: [UInt8] = []
        var stderr: [UInt8] = []
        var pendingLine: [UInt8] = []
        var lines: [String] = []
        var stdoutClosed = false
        var lineWatchers: [AsyncStream<String>.Continuation] = []
        var timedOut = false
        var result: ProcessResult?
        /// The exit status when this file's watcher reaped the child (Foundation missed its exit).
        var reapedStatus: Int32?
        var hasExited = false
    }

    /// Starts `executable` with `arguments`; writes `input` to its stdin and closes it.
    /// - Parameters:
    ///   - environment: the child's environment (nil: this process's).
    ///   - timeout: the child is killed if it is still running after this long.
    public init(_ executable: String, _ arguments: [String], input: [UInt8] = [], environment: [String: String]? = nil,
                timeout: Duration = .seconds(120)) throws {
        self.executable = executable
        self.timeout = timeout
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        let exited = self.exited
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        for (pipe, isStdout) in [(stdout, true), (stderr, false)] {
            readersDone.enter()
            let thread = Thread { [output, readersDone] in
                let handle = pipe.fileHandleForReading
                // `availableData` returns what the pipe holds now (blocking only while it is empty); empty at EOF.
                while case let chunk = handle.availableData, !chunk.isEmpty {
                    Self.append(Array(chunk), isStdout: isStdout, to: output)
                }
                if isStdout { Self.finishLines(output) }
                readersDone.leave()
            }
            thread.start()
        }
        Thread {
            let handle = stdin.fileHandleForWriting
            if !input.isEmpty { try? handle.write(contentsOf: input) }
            try? handle.close()
        }.start()
        let pid = process.processIdentifier
        let deadline = DispatchTime.now() + Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        // Foundation's SIGCHLD handling can miss an exit when several children end at once (the child stays a
        // zombie and the termination handler never runs), so this watcher also looks for the zombie itself.
        Thread { [output] in
            var killed = false
            while true {
                if exited.wait(timeout: .now() + 0.1) == .success { break }
                if let status = Self.reapIfZombie(pid) {
                    output.withLock { $0.reapedStatus = status }
                    break
                }
                if !killed, DispatchTime.now() >= deadline {
                    output.withLock { $0.timedOut = true }
                    kill(pid, SIGKILL)
                    killed = true
                }
            }
            output.withLock { $0.hasExited = true }
            exited.signal()  // leave the exit visible to `waitForExit`
        }.start()
    }

    /// Reaps `pid` if it is a zombie (it exited but was not collected); its status as a shell would give it
    /// (the exit code, or 128 + the signal).
    private static func reapIfZombie(_ pid: Int32) -> Int32? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")"), stat[stat.index(after: close)...].dropFirst().first == "Z" else { return nil }
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return nil }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    private static func append(_ bytes: [UInt8], isStdout: Bool, to output: OutputBox) {
        output.withLock { out in
            guard isStdout else { out.stderr += bytes; return }
            out.stdout += bytes
            out.pendingLine += bytes
            while let newline = out.pendingLine.firstIndex(of: 10) {
                let line = String(decoding: out.pendingLine[..<newline], as: UTF8.self)
                out.pendingLine.removeSubrange(...newline)
                out.lines.append(line)
                for watcher in out.lineWatchers { watcher.yield(line) }
            }
        }
    }

    private static func finishLines(_ output: OutputBox) {
        output.withLock { out in
            if !out.pendingLine.isEmpty {
                let line = String(decoding: out.pendingLine, as: UTF8.self)
                out.lines.append(line)
                for watcher in out.lineWatchers { watcher.yield(line) }
                out.pendingLine = []
            }
            out.stdoutClosed = true
            for watcher in out.lineWatchers { watcher.finish() }
            out.lineWatchers = []
        }
    }

    /// Every line the child prints on stdout, from its first; the stream ends when stdout closes.
    public func stdoutLines() -> AsyncStream<String> {
        let (stream, continuation) = AsyncStream<String>.makeStream()
        output.withLock { out in
            for line in out.lines { continuation.yield(line) }
            if out.stdoutClosed { continuation.finish() } else { out.lineWatchers.append(continuation) }
        }
        return stream
    }

    /// Whether the child has not exited yet (as far as this side has seen).
    public var isRunning: Bool { !output.withLock { $0.hasExited } }

    /// What the child printed on stderr so far.
    public var stderrText: String { output.withLock { String(decoding: $0.stderr, as: UTF8.self) } }

    /// Kills the child at once (SIGKILL: no cleanup, as a crash or an OOM kill would); `waitForExit` collects it.
    public func killNow() { if !output.withLock({ $0.hasExited }) { sendSignal(process.processIdentifier, SIGKILL) } }

    /// Asks the child to stop (SIGTERM); `waitForExit` then collects it.
    public func terminate() { if !output.withLock({ $0.hasExited }) { sendSignal(process.processIdentifier, SIGTERM) } }

    /// Blocks until the child has exited and its output is read.
    /// - Throws: `ChildProcessTimeout` when the deadline killed it.
    public func waitForExit() throws -> ProcessResult {
        exited.wait()
        exited.signal()
        // The child has exited; its output ends at EOF unless a grandchild it left running (a daemon such as
        // `pg_ctl start`'s server) still holds the pipes. Take what was read by then instead of waiting forever.
        _ = readersDone.wait(timeout: .now() + 10)
        let (result, timedOut) = output.withLock { out -> (ProcessResult, Bool) in
            let result = out.result ?? ProcessResult(status: out.reapedStatus ?? process.terminationStatus, stdout: out.stdout,
                                                     stderr: String(decoding: out.stderr, as: UTF8.self))
            out.result = result
            return (result, out.timedOut)
        }
        if timedOut {
            throw ChildProcessTimeout(executable: executable, timeout: timeout, stdout: result.stdoutText, stderr: result.stderr)
        }
        return result
    }

    /// Waits for the exit without blocking Swift's cooperative threads.
    public func exit() async throws -> ProcessResult {
        try await withCheckedThrowingContinuation { continuation in
            Thread { [self] in continuation.resume(with: Result { try self.waitForExit() }) }.start()
        }
    }

    deinit {
        if !output.withLock({ $0.hasExited }) { kill(process.processIdentifier, SIGKILL) }
    }

    /// Runs `executable` to its end without holding a Swift concurrency thread while it runs: use this form
    /// when the child talks to a server running in this process (the blocking form could starve it).
    /// - Throws: `ChildProcessTimeout` if it runs longer than `timeout` (it is killed).
    public static func run(_ executable: String, _ arguments: [String], input: [UInt8] = [], environment: [String: String]? = nil,
                           timeout: Duration = .seconds(120)) async throws -> ProcessResult {
        try await ChildProcess(executable, arguments, input: input, environment: environment, timeout: timeout).exit()
    }

    /// Runs `executable` to its end, blocking the calling thread: feeds `input`, returns status, stdout and
    /// stderr. For synchronous tests of programs that need nothing from this process.
    /// - Throws: `ChildProcessTimeout` if it runs longer than `timeout` (it is killed).
    public static func run(_ executable: String, _ arguments: [String], input: [UInt8] = [], environment: [String: String]? = nil,
                           timeout: Duration = .seconds(120)) throws -> ProcessResult {
        try ChildProcess(executable, arguments, input: input, environment: environment, timeout: timeout).waitForExit()
    }
}

/// `kill(2)`, named apart from `ChildProcess.killNow()`.
private func sendSignal(_ pid: Int32, _ signal: Int32) { _ = kill(pid, signal) }
