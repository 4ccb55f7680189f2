internal import Foundation

/// A JSON value as Kwil's JSON-RPC carries it: envelopes, params, results and `query_result` cells. Integers
/// that fit `Int64` stay exact; any other number is a `double`. Codable, so it round-trips through
/// `JSONEncoder`/`JSONDecoder`. Accessors return nil on a type mismatch, so hostile input becomes a typed
/// error at the call site instead of a trap.
public enum KwilJSON: Sendable, Hashable, Codable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([KwilJSON])
    case object([String: KwilJSON])

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int64.self) { self = .int(i) }
        else if let d = try? c.decode(Double.self) { self = .double(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([KwilJSON].self) { self = .array(a) }
        else { self = .object(try c.decode([String: KwilJSON].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case let .bool(b): try c.encode(b)
        case let .int(i): try c.encode(i)
        case let .double(d): try c.encode(d)
        case let .string(s): try c.encode(s)
        case let .array(a): try c.encode(a)
        case let .object(o): try c.encode(o)
        }
    }

    /// Parses JSON text (any value at the top level).
    /// - Throws: `KwilError.malformedEncoding` when the bytes are not JSON.
    public init(parsing bytes: some Sequence<UInt8>) throws(KwilError) {
        do { self = try JSONDecoder().decode(KwilJSON.self, from: Data(bytes)) } catch {
            throw .malformedEncoding(context: "not JSON")
        }
    }

    /// The compact JSON text (`/` unescaped; object key order is not specified).
    public func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        // Safe to ignore: a KwilJSON always encodes, except a non-finite double, which JSON cannot hold.
        return Array((try? encoder.encode(self)) ?? Data("null".utf8))
    }

    /// Member lookup on objects; nil for other values or a missing key.
    public subscript(key: String) -> KwilJSON? { if case let .object(o) = self { o[key] } else { nil } }
    /// The string, if this is one.
    public var string: String? { if case let .string(s) = self { s } else { nil } }
    /// The boolean, if this is one.
    public var bool: Bool? { if case let .bool(b) = self { b } else { nil } }
    /// The integer, if this is an integer or a double with an exact `Int64` value.
    public var int: Int64? {
        switch self {
        case let .int(i): i
        case let .double(d) where d == d.rounded(): Int64(exactly: d)
        default: nil
        }
    }
    /// The object, if this is one.
    public var object: [String: KwilJSON]? { if case let .object(o) = self { o } else { nil } }
    /// The array, if this is one.
    public var array: [KwilJSON]? { if case let .array(a) = self { a } else { nil } }
    /// Whether this is `null`.
    public var isNull: Bool { self == .null }

    /// Re-decodes this value as a Decodable type.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: JSONEncoder().encode(self))
    }

    /// Encodes an Encodable value as a JSON value.
    public static func from(_ value: some Encodable) throws -> KwilJSON {
        try JSONDecoder().decode(KwilJSON.self, from: JSONEncoder().encode(value))
    }
}
