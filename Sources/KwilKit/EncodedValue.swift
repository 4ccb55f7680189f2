/// `EncodedValue` (§4.3): a DataType plus one data element per scalar or per array item.
public enum EncodedValue {
    /// Encodes a typed value. A typed NULL is its DataType with the single element `[0x00]`.
    public static func encode(_ value: KwilValue) throws(KwilError) -> [UInt8] {
        var w = ByteWriter()
        w.u16LE(0)
        w.lengthPrefixed(value.dataType.encoded())
        switch value {
        case .array(let type, let items):
            guard !type.isArray else { throw .invalidValue("array element type is itself an array") }
            guard items.count <= Int(UInt16.max) else { throw .invalidValue("array too long") }
            w.u16LE(UInt16(items.count))
            for item in items {
                guard item.dataType.element == type || item == .null(type) else {
                    throw .invalidValue("array item of type \(item.dataType.name) in \(type.name)[]")
                }
                w.lengthPrefixed(try item.scalarBytes())
            }
        case .null(let type) where type.isArray:
            w.u16LE(1); w.lengthPrefixed([0])
        default:
            if case .numeric(let s, _, _) = value, !KwilValue.isDecimal(s) { throw .invalidValue("numeric \"\(s)\"") }
            w.u16LE(1)
            w.lengthPrefixed(try value.scalarBytes())
        }
        return w.bytes
    }

    /// Decodes an EncodedValue, requiring every byte to be consumed. Go's untyped NULL (type `null`,
    /// zero elements) decodes as `.null(.null)`.
    public static func decode(_ bytes: [UInt8]) throws(KwilError) -> KwilValue {
        var r = ByteReader(bytes)
        let v = try decode(from: &r)
        try r.expectEnd("EncodedValue")
        return v
    }

    static func decode(from r: inout ByteReader) throws(KwilError) -> KwilValue {
        guard try r.u16LE("EncodedValue version") == 0 else { throw .malformedEncoding(context: "EncodedValue version") }
        let type = try DataType.decode(try r.lengthPrefixed("EncodedValue type"))
        let count = Int(try r.u16LE("EncodedValue count"))
        var elems: [[UInt8]] = []
        for _ in 0..<count { elems.append(try r.lengthPrefixed("EncodedValue element")) }
        if type.name == "null" {
            guard count == 0 || elems == [[0]] else { throw .malformedEncoding(context: "null type with data") }
            return .null(type)
        }
        if type.isArray {
            if elems == [[0]] { return .null(type) }
            var items: [KwilValue] = []
            for e in elems { items.append(try KwilValue.decodeScalar(e, as: type.element)) }
            return .array(type.element, items)
        }
        guard count == 1 else { throw .malformedEncoding(context: "scalar with \(count) elements") }
        return try KwilValue.decodeScalar(elems[0], as: type)
    }
}
