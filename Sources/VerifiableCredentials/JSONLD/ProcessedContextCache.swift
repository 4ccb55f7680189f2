internal import IdosCrypto
import Synchronization

/// Processed active contexts by the derivation that produced them (see `ActiveContext.cacheKey`), shared
/// by every processor in the process. Bounded: when full it starts over, which only costs reprocessing.
final class ProcessedContextCache: Sendable {
    static let shared = ProcessedContextCache(capacity: 1024)

    private let entries: Mutex<[String: ActiveContext]>
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        entries = Mutex([:])
    }

    func get(_ key: String) -> ActiveContext? { entries.withLock { $0[key] } }

    func put(_ key: String, _ context: ActiveContext) {
        entries.withLock { table in
            if table.count >= capacity { table.removeAll(keepingCapacity: true) }
            table[key] = context
        }
    }

    /// A fixed-size name for "`context` processed on top of `parent`, relative to `baseURL`, with `loader`'s
    /// documents and these flags".
    /// `contextFingerprint`, when given, stands for `context` (see `fingerprint(_:)`).
    static func key(parent: String, context: JSONValue, contextFingerprint: String?, baseURL: String?, loader: String,
                    flags: String) -> String {
        let contextPart: String
        if let contextFingerprint {
            contextPart = contextFingerprint
        } else if case .string(let url) = context {
            contextPart = "url:" + url
        } else if case .array(let items) = context, let urls = urlList(items) {
            contextPart = "urls:" + urls
        } else {
            contextPart = fingerprint(context)
        }
        let text = parent + "\u{0}" + contextPart + "\u{0}" + (baseURL ?? "") + "\u{0}" + loader + "\u{0}" + flags
        return Hex.encode(SHA256.hash(Array(text.utf8)))
    }

    /// The URLs of an array of context URLs, joined; nil if an entry is not a string.
    private static func urlList(_ items: [JSONValue]) -> String? {
        var out = ""
        for item in items {
            guard case .string(let url) = item else { return nil }
            out += url
            out += "\u{0}"
        }
        return out
    }

    /// A fixed-size name for a local context's JSON.
    static func fingerprint(_ context: JSONValue) -> String {
        "json:" + Hex.encode(SHA256.hash(Array(JSONSerializer.serialize(context).utf8)))
    }
}
