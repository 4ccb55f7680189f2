internal import CCurlShim
internal import Foundation
internal import KwilKit

/// A worker thread's easy handle; reused across requests so curl keeps the connection alive.
final class CurlWorker {
    private let handle: UnsafeMutableRawPointer
    private let config: CurlTransport.Configuration

    init(config: CurlTransport.Configuration) {
        self.config = config
        handle = UnsafeMutableRawPointer(curl_easy_init()!)
    }

    deinit { curl_easy_cleanup(handle) }

    func run(_ queue: JobQueue) {
        while let job = queue.pop() {
            do { job.continuation.resume(returning: try perform(job.request)) } catch { job.continuation.resume(throwing: error) }
        }
    }

    private func perform(_ request: HTTPRequest) throws(KwilError) -> HTTPResponse {
        let h = handle
        curl_easy_reset(h)
        let buffer = ResponseBuffer(limit: config.maxResponseBytes)
        let box = Unmanaged.passRetained(buffer)
        defer { box.release() }
        var headers: UnsafeMutablePointer<curl_slist>?
        for header in request.headerPairs { headers = curl_slist_append(headers, "\(header.name): \(header.value)") }
        headers = curl_slist_append(headers, "Expect:")
        defer { curl_slist_free_all(headers) }
        ccurl_setopt_string(h, CURLOPT_URL, request.url)
        ccurl_setopt_long(h, CURLOPT_NOSIGNAL, 1)
        ccurl_setopt_long(h, CURLOPT_TCP_KEEPALIVE, 1)
        ccurl_setopt_long(h, CURLOPT_CONNECTTIMEOUT_MS, Int(config.connectTimeout * 1000))
        ccurl_setopt_long(h, CURLOPT_TIMEOUT_MS, Int(request.timeout * 1000))
        ccurl_setopt_long(h, CURLOPT_SSL_VERIFYPEER, 1)
        ccurl_setopt_long(h, CURLOPT_SSL_VERIFYHOST, 2)
        if let ca = config.extraCAFile { ccurl_setopt_string(h, CURLOPT_CAINFO, ca) }
        ccurl_setopt_pointer(h, CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(headers))
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
        if buffer.overflowed { throw .transport("response larger than \(config.maxResponseBytes) bytes") }
        guard code == CURLE_OK else {
            throw .transport("\(String(cString: curl_easy_strerror(code))) (\(request.method) \(request.url))")
        }
        var status = 0
        ccurl_getinfo_long(h, CURLINFO_RESPONSE_CODE, &status)
        let headers2 = buffer.headerLines.compactMap { line -> HTTPHeader? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return HTTPHeader(String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return HTTPResponse(status: status, headers: headers2, body: buffer.body)
    }
}
