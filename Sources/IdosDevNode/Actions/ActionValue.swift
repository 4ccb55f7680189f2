public import Foundation

/// A decoded Kwil scalar as the action layer sees it: the wire layer turns `EncodedValue`s into these, and
/// results go back out as these. `NULL` carries no type: Kwil accepts NULL for any declared type.
public enum ActionValue: Sendable, Equatable, CustomStringConvertible {
    case null
    case text(String)
    case int(Int64)
    case bool(Bool)
    case uuid(UUID)
    /// A decimal in its text form (`NUMERIC(p,s)` travels as a string on the Kwil wire).
    case numeric(String)

    /// The Kwil type name of this value (`null` for NULL).
    public var typeName: String {
        switch self {
        case .null: "null"
        case .text: "text"
        case .int: "int8"
        case .bool: "bool"
        case .uuid: "uuid"
        case .numeric: "numeric"
        }
    }

    public var description: String {
        switch self {
        case .null: "NULL"
        case let .text(s): "'\(s)'"
        case let .int(i): String(i)
        case let .bool(b): String(b)
        case let .uuid(u): u.uuidString.lowercased()
        case let .numeric(n): n
        }
    }

    /// The text, or nil for NULL (callers have checked the declared type).
    var textValue: String? { if case let .text(s) = self { s } else { nil } }
    /// The UUID, or nil for NULL.
    var uuidValue: UUID? { if case let .uuid(u) = self { u } else { nil } }
    /// The integer, or nil for NULL.
    var intValue: Int64? { if case let .int(i) = self { i } else { nil } }
    /// The decimal text, or nil for NULL.
    var numericValue: String? { if case let .numeric(n) = self { n } else { nil } }
}

/// A declared Kwil type of a parameter or result column.
public struct ActionType: Sendable, Equatable, CustomStringConvertible {
    /// `text`, `int8`, `bool`, `uuid` or `numeric`.
    public var name: String
    /// Numeric precision and scale; (0, 0) for the other types.
    public var precision: UInt16 = 0
    public var scale: UInt16 = 0

    public static let text = ActionType(name: "text")
    public static let int8 = ActionType(name: "int8")
    public static let bool = ActionType(name: "bool")
    public static let uuid = ActionType(name: "uuid")
    public static func numeric(_ precision: UInt16, _ scale: UInt16) -> ActionType {
        ActionType(name: "numeric", precision: precision, scale: scale)
    }

    /// `numeric(78,0)` style for numerics, else the name.
    public var description: String { name == "numeric" ? "numeric(\(precision),\(scale))" : name }
}

/// An argument as it arrived: the wire type it declared and its value.
public struct TypedArgument: Sendable, Equatable {
    /// The declared wire type (`null` when the client sent an untyped NULL).
    public var type: ActionType
    /// The value (`.null` when the element was NULL).
    public var value: ActionValue

    public init(type: ActionType, value: ActionValue) {
        self.type = type
        self.value = value
    }
}
