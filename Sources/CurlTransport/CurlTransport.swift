internal import CCurlShim
internal import Foundation
public import KwilKit

/// `HTTPTransport` over libcurl. A fixed pool of worker threads each owns one easy handle, so TCP/TLS
/// connections are kept alive and reused; curl never runs on Swift's cooperative pool.
public final class CurlTransport: HTTPTransport {
    /// Connection and TLS settings.
    public struct Configuration: Sendable {
        /// Worker threads (= concurrent requests = reusable connections).
        public var workers: Int = 8
        /// Connect timeout in seconds.
        public var connectTimeout: Double = 10
        /// Largest response body accepted, in bytes.
        public var maxResponseBytes: Int = 16 << 20
        /// A PEM CA file to trust for a private node, in addition to the system CA directory.
        public var extraCAFile: String?
        /// Creates the defaults.
        public init() {}
    }

    private let queue: JobQueue
    private let configuration: Configuration

    /// Starts `configuration.workers` threads.
    public init(configuration: Configuration = Configuration()) {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
        self.configuration = configuration
        queue = JobQueue()
        for i in 0..<max(1, configuration.workers) {
            let q = queue, config = configuration
            let t = Thread { CurlWorker(config: config).run(q) }
            t.name = "curl-\(i)"
            t.start()
        }
    }

    deinit { queue.close() }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await withCheckedThrowingContinuation { continuation in
            queue.push(CurlJob(request: request, continuation: continuation))
        }
    }
}
