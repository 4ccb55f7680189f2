/// A `user.call` result decoded into typed rows (§7.4).
public struct QueryResult: Hashable, Sendable {
    public var columnNames: [String]
    public var columnTypes: [DataType]
    /// One array of typed values per row, in column order.
    public var rows: [[KwilValue]]

    /// Rows keyed by column name.
    public var records: [[String: KwilValue]] {
        rows.map { Dictionary(zip(columnNames, $0), uniquingKeysWith: { a, _ in a }) }
    }
}
