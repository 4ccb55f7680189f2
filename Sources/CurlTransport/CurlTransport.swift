internal import CCurlShim
internal import Foundation
public import KwilKit
public import Logging
internal import Synchronization

/// `HTTPTransport` over libcurl. A fixed pool of worker threads each owns one easy handle, so TCP/TLS
/// connections are kept alive and reused; curl never runs on Swift's cooperative pool (callers suspend on a
/// continuation that a worker resumes).
public final class CurlTransport: HTTPTransport {
    /// Connection and TLS settings.
    public struct Configuration: Sendable {
        /// Worker threads (= concurrent requests = reusable connections).
        public var workers: Int = 8
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
        queue = JobQueue()
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

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await withCheckedThrowingContinuation { continuation in
            queue.push(CurlJob(request: request, continuation: continuation))
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
