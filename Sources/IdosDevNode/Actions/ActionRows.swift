/// The rows an action returns: named, typed columns and positional values. Non-TABLE actions that end
/// without a `return` yield zero rows (idos-actions.md §4.1).
public struct ActionRows: Sendable, Equatable {
    /// Column names and types, in order.
    public var columns: [(name: String, type: ActionType)]
    /// One array per row, aligned with `columns`.
    public var rows: [[ActionValue]]

    public init(columns: [(name: String, type: ActionType)], rows: [[ActionValue]] = []) {
        self.columns = columns
        self.rows = rows
    }

    /// No columns, no rows: what writes return.
    public static let empty = ActionRows(columns: [])

    public static func == (lhs: ActionRows, rhs: ActionRows) -> Bool {
        lhs.rows == rhs.rows && lhs.columns.map(\.name) == rhs.columns.map(\.name)
            && lhs.columns.map(\.type) == rhs.columns.map(\.type)
    }
}
