import Foundation

/// Starts a server for a test, awaits the port it bound, runs the test against it, and stops it: an
/// in-process server (a Hummingbird app, the devnode) given as a closure that reports its port, or a child
/// process that prints its URL.
public enum ServerHarness {
    /// The server stopped before it reported a port.
    public struct NotStarted: Error, CustomStringConvertible {
        public let reason: String
        public var description: String { "the server did not start: \(reason)" }
    }

    /// Runs `serve` (which must call `announce` with its bound port once it accepts connections, then run
    /// until cancelled), then `body` with that port; cancels the server and waits for it afterwards.
    /// - Throws: `NotStarted` if `serve` ends before announcing (with its error when it threw); else what
    ///   `body` throws.
    public static func withServer<T>(_ serve: @escaping @Sendable (_ announce: @escaping @Sendable (Int) -> Void) async throws -> Void,
                                     _ body: (Int) async throws -> T) async throws -> T {
        let (ports, continuation) = AsyncStream<Result<Int, NotStarted>>.makeStream()
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    try await serve { port in continuation.yield(.success(port)) }
                    continuation.yield(.failure(NotStarted(reason: "it returned")))
                } catch {
                    continuation.yield(.failure(NotStarted(reason: "\(error)")))
                }
            }
            defer { group.cancelAll(); TestTrace.note("server cancelled") }
            var iterator = ports.makeAsyncIterator()
            guard let first = await iterator.next() else { throw NotStarted(reason: "cancelled") }
            return try await body(try first.get())
        }
    }

    /// Launches `executable` (which must print a line containing `http://` or `https://` and the bound
    /// address once it listens), runs `body` with that base URL and the process, then terminates the child.
    /// - Throws: `NotStarted` when the child exits first (with its stderr).
    public static func withServerProcess<T>(_ executable: String, _ arguments: [String], timeout: Duration = .seconds(300),
                                            _ body: (String, ChildProcess) async throws -> T) async throws -> T {
        let child = try ChildProcess(executable, arguments, timeout: timeout)
        defer {
            child.terminate()
            _ = try? child.waitForExit()
        }
        var url: String?
        for await line in child.stdoutLines() {
            if let start = line.range(of: "http://") ?? line.range(of: "https://") {
                url = String(line[start.lowerBound...].split(separator: " ")[0])
                break
            }
        }
        guard let url else { throw NotStarted(reason: "\(executable) exited: \(child.stderrText)") }
        return try await body(url, child)
    }
}
