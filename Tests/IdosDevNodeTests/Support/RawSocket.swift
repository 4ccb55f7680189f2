import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A bare TCP connection to a loopback port, for what an HTTP client library hides: a connection that sends
/// nothing, and whether the server closed it. Reads block a Dispatch thread, never Swift's cooperative pool
/// (an in-process server needs those threads to answer).
final class RawSocket: Sendable {
    private let fd: Int32

    /// Connects to 127.0.0.1:`port`; reads give up after `readTimeout` seconds (a safety net, not an assert).
    init(port: Int, readTimeout: Int = 30) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EBADF) }
        self.fd = fd
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { close(fd); throw POSIXError(.ECONNREFUSED) }
        var timeout = timeval(tv_sec: readTimeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    /// Sends all of `bytes`.
    func send(_ bytes: [UInt8]) {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            sent += n
        }
    }

    /// What one read returned: bytes, the peer's orderly close, or an error (a timeout is EAGAIN).
    enum ReadResult: Equatable { case bytes([UInt8]), closed, failed(Int32) }

    /// One read of up to 64 KiB.
    func read() async -> ReadResult { await offPool { self.blockingRead() } }

    /// Reads until the peer closes (or a read fails); returns how it ended.
    func readUntilClosed() async -> ReadResult { await offPool { self.blockingReadUntilClosed() } }

    private func offPool(_ body: @escaping @Sendable () -> ReadResult) async -> ReadResult {
        await withCheckedContinuation { continuation in DispatchQueue.global().async { continuation.resume(returning: body()) } }
    }

    private func blockingRead() -> ReadResult {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n > 0 { return .bytes(Array(buffer.prefix(n))) }
        return n == 0 ? .closed : .failed(errno)
    }

    private func blockingReadUntilClosed() -> ReadResult {
        while true {
            switch blockingRead() {
            case .bytes: continue
            case let other: return other
            }
        }
    }
}
