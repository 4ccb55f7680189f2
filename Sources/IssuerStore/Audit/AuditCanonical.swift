internal import IdosCrypto

/// The bytes an audit row's hash covers, and the hash chain.
///
/// **Canonical JSON** of a row is the UTF-8 text of the object
/// `{"action":…,"actor":…,"at":…,"details":{…},"id":…,"subject":…}`, written as follows:
/// - Object keys are sorted by their Unicode code points (the same order as their UTF-8 bytes), at every
///   level (inside `details` too); no key appears twice.
/// - No whitespace anywhere: `,` between members and elements, `:` between key and value.
/// - `id` is the row id as a decimal integer; integers in `details` likewise (optional `-`, no leading zeros, no
///   fraction or exponent). `details` holds no other kind of number.
/// - `at` is the row's timestamp in UTC as RFC 3339 text with exactly six fractional digits and `Z`
///   (`2026-12-02T06:16:14.123456Z`), PostgreSQL's microsecond precision; `actor`, `action` and `subject` are
///   strings as stored.
/// - Strings are wrapped in `"`; `"` and `\` are written `\"` and `\\`; U+0008, U+0009, U+000A, U+000C and U+000D
///   are written `\b`, `\t`, `\n`, `\f`, `\r`; the other characters below U+0020 are written `\u00xx` with
///   lower-case hex; every other character (including `/`, U+007F and all non-ASCII) is written as itself in UTF-8.
/// - `true`, `false`, `null` as such.
///
/// This is exactly Python's `json.dumps(row, sort_keys=True, separators=(",", ":"), ensure_ascii=False)`.
///
/// **Hash chain**: `hash = hex(SHA-256(prev_hash ‖ canonical JSON))`, where `prev_hash` enters as its 64 lower-case
/// hex characters (ASCII) and is the previous row's `hash` (by id); the first row's `prev_hash` is 64 zeros.
/// Ids run 1, 2, 3, … without gaps.
public enum AuditCanonical {
    /// The first row's `prev_hash`.
    public static let genesis = String(repeating: "0", count: 64)

    /// The canonical JSON of one row (see the type's documentation).
    public static func rowJSON(id: Int64, at: String, actor: String, action: String, subject: String,
                               details: [String: AuditValue]) -> [UInt8] {
        var out: [UInt8] = []
        write(.object(["id": .int(id), "at": .string(at), "actor": .string(actor), "action": .string(action), "subject": .string(subject),
                       "details": .object(details)]), into: &out)
        return out
    }

    /// `hex(SHA-256(prevHash ‖ canonicalJSON))`.
    public static func hash(prevHash: String, canonicalJSON: [UInt8]) -> String {
        Hex.encode(SHA256.hash(Array(prevHash.utf8) + canonicalJSON))
    }

    /// The canonical text of one value.
    public static func json(_ value: AuditValue) -> String {
        var out: [UInt8] = []
        write(value, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func write(_ value: AuditValue, into out: inout [UInt8]) {
        switch value {
        case .string(let s): write(string: s, into: &out)
        case .int(let n): out.append(contentsOf: String(n).utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .null: out.append(contentsOf: "null".utf8)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(element, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            // UTF-8 byte order is code-point order.
            let keys = members.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            for (i, key) in keys.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(string: key, into: &out)
                out.append(UInt8(ascii: ":"))
                write(members[key]!, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    static func write(string: String, into out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: "\\\\".utf8)
            case 0x08: out.append(contentsOf: "\\b".utf8)
            case 0x09: out.append(contentsOf: "\\t".utf8)
            case 0x0A: out.append(contentsOf: "\\n".utf8)
            case 0x0C: out.append(contentsOf: "\\f".utf8)
            case 0x0D: out.append(contentsOf: "\\r".utf8)
            case 0x00..<0x20: out.append(contentsOf: "\\u00".utf8); out.append(hex[Int(byte >> 4)]); out.append(hex[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
