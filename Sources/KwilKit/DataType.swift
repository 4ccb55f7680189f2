/// A Kwil column/argument type (§4.1). Encoded big-endian, unlike every other Kwil field.
public struct DataType: Hashable, Sendable, CustomStringConvertible {
    /// Canonical name: text, int8, bool, bytea, uuid, numeric or null.
    public var name: String
    /// Whether this is an array of `name`.
    public var isArray: Bool
    /// Numeric precision (0 for other types).
    public var precision: UInt16
    /// Numeric scale (0 for other types).
    public var scale: UInt16

    /// Makes a type from its parts.
    public init(name: String, isArray: Bool = false, precision: UInt16 = 0, scale: UInt16 = 0) {
        self.name = name; self.isArray = isArray; self.precision = precision; self.scale = scale
    }

    public static let text = DataType(name: "text")
    public static let int8 = DataType(name: "int8")
    public static let bool = DataType(name: "bool")
    public static let bytea = DataType(name: "bytea")
    public static let uuid = DataType(name: "uuid")
    public static let null = DataType(name: "null")
    /// `numeric(precision, scale)`.
    public static func numeric(_ precision: UInt16, _ scale: UInt16) -> DataType {
        DataType(name: "numeric", precision: precision, scale: scale)
    }

    /// This type as an array type.
    public var array: DataType { var t = self; t.isArray = true; return t }
    /// The element type of an array type.
    public var element: DataType { var t = self; t.isArray = false; return t }

    /// `numeric(78,0)` for numerics, `text[]` for arrays, else the name (as Kwil's argument errors write it).
    public var description: String {
        if isArray { return "\(name)[]" }
        return name == "numeric" ? "numeric(\(precision),\(scale))" : name
    }

    /// The binary form: u16 version 0, u32 len(name), name, is_array, precision, scale — all big-endian.
    public func encoded() -> [UInt8] {
        var w = ByteWriter()
        w.u16BE(0)
        w.u32BE(UInt32(name.utf8.count))
        w.bytes.append(contentsOf: name.utf8)
        w.bytes.append(isArray ? 1 : 0)
        w.u16BE(precision)
        w.u16BE(scale)
        return w.bytes
    }

    /// Decodes the binary form, requiring every byte to be consumed.
    public static func decode(_ bytes: [UInt8]) throws(KwilError) -> DataType {
        var r = ByteReader(bytes)
        guard try r.u16BE("DataType version") == 0 else { throw .malformedEncoding(context: "DataType version") }
        let n = try r.u32BE("DataType name length")
        guard let name = String(validating: try r.take(Int(n), "DataType name"), as: UTF8.self) else {
            throw .malformedEncoding(context: "DataType name")
        }
        let arr = try r.u8("DataType is_array")
        guard arr <= 1 else { throw .malformedEncoding(context: "DataType is_array") }
        let p = try r.u16BE("DataType precision"), s = try r.u16BE("DataType scale")
        try r.expectEnd("DataType")
        return DataType(name: name, isArray: arr == 1, precision: p, scale: s)
    }
}
