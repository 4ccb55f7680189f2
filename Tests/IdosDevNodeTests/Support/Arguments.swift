import Foundation
import KwilKit

/// Short constructors for typed action arguments (a nil gives a typed NULL).
enum Arg {
    static func text(_ s: String?) -> KwilValue { s.map(KwilValue.text) ?? .null(.text) }
    static func uuid(_ u: UUID?) -> KwilValue { u.map(KwilValue.uuid) ?? .null(.uuid) }
    static func int(_ i: Int64?) -> KwilValue { i.map(KwilValue.int8) ?? .null(.int8) }
}

extension QueryResult {
    /// The value of `column` in row `index`.
    func value(_ column: String, row index: Int = 0) -> KwilValue? {
        guard index < rows.count, let c = columnNames.firstIndex(of: column) else { return nil }
        return rows[index][c]
    }

    /// The typed value of `column` in the first row.
    func first(_ column: String) -> KwilValue? { value(column) }

    /// The text of `column` in row `index`.
    func text(_ column: String, row index: Int = 0) -> String? {
        if case let .text(s)? = value(column, row: index) { return s }
        return nil
    }
}

extension KwilValue {
    /// The UUID, or nil.
    var uuidValue: UUID? { if case let .uuid(u) = self { u } else { nil } }
}
