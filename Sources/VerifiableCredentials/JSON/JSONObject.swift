/// A JSON object that remembers the order its keys were first set in.
public struct JSONObject: Sendable, Equatable {
    /// Keys in insertion order.
    public private(set) var keys: [String] = []
    private var storage: [String: JSONValue] = [:]

    /// An empty object.
    public init() {}

    /// The number of members.
    public var count: Int { keys.count }
    /// Whether the object has no members.
    public var isEmpty: Bool { keys.isEmpty }

    /// The value for `key`; setting `nil` removes the member, setting a new key appends it.
    public subscript(key: String) -> JSONValue? {
        get { storage[key] }
        set {
            if let newValue {
                if storage.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if storage.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    /// Whether `key` is present.
    public func contains(_ key: String) -> Bool { storage[key] != nil }

    /// Members in insertion order.
    public var members: [(key: String, value: JSONValue)] { keys.map { ($0, storage[$0]!) } }

    /// Keys sorted by code point, as JSON-LD's "lexicographical order" and JCS require (UTF-16 order for JCS).
    public var sortedKeys: [String] { keys.sorted(by: StringOrder.utf16Less) }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.storage == rhs.storage
    }
}
