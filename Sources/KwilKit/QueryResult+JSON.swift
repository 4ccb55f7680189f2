/// The `query_result` object of `user.call` (kwil-transport.md §7.4) to and from JSON.
extension QueryResult {
    /// Reads a `query_result` object. Missing members read as empty.
    /// - Throws: `KwilError.malformedResponse` for a wrong JSON type, a precision or scale outside 0…65535,
    ///   column lists of different lengths, a row of the wrong width or a cell that does not fit its type.
    public init(json: KwilJSON) throws(KwilError) {
        func bad(_ reason: String) -> KwilError { .malformedResponse(status: 200, reason: reason) }
        guard let object = json.object else { throw bad("query_result is not an object") }
        var names: [String] = []
        for name in try Self.list(object["column_names"], "column_names") {
            guard let s = name.string else { throw bad("a column name is not a string") }
            names.append(s)
        }
        var types: [DataType] = []
        for entry in try Self.list(object["column_types"], "column_types") {
            guard let t = entry.object, let name = (t["name"] ?? .string("text")).string,
                  let isArray = (t["is_array"] ?? .bool(false)).bool else { throw bad("a column type is malformed") }
            let meta = try Self.list(t["metadata"], "column metadata")
            var numbers: [UInt16] = []
            for m in meta {
                guard let n = m.int, let u = UInt16(exactly: n) else { throw bad("column metadata out of range") }
                numbers.append(u)
            }
            types.append(DataType(name: name, isArray: isArray, precision: numbers.first ?? 0, scale: numbers.count > 1 ? numbers[1] : 0))
        }
        guard types.count == names.count else { throw bad("column_types does not match column_names") }
        var rows: [[KwilValue]] = []
        for row in try Self.list(object["values"], "values") {
            guard let cells = row.array else { throw bad("a row is not an array") }
            guard cells.count == types.count else { throw bad("row width") }
            var out: [KwilValue] = []
            out.reserveCapacity(cells.count)
            for (cell, type) in zip(cells, types) { out.append(try KwilValue(jsonCell: cell, type: type)) }
            rows.append(out)
        }
        self.init(columnNames: names, columnTypes: types, rows: rows)
    }

    /// An array member, empty when absent or null.
    private static func list(_ value: KwilJSON?, _ what: String) throws(KwilError) -> [KwilJSON] {
        guard let value, !value.isNull else { return [] }
        guard let items = value.array else { throw .malformedResponse(status: 200, reason: "\(what) is not an array") }
        return items
    }

    /// The `query_result` object as a node sends it.
    public var json: KwilJSON {
        .object([
            "column_names": .array(columnNames.map { .string($0) }),
            "column_types": .array(columnTypes.map {
                .object(["name": .string($0.name), "is_array": .bool($0.isArray),
                         "metadata": .array([.int(Int64($0.precision)), .int(Int64($0.scale))])])
            }),
            "values": .array(rows.map { row in .array(row.map(\.jsonCell)) }),
        ])
    }
}
