import HTTPTypes
import Synchronization

/// The router's routes by path pattern, so that a known path asked with another method gets 405 with an
/// `Allow` header (RFC 9110 §15.5.6) instead of 404. Filled once, right after the routes are registered.
final class AllowedMethods: Sendable {
    private let patterns = Mutex<[(segments: [Substring], methods: [String])]>([])

    /// Records the routes (paths with `:id` or `{id}` parameters).
    func record(_ routes: [(path: String, method: String)]) {
        var byPath: [String: [String]] = [:]
        for route in routes { byPath[route.path, default: []].append(route.method) }
        patterns.withLock { $0 = byPath.map { (Self.segments($0.key), $0.value.sorted()) } }
    }

    /// The methods routed for `path`, or nil when no route has that path.
    func methods(for path: String) -> [String]? {
        let asked = Self.segments(path)
        let found = patterns.withLock { patterns in
            patterns.filter { pattern in
                pattern.segments.count == asked.count
                    && zip(pattern.segments, asked).allSatisfy { $0.hasPrefix(":") || $0.hasPrefix("{") || $0 == $1 }
            }.flatMap(\.methods)
        }
        return found.isEmpty ? nil : Array(Set(found)).sorted()
    }

    private static func segments(_ path: String) -> [Substring] { path.split(separator: "/", omittingEmptySubsequences: true) }
}
