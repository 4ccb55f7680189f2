/// The `execute` transaction payload (§4.5): one action run once per argument row.
public struct ActionExecution: Hashable, Sendable {
    public var namespace: String
    public var action: String
    public var rows: [[KwilValue]]

    /// An execution of `action` in `namespace` (idOS: "main"), one call per row.
    public init(namespace: String = "main", action: String, rows: [[KwilValue]]) {
        self.namespace = namespace; self.action = action; self.rows = rows
    }

    /// The binary payload.
    public func encoded() throws(KwilError) -> [UInt8] {
        var w = ByteWriter()
        w.u16LE(0)
        w.lengthPrefixed(namespace)
        w.lengthPrefixed(action)
        guard rows.count <= Int(UInt16.max) else { throw .invalidValue("too many rows") }
        w.u16LE(UInt16(rows.count))
        for row in rows {
            guard row.count <= Int(UInt16.max) else { throw .invalidValue("too many arguments") }
            w.u16LE(UInt16(row.count))
            for a in row { w.lengthPrefixed(try EncodedValue.encode(a)) }
        }
        return w.bytes
    }

    /// Decodes a payload, requiring every byte to be consumed.
    public static func decode(_ bytes: [UInt8]) throws(KwilError) -> ActionExecution {
        var r = ByteReader(bytes)
        guard try r.u16LE("ActionExecution version") == 0 else { throw .malformedEncoding(context: "ActionExecution version") }
        let ns = try r.string("ActionExecution namespace"), action = try r.string("ActionExecution action")
        let nRows = Int(try r.u16LE("ActionExecution row count"))
        var rows: [[KwilValue]] = []
        for _ in 0..<nRows {
            let n = Int(try r.u16LE("ActionExecution argument count"))
            var row: [KwilValue] = []
            for _ in 0..<n { row.append(try EncodedValue.decode(try r.lengthPrefixed("ActionExecution argument"))) }
            rows.append(row)
        }
        try r.expectEnd("ActionExecution")
        return ActionExecution(namespace: ns, action: action, rows: rows)
    }
}
