import Foundation
@testable import IdosDevNode

/// Short constructors for typed action arguments.
enum Arg {
    static func text(_ s: String?) -> TypedArgument { TypedArgument(type: .text, value: s.map(ActionValue.text) ?? .null) }
    static func uuid(_ u: UUID?) -> TypedArgument { TypedArgument(type: .uuid, value: u.map(ActionValue.uuid) ?? .null) }
    static func int(_ i: Int64?) -> TypedArgument { TypedArgument(type: .int8, value: i.map(ActionValue.int) ?? .null) }
}

extension ActionRows {
    /// The value of `column` in row `index`.
    func value(_ column: String, row index: Int = 0) -> ActionValue? {
        guard index < rows.count, let c = columns.firstIndex(where: { $0.name == column }) else { return nil }
        return rows[index][c]
    }

    func text(_ column: String, row index: Int = 0) -> String? { value(column, row: index)?.textValue }
}
