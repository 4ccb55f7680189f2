import Foundation
import KwilKit

/// How action bodies read their checked arguments (nil for NULL: the declared type was checked before the
/// body runs) and write their result cells.
extension KwilValue {
    /// The text, or nil for NULL.
    var textValue: String? { if case let .text(s) = self { s } else { nil } }
    /// The UUID, or nil for NULL.
    var uuidValue: UUID? { if case let .uuid(u) = self { u } else { nil } }
    /// The integer, or nil for NULL.
    var intValue: Int64? { if case let .int8(i) = self { i } else { nil } }
    /// The decimal text, or nil for NULL.
    var numericValue: String? { if case let .numeric(n, _, _) = self { n } else { nil } }

    /// A text cell, NULL when nil.
    static func nullableText(_ value: String?) -> KwilValue { value.map(KwilValue.text) ?? .null(.text) }
    /// A UUID cell, NULL when nil.
    static func nullableUUID(_ value: UUID?) -> KwilValue { value.map(KwilValue.uuid) ?? .null(.uuid) }
    /// A NUMERIC(78,0) cell (token amounts, gas).
    static func numeric78(_ decimal: String) -> KwilValue { .numeric(decimal, precision: 78, scale: 0) }
}
