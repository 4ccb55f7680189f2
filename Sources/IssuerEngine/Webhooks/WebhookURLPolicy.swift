import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where webhooks may point (SSRF guard), checked when an endpoint is registered and again before every
/// delivery (DNS can change in between).
///
/// Only `http` and `https` URLs with a host, no user name or password, at most 2048 bytes. Unless
/// `allowPrivate` (`ISSUER_WEBHOOK_ALLOW_PRIVATE=1`), a host that is, or resolves to, an address that is not
/// public is refused: loopback, private (RFC 1918), link-local, unique-local (fc00::/7), CGNAT (100.64.0.0/10),
/// unspecified, multicast and other reserved ranges, also inside IPv4-mapped, NAT64 and 6to4 IPv6 addresses;
/// `localhost` and `*.localhost` by name. Every address a name resolves to must be public, and a delivery then
/// connects only to those addresses (`HTTPRequest.pinnedAddresses`), so a name cannot be re-pointed between
/// the check and the connection. Redirects are never followed.
public struct WebhookURLPolicy: Sendable {
    /// `ISSUER_WEBHOOK_ALLOW_PRIVATE`: allow any host (development and tests with a receiver on loopback).
    public var allowPrivate: Bool
    /// Resolves host names (the system's getaddrinfo by default).
    public var resolver: HostResolver
    /// The longest URL accepted, in bytes.
    public static let maxURLBytes = 2048

    public init(allowPrivate: Bool = false, resolver: HostResolver = .system) {
        self.allowPrivate = allowPrivate
        self.resolver = resolver
    }

    /// A URL that passed the syntax rules.
    public struct Target: Sendable, Equatable {
        public var url: String
        public var scheme: String
        /// Without IPv6 brackets.
        public var host: String
        public var port: Int
    }

    /// The outcome of a check.
    public enum Verdict: Sendable, Equatable {
        /// Fine; connect to `pinned` (empty: resolve normally, for numeric hosts and when private hosts are allowed).
        case allowed(Target, pinned: [String])
        /// Well-formed, but the name does not resolve now (accepted at registration; a delivery retries).
        case unresolved(Target, reason: String)
        /// Refused, with the reason (for the API's 400 and the delivery's error).
        case refused(String)
    }

    /// Syntax only: the URL's parts, or why it is refused.
    public static func parse(_ text: String) -> Result<Target, WebhookURLRefusal> {
        guard !text.isEmpty else { return .failure(.init("must not be empty")) }
        guard text.utf8.count <= maxURLBytes else { return .failure(.init("must be at most \(maxURLBytes) bytes")) }
        guard !text.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7f }) else {
            return .failure(.init("must not contain spaces or control characters"))
        }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            return .failure(.init("is not a URL"))
        }
        guard scheme == "http" || scheme == "https" else { return .failure(.init("must be an http or https URL")) }
        guard let rawHost = components.percentEncodedHost, !rawHost.isEmpty else { return .failure(.init("must name a host")) }
        guard components.user == nil, components.password == nil else { return .failure(.init("must not contain a user name or password")) }
        guard !rawHost.contains("%") else { return .failure(.init("the host must not be percent-encoded or carry an IPv6 zone")) }
        var host = rawHost.lowercased()
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.hasSuffix(".") else { return .failure(.init("the host must not end with a dot")) }
        let isIPv6 = host.contains(":")
        let allowed = isIPv6 ? "0123456789abcdef:." : "abcdefghijklmnopqrstuvwxyz0123456789.-_"
        guard host.allSatisfy({ allowed.contains($0) }) else { return .failure(.init("the host '\(host.prefix(64))' has characters a host name cannot have")) }
        if let port = components.port, !(1...65535).contains(port) { return .failure(.init("the port must be 1–65535")) }
        return .success(Target(url: text, scheme: scheme, host: host, port: components.port ?? (scheme == "https" ? 443 : 80)))
    }

    /// Checks `text`: syntax, then (unless `allowPrivate`) every address its host is or resolves to.
    public func check(_ text: String) async -> Verdict {
        let target: Target
        switch Self.parse(text) {
        case .success(let t): target = t
        case .failure(let refusal): return .refused(refusal.reason)
        }
        if allowPrivate { return .allowed(target, pinned: []) }
        if target.host == "localhost" || target.host.hasSuffix(".localhost") {
            return .refused("the host \(target.host) is a loopback name; private, loopback, link-local, unique-local and CGNAT hosts are refused")
        }
        if let literal = IPAddress(literal: target.host) {
            if let restriction = literal.restriction {
                return .refused("\(literal) is \(IPAddress.article(restriction)) \(restriction) address; private, loopback, link-local, unique-local and CGNAT hosts are refused")
            }
            return .allowed(target, pinned: [])
        }
        let addresses: [IPAddress]
        do { addresses = try await resolver.resolve(target.host) } catch {
            return .unresolved(target, reason: "\(target.host) does not resolve: \(error)")
        }
        guard !addresses.isEmpty else { return .unresolved(target, reason: "\(target.host) resolves to no address") }
        if let bad = addresses.first(where: { $0.restriction != nil }), let restriction = bad.restriction {
            return .refused("\(target.host) resolves to \(bad), \(IPAddress.article(restriction)) \(restriction) address; private, loopback, link-local, unique-local and CGNAT hosts are refused")
        }
        var seen = Set<IPAddress>()
        return .allowed(target, pinned: addresses.filter { seen.insert($0).inserted }.map(\.description))
    }
}

