internal import CCurlShim
internal import Foundation
public import KwilKit
public import Logging
internal import Synchronization

/// `HTTPTransport` over libcurl, fit for a long-running worker. A fixed pool of worker threads each owns one
/// easy handle, so TCP/TLS connections are kept alive and reused; curl never runs on Swift's cooperative pool
/// (callers suspend on a continuation that a worker resumes). Requests wait in a bounded queue (when it is
/// full, `send` waits for a slot or fails with `KwilError.queueFull`), the time spent there counts against the
/// request's timeout, a cancelled `send` returns `CancellationError` at once (a running transfer is aborted
/// and its handle reused), and only `http`/`https` URLs are accepted.
public final class CurlTransport: HTTPTransport {
    /// Connection and TLS settings.
    public struct Configuration: Sendable {
        /// Worker threads (= concurrent requests = reusable connections). Default 8.
        public var workers: Int = 8
        /// Requests that may wait for a worker; beyond that `whenQueueFull` applies. Default 256.
        public var queueCapacity: Int = 256
        /// What `send` does when `queueCapacity` requests are already waiting. Default `.wait`.
        public var whenQueueFull: QueueFullPolicy = .wait
        /// Connect timeout in seconds (the total timeout is each request's own).
        public var connectTimeout: Double = 10
        /// Largest response body accepted, in bytes; a larger one fails with `.responseTooLarge`.
        public var maxResponseBytes: Int = 16 << 20
        /// A PEM CA file to trust for a private node, in addition to the system CA bundle.
        public var extraCAFile: String?
        /// Where requests and responses are logged at debug level (method, URL, status, sizes, time; never
        /// bodies, cookies or signatures).
        public var logger: Logger?
        /// Creates the defaults.
        public init() {}
    }

    /// What `send` does when the request queue is full.
    public enum QueueFullPolicy: Sendable {
        /// Suspend until a slot frees (back-pressure); cancellation ends the wait.
        case wait
        /// Throw `KwilError.queueFull` at once.
        case failFast
    }

    private let queue: JobQueue
    private let opened = ConnectionCounter()
    private let configuration: Configuration

    /// Starts `configuration.workers` threads. Throws if the extra CA file cannot be read.
    public init(configuration: Configuration = Configuration()) throws(KwilError) {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
        self.configuration = configuration
        var caBundle: [UInt8]?
        if let extra = configuration.extraCAFile {
            guard let extraPEM = FileManager.default.contents(atPath: extra) else {
                throw .transport("cannot read the extra CA file \(extra)")
            }
            caBundle = Self.systemCABundle() + [10] + Array(extraPEM)
        }
        queue = JobQueue(capacity: configuration.queueCapacity)
        for i in 0..<max(1, configuration.workers) {
            let q = queue, config = configuration, bundle = caBundle, counter = opened
            let t = Thread { CurlWorker(config: config, caBundle: bundle, onConnect: { n in counter.add(n) }).run(q) }
            t.name = "curl-\(i)"
            t.start()
        }
    }

    /// The default configuration (system CA bundle only, so nothing can fail).
    public convenience init() {
        // Safe: only an unreadable `extraCAFile` throws, and the default configuration has none.
        try! self.init(configuration: Configuration())
    }

    deinit { queue.close() }

    /// TCP connections opened so far (a reused connection does not count again).
    public var connectionsOpened: Int { opened.value }

    /// Requests waiting for a worker now.
    public var queuedRequests: Int { queue.queued }
    /// Callers waiting for a queue slot now (back-pressure).
    public var callersWaitingForQueue: Int { queue.waiting }

    /// Performs one request. Any HTTP status is a response.
    /// - Throws: `KwilError.unsupportedURL` for anything but `http`/`https`, `.queueFull` (fail-fast policy),
    ///   `.timedOut` (including a deadline that passed while waiting for a slot or in the queue), `.transport`, `.responseTooLarge`, and
    ///   `CancellationError` when the calling task is cancelled.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try Self.checkScheme(request.url)
        let job = CurlJob(request: request)
        switch configuration.whenQueueFull {
        case .failFast:
            guard queue.tryReserve() else { throw KwilError.queueFull(capacity: queue.capacity) }
        case .wait:
            if !queue.tryReserve() { try await Self.reserve(in: queue, until: job) }
        }
        let queue = self.queue
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                if job.attach(continuation) { queue.push(job) } else { queue.release() }
            }
        } onCancel: {
            job.cancel()
            _ = queue.remove(job)
        }
    }

    /// Waits for a queue slot, but no longer than the job's deadline.
    /// - Throws: `KwilError.timedOut` when the deadline passes first; `CancellationError` when cancelled.
    static func reserve(in queue: JobQueue, until job: CurlJob) async throws {
        let remaining = job.remainingNanoseconds()
        let reserved = try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask { try await queue.reserve(); return true }
            group.addTask { try await Task.sleep(for: .nanoseconds(remaining)); return false }
            let first = try await group.next() ?? false
            group.cancelAll()
            // The loser may still have obtained a slot as it was cancelled: give that slot back.
            while let late = try? await group.next() { if late, !first { queue.release() } }
            return first
        }
        guard reserved else {
            throw KwilError.timedOut("the deadline passed while waiting for a queue slot (\(job.request.method) \(job.request.url))")
        }
    }

    /// Accepts only `http://` and `https://` URLs with a host (curl is also told so, for redirects too).
    static func checkScheme(_ url: String) throws(KwilError) {
        let components = URLComponents(string: url)
        let scheme = components?.scheme?.lowercased() ?? ""
        guard scheme == "http" || scheme == "https", let host = components?.host, !host.isEmpty else {
            throw .unsupportedURL(scheme: String(scheme.prefix(20)))
        }
    }

    /// The CA bundle libcurl uses by default (its built-in path, else Debian's), so that an extra CA adds to it.
    static func systemCABundle() -> [UInt8] {
        var paths = ["/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt"]
        if let builtIn = ccurl_default_cainfo() { paths.insert(String(cString: builtIn), at: 0) }
        for path in paths { if let data = FileManager.default.contents(atPath: path) { return Array(data) } }
        return []
    }
}

/// Counts connections the workers open.
final class ConnectionCounter: Sendable {
    private let count = Mutex(0)
    func add(_ n: Int) { count.withLock { $0 += n } }
    var value: Int { count.withLock { $0 } }
}
