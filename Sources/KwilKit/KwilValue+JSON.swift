internal import Foundation
internal import IdosCrypto

/// The JSON-RPC cell encoding of a Kwil value (kwil-transport.md §7.4): text, uuid, int8 and numeric as
/// strings, bool as a boolean, bytea as base64, NULL as null, arrays as JSON arrays of cells.
extension KwilValue {
    /// This value as a `query_result` cell.
    public var jsonCell: KwilJSON {
        switch self {
        case let .text(s): .string(s)
        case let .int8(i): .string(String(i))
        case let .bool(b): .bool(b)
        case let .uuid(u): .string(u.uuidString.lowercased())
        case let .bytea(b): .string(Base64.encode(b))
        case let .numeric(n, _, _): .string(n)
        case .null: .null
        case let .array(_, items): .array(items.map(\.jsonCell))
        }
    }

    /// Reads one `query_result` cell of column type `type`. Integers and decimals may also come as JSON
    /// numbers; an unknown scalar type given as a string reads as text.
    /// - Throws: `KwilError.malformedResponse` naming the type when the cell does not fit it.
    public init(jsonCell cell: KwilJSON, type: DataType) throws(KwilError) {
        if cell.isNull { self = .null(type); return }
        let bad = KwilError.malformedResponse(status: 200, reason: "\(type.name)\(type.isArray ? "[]" : "") cell")
        if type.isArray {
            guard let items = cell.array else { throw bad }
            var out: [KwilValue] = []
            out.reserveCapacity(items.count)
            for item in items { out.append(try KwilValue(jsonCell: item, type: type.element)) }
            self = .array(type.element, out)
            return
        }
        switch (type.name, cell) {
        case let ("text", .string(s)): self = .text(s)
        case let ("int8", .string(s)), let ("int4", .string(s)):
            guard let i = Int64(s) else { throw bad }
            self = .int8(i)
        case ("int8", _), ("int4", _):
            guard let i = cell.int else { throw bad }
            self = .int8(i)
        case let ("bool", .bool(b)): self = .bool(b)
        case let ("uuid", .string(s)):
            guard let u = UUID(uuidString: s) else { throw bad }
            self = .uuid(u)
        case let ("bytea", .string(s)):
            guard let bytes = try? Base64.decode(s) else { throw bad }
            self = .bytea(bytes)
        case let ("numeric", .string(s)), let ("decimal", .string(s)):
            self = .numeric(s, precision: type.precision, scale: type.scale)
        case let ("numeric", .int(i)), let ("decimal", .int(i)):
            self = .numeric(String(i), precision: type.precision, scale: type.scale)
        case let (name, .string(s)) where !["bool", "uuid", "bytea"].contains(name):
            self = .text(s)
        default:
            throw bad
        }
    }

    /// Whether this is a NULL (of any type).
    public var isNull: Bool { if case .null = self { true } else { false } }
}