/// Why a URL is refused.
public struct WebhookURLRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// An IPv4 or IPv6 address (4 or 16 bytes, network order).
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init?(bytes: [UInt8]) {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// A numeric host in its standard spelling (dotted quad, or IPv6 without brackets), else nil. Other
    /// numeric spellings (`127.1`, `0x7f.0.0.1`, `2130706433`) are not literals here: they go through the
    /// resolver, which reads them as the C library (and so curl) does.
    public init?(literal: String) {
        var v4 = in_addr(), v6 = in6_addr()
        if inet_pton(AF_INET, literal, &v4) == 1 {
            bytes = withUnsafeBytes(of: &v4) { Array($0) }
        } else if inet_pton(AF_INET6, literal, &v6) == 1 {
            bytes = withUnsafeBytes(of: &v6) { Array($0) }
        } else {
            return nil
        }
    }

    public var isIPv4: Bool { bytes.count == 4 }

    /// "an" before a restriction that starts with a vowel sound, else "a".
    static func article(_ restriction: String) -> String { restriction == "unspecified" ? "an" : "a" }

    /// The standard spelling (inet_ntop).
    public var description: String {
        var buffer = [CChar](repeating: 0, count: 64)
        let family = isIPv4 ? AF_INET : AF_INET6
        let written = bytes.withUnsafeBytes { raw in inet_ntop(family, raw.baseAddress, &buffer, socklen_t(buffer.count)) }
        guard written != nil else { return bytes.map(String.init).joined(separator: ".") }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Nil for a public address; else what it is (`loopback`, `private`, `link-local`, `unique-local`, `CGNAT`,
    /// `unspecified`, `multicast`, `reserved`).
    public var restriction: String? {
        isIPv4 ? Self.restriction(v4: bytes) : Self.restriction(v6: bytes)
    }

    static func restriction(v4 b: [UInt8]) -> String? {
        switch (b[0], b[1], b[2]) {
        case (0, _, _): "unspecified"                                  // 0.0.0.0/8
        case (10, _, _): "private"                                     // 10.0.0.0/8
        case (100, let x, _) where x & 0xC0 == 64: "CGNAT"             // 100.64.0.0/10
        case (127, _, _): "loopback"                                   // 127.0.0.0/8
        case (169, 254, _): "link-local"                               // 169.254.0.0/16
        case (172, let x, _) where x & 0xF0 == 16: "private"           // 172.16.0.0/12
        case (192, 168, _): "private"                                  // 192.168.0.0/16
        case (192, 0, 0), (192, 0, 2), (198, 51, 100), (203, 0, 113): "reserved"   // IETF assignments, documentation
        case (198, let x, _) where x & 0xFE == 18: "reserved"          // 198.18.0.0/15 (benchmarking)
        case (let a, _, _) where a >= 224 && a < 240: "multicast"      // 224.0.0.0/4
        case (let a, _, _) where a >= 240: "reserved"                  // 240.0.0.0/4 and the broadcast address
        default: nil
        }
    }

    static func restriction(v6 b: [UInt8]) -> String? {
        let first10Zero = b[0..<10].allSatisfy { $0 == 0 }
        if b.allSatisfy({ $0 == 0 }) { return "unspecified" }                                   // ::
        if b[0..<15].allSatisfy({ $0 == 0 }) && b[15] == 1 { return "loopback" }                // ::1
        if first10Zero && b[10] == 0xff && b[11] == 0xff { return restriction(v4: Array(b[12..<16])) }   // ::ffff:a.b.c.d
        if first10Zero && b[10] == 0 && b[11] == 0 { return "reserved" }                       // ::a.b.c.d (deprecated)
        if b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b {                       // NAT64 64:ff9b::/96, 64:ff9b:1::/48
            if b[4..<12].allSatisfy({ $0 == 0 }) { return restriction(v4: Array(b[12..<16])) }
            return "private"
        }
        if b[0] == 0x20 && b[1] == 0x02 { return restriction(v4: Array(b[2..<6])) }              // 6to4 2002::/16
        if b[0] & 0xFE == 0xFC { return "unique-local" }                                         // fc00::/7
        if b[0] == 0xFE && b[1] & 0xC0 == 0x80 { return "link-local" }                           // fe80::/10
        if b[0] == 0xFE && b[1] & 0xC0 == 0xC0 { return "reserved" }                             // fec0::/10 (site-local)
        if b[0] == 0xFF { return "multicast" }                                                   // ff00::/8
        if b[0] == 0x01 && b[1] == 0x00 && b[2..<8].allSatisfy({ $0 == 0 }) { return "reserved" } // 100::/64 (discard)
        if b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8 { return "reserved" }    // 2001:db8::/32 (documentation)
        if b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && b[3] == 0x00 { return "reserved" }    // 2001::/32 (Teredo)
        return nil
    }
}

/// Resolves a host name to its addresses.
public struct HostResolver: Sendable {
    public var resolve: @Sendable (String) async throws -> [IPAddress]

    public init(resolve: @escaping @Sendable (String) async throws -> [IPAddress]) { self.resolve = resolve }

    /// getaddrinfo (every address, IPv4 and IPv6) on a Dispatch thread, given up after 5 s.
    public static let system = HostResolver { host in try await SystemResolver.lookup(host, timeout: 5) }

    /// Fixed answers (tests): a name not in `table` does not resolve.
    public static func fixed(_ table: [String: [String]]) -> HostResolver {
        HostResolver { host in
            guard let addresses = table[host] else { throw HostResolutionError("no address for \(host)") }
            return addresses.compactMap(IPAddress.init(literal:))
        }
    }
}

/// A name that does not resolve (the C library's message, or a timeout).
public struct HostResolutionError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

enum SystemResolver {
    /// Resumes its continuation once: with the lookup's answer or the timeout, whichever comes first.
    final class Once: Sendable {
        private let continuation: Mutex<CheckedContinuation<[IPAddress], any Error>?>
        init(_ continuation: CheckedContinuation<[IPAddress], any Error>) { self.continuation = Mutex(continuation) }
        func resume(_ result: Result<[IPAddress], any Error>) {
            let taken = continuation.withLock { c -> CheckedContinuation<[IPAddress], any Error>? in
                defer { c = nil }
                return c
            }
            taken?.resume(with: result)
        }
    }

    static func lookup(_ host: String, timeout: Double) async throws -> [IPAddress] {
        try await withCheckedThrowingContinuation { continuation in
            let once = Once(continuation)
            // getaddrinfo blocks: never on the cooperative pool.
            DispatchQueue.global().async { once.resume(Result { try addresses(of: host) }) }
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
                once.resume(.failure(HostResolutionError("resolving \(host) took longer than \(Int(timeout)) s")))
            }
        }
    }

    static func addresses(of host: String) throws -> [IPAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        defer { if let list { freeaddrinfo(list) } }
        guard status == 0 else { throw HostResolutionError(String(cString: gai_strerror(status))) }
        var addresses: [IPAddress] = []
        var next = list
        while let entry = next {
            let info = entry.pointee
            if let raw = info.ai_addr {
                if info.ai_family == AF_INET {
                    let bytes = raw.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { p in withUnsafeBytes(of: p.pointee.sin_addr) { Array($0) } }
                    if let address = IPAddress(bytes: bytes) { addresses.append(address) }
                } else if info.ai_family == AF_INET6 {
                    let bytes = raw.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { p in withUnsafeBytes(of: p.pointee.sin6_addr) { Array($0) } }
                    if let address = IPAddress(bytes: bytes) { addresses.append(address) }
                }
            }
            next = info.ai_next
        }
        return addresses
    }
}
