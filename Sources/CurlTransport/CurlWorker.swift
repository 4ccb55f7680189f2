internal import CCurlShim
internal import Foundation
internal import KwilKit
internal import Logging

/// A worker thread's easy handle; reused across requests so curl keeps the connection alive.
final class CurlWorker {
    private let handle: UnsafeMutableRawPointer
    private let config: CurlTransport.Configuration
    private let caBundle: [UInt8]?
    private let onConnect: (Int) -> Void
    /// `host:port` entries this handle was told to resolve to pinned addresses (`CURLOPT_RESOLVE` entries
    /// live in the handle's DNS cache until removed): the next request removes them unless it pins them again.
    private var pinnedEntries: [String] = []

    init(config: CurlTransport.Configuration, caBundle: [UInt8]?, onConnect: @escaping (Int) -> Void) {
        self.config = config
        self.caBundle = caBundle
        self.onConnect = onConnect
        handle = UnsafeMutableRawPointer(curl_easy_init()!)
    }

    deinit { curl_easy_cleanup(handle) }

    func run(_ queue: JobQueue) {
        while let job = queue.pop() {
            if job.isCancelled { continue }  // its caller already has CancellationError
            let started = DispatchTime.now().uptimeNanoseconds
            let remaining = job.remainingNanoseconds(now: started)
            guard remaining >= 1_000_000 else {
                let error = KwilError.timedOut("the deadline passed while waiting in the queue (\(job.request.method) \(job.request.url))")
                log(job.request, "failed: \(error)", started)
                job.finish(.failure(error))
                continue
            }
            do {
                let response = try perform(job, timeoutMs: Int(remaining / 1_000_000))
                log(job.request, "\(response.status) \(response.body.count) B", started)
                job.finish(.success(response))
            } catch {
                log(job.request, "failed: \(error)", started)
                job.finish(.failure(error))
            }
        }
    }

    /// One debug line per exchange: no bodies or header values (cookies, signatures stay out of logs).
    private func log(_ request: HTTPRequest, _ outcome: String, _ started: UInt64) {
        guard let logger = config.logger, logger.logLevel <= .debug else { return }
        let ms = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
        logger.debug("http \(request.method) \(request.url) → \(outcome)",
                     metadata: ["request_bytes": "\(request.body.count)", "ms": "\(String(format: "%.1f", ms))"])
    }

