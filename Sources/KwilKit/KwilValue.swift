public import Foundation
internal import IdosCrypto

/// A typed Kwil argument or result value. Arrays carry their element type so an empty or all-NULL array
/// still encodes its type.
public indirect enum KwilValue: Hashable, Sendable {
    case text(String)
    case int8(Int64)
    case bool(Bool)
    case uuid(UUID)
    case bytea([UInt8])
    /// A decimal string with its declared precision and scale, e.g. `numeric("123.45", 5, 2)`.
    case numeric(String, precision: UInt16, scale: UInt16)
    /// A NULL of the given scalar or array type.
    case null(DataType)
    /// An array of elements of `element` type; each item is a scalar of that type or `.null`.
    case array(DataType, [KwilValue])

    /// The DataType this value encodes with.
    public var dataType: DataType {
        switch self {
        case .text: .text
        case .int8: .int8
        case .bool: .bool
        case .uuid: .uuid
        case .bytea: .bytea
        case .numeric(_, let p, let s): .numeric(p, s)
        case .null(let t): t
        case .array(let t, _): t.array
        }
    }

    /// The scalar value bytes of §4.2: 0x00 for NULL, else 0x01 and the value.
    func scalarBytes() throws(KwilError) -> [UInt8] {
        var w = ByteWriter()
        switch self {
        case .null(let t):
            guard !t.isArray else { throw .invalidValue("NULL array inside an array") }
            return [0]
        case .text(let s): w.bytes = [1] + Array(s.utf8)
        case .int8(let v): w.bytes = [1]; w.u64BE(UInt64(bitPattern: v))
        case .bool(let b): w.bytes = [1, b ? 1 : 0]
        case .uuid(let u): w.bytes = [1] + u.bytes
        case .bytea(let b): w.bytes = [1] + b
        case .numeric(let s, _, _): w.bytes = [1] + Array(s.utf8)
        case .array: throw .invalidValue("nested array")
        }
        return w.bytes
    }

    /// Decodes one scalar element of the given (non-array) type.
    static func decodeScalar(_ bytes: [UInt8], as type: DataType) throws(KwilError) -> KwilValue {
        guard let flag = bytes.first else { throw .malformedEncoding(context: "empty value element") }
        if flag == 0 {
            guard bytes.count == 1 else { throw .malformedEncoding(context: "NULL element with data") }
            return .null(type)
        }
        guard flag == 1 else { throw .malformedEncoding(context: "nullability byte \(flag)") }
        let body = Array(bytes.dropFirst())
        switch type.name {
        case "text":
            guard let s = String(validating: body, as: UTF8.self) else { throw .malformedEncoding(context: "text not UTF-8") }
            return .text(s)
        case "int8":
            guard body.count == 8 else { throw .malformedEncoding(context: "int8 length \(body.count)") }
            return .int8(Int64(bitPattern: body.reduce(0) { $0 << 8 | UInt64($1) }))
        case "bool":
            guard body.count == 1, body[0] <= 1 else { throw .malformedEncoding(context: "bool value") }
            return .bool(body[0] == 1)
        case "uuid":
            guard let u = UUID(bytes: body) else { throw .malformedEncoding(context: "uuid length \(body.count)") }
            return .uuid(u)
        case "bytea":
            return .bytea(body)
        case "numeric":
            guard let s = String(validating: body, as: UTF8.self), Self.isDecimal(s) else {
                throw .malformedEncoding(context: "numeric string")
            }
            return .numeric(s, precision: type.precision, scale: type.scale)
        default:
            throw .malformedEncoding(context: "unsupported type \(type.name)")
        }
    }

    /// Whether `s` is a plain decimal literal (optional sign, digits, optional fraction).
    public static func isDecimal(_ s: String) -> Bool {
        var u = Substring(s)
        if u.first == "-" || u.first == "+" { u = u.dropFirst() }
        let parts = u.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty else { return false }
        if parts.count == 2, parts[1].isEmpty { return false }
        return parts.allSatisfy { $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }
}
