/// A `user.call` result decoded into typed rows (§7.4).
public struct QueryResult: Hashable, Sendable {
    public var columnNames: [String]
    public var columnTypes: [DataType]
    /// One array of typed values per row, in column order.
    public var rows: [[KwilValue]]

    /// A result from typed columns and rows.
    public init(columnNames: [String], columnTypes: [DataType], rows: [[KwilValue]]) {
        self.columnNames = columnNames
        self.columnTypes = columnTypes
        self.rows = rows
    }

    /// Rows keyed by column name.
    public var records: [[String: KwilValue]] {
        rows.map { Dictionary(zip(columnNames, $0), uniquingKeysWith: { a, _ in a }) }
    }
}