    /// Runs one exchange with the remaining time as curl's total timeout. A cancelled job aborts the
    /// transfer from curl's progress callback (`CancellationError`); the handle is reset before every use.
    private func perform(_ job: CurlJob, timeoutMs: Int) throws -> HTTPResponse {
        let request = job.request
        let h = handle
        curl_easy_reset(h)
        let buffer = ResponseBuffer(limit: config.maxResponseBytes)
        let box = Unmanaged.passRetained(buffer)
        defer { box.release() }
        var headers: UnsafeMutablePointer<curl_slist>?
        for header in request.headerPairs { headers = curl_slist_append(headers, "\(header.name): \(header.value)") }
        headers = curl_slist_append(headers, "Expect:")
        defer { curl_slist_free_all(headers) }
        var resolve: UnsafeMutablePointer<curl_slist>?
        let pin = Self.pinEntry(request)
        for stale in pinnedEntries where stale != pin?.key { resolve = curl_slist_append(resolve, "-\(stale)") }
        if let pin { resolve = curl_slist_append(resolve, pin.entry) }
        pinnedEntries = pin.map { [$0.key] } ?? []
        defer { curl_slist_free_all(resolve) }
        ccurl_setopt_string(h, CURLOPT_URL, request.url)
        ccurl_setopt_string(h, CURLOPT_PROTOCOLS_STR, "http,https")
        ccurl_setopt_string(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        ccurl_setopt_long(h, CURLOPT_NOSIGNAL, 1)
        ccurl_setopt_long(h, CURLOPT_TCP_KEEPALIVE, 1)
        ccurl_setopt_long(h, CURLOPT_CONNECTTIMEOUT_MS, Int(config.connectTimeout * 1000))
        ccurl_setopt_long(h, CURLOPT_TIMEOUT_MS, max(1, timeoutMs))
        // The job stays alive for the whole perform (the worker holds it), so an unretained pointer is safe.
        ccurl_setopt_long(h, CURLOPT_NOPROGRESS, 0)
        ccurl_setopt_pointer(h, CURLOPT_XFERINFODATA, Unmanaged.passUnretained(job).toOpaque())
        ccurl_setopt_xferinfo_function(h) { user, _, _, _, _ in
            Unmanaged<CurlJob>.fromOpaque(user!).takeUnretainedValue().isCancelled ? 1 : 0
        }
        ccurl_setopt_long(h, CURLOPT_SSL_VERIFYPEER, 1)
        ccurl_setopt_long(h, CURLOPT_SSL_VERIFYHOST, 2)
        if let caBundle { caBundle.withUnsafeBytes { _ = ccurl_setopt_blob(h, CURLOPT_CAINFO_BLOB, $0.baseAddress, $0.count) } }
        ccurl_setopt_pointer(h, CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(headers))
        if resolve != nil { ccurl_setopt_pointer(h, CURLOPT_RESOLVE, UnsafeMutableRawPointer(resolve)) }
        ccurl_setopt_string(h, CURLOPT_CUSTOMREQUEST, request.method)
        ccurl_setopt_data_function(h, CURLOPT_WRITEFUNCTION) { ptr, size, n, user in
            let buf = Unmanaged<ResponseBuffer>.fromOpaque(user!).takeUnretainedValue()
            let count = size * n
            if buf.body.count + count > buf.limit { buf.overflowed = true; return 0 }
            ptr!.withMemoryRebound(to: UInt8.self, capacity: count) { buf.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: count)) }
            return count
        }
        ccurl_setopt_pointer(h, CURLOPT_WRITEDATA, box.toOpaque())
        ccurl_setopt_data_function(h, CURLOPT_HEADERFUNCTION) { ptr, size, n, user in
            let buf = Unmanaged<ResponseBuffer>.fromOpaque(user!).takeUnretainedValue()
            let count = size * n
            let line = ptr!.withMemoryRebound(to: UInt8.self, capacity: count) { String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self) }
            if line.hasPrefix("HTTP/") { buf.headerLines.removeAll() } else { buf.headerLines.append(line) }
            return count
        }
        ccurl_setopt_pointer(h, CURLOPT_HEADERDATA, box.toOpaque())
        let code: CURLcode = request.body.withUnsafeBytes { raw in
            if request.method != "GET" {
                ccurl_setopt_long(h, CURLOPT_POSTFIELDSIZE, raw.count)
                ccurl_setopt_pointer(h, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!))
            }
            return curl_easy_perform(h)
        }
        var connects = 0
        ccurl_getinfo_long(h, CURLINFO_NUM_CONNECTS, &connects)
        if connects > 0 { onConnect(connects) }
        if code == CURLE_ABORTED_BY_CALLBACK, job.isCancelled { throw CancellationError() }
        if buffer.overflowed { throw KwilError.responseTooLarge(limit: config.maxResponseBytes) }
        guard code == CURLE_OK else {
            let reason = "\(String(cString: curl_easy_strerror(code))) (\(request.method) \(request.url))"
            if code == CURLE_OPERATION_TIMEDOUT { throw KwilError.timedOut(reason) }
            if code == CURLE_UNSUPPORTED_PROTOCOL { throw KwilError.unsupportedURL(scheme: "") }
            throw KwilError.transport(reason)
        }
        var status = 0
        ccurl_getinfo_long(h, CURLINFO_RESPONSE_CODE, &status)
        let responseHeaders = buffer.headerLines.compactMap { line -> HTTPHeader? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return HTTPHeader(String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return HTTPResponse(status: status, headers: responseHeaders, body: buffer.body)
    }

    /// The `CURLOPT_RESOLVE` entry (`host:port:addr,[v6addr]`) that pins the request's host to its
    /// `pinnedAddresses`, with its `host:port` key; nil when nothing is pinned or the host is numeric.
    static func pinEntry(_ request: HTTPRequest) -> (key: String, entry: String)? {
        guard !request.pinnedAddresses.isEmpty, let url = URLComponents(string: request.url), let host = url.host, !host.isEmpty,
              !host.contains(":"), !host.hasPrefix("[") else { return nil }
        let port = url.port ?? (url.scheme?.lowercased() == "https" ? 443 : 80)
        let addresses = request.pinnedAddresses.map { $0.contains(":") ? "[\($0)]" : $0 }.joined(separator: ",")
        return ("\(host):\(port)", "\(host):\(port):\(addresses)")
    }
}
