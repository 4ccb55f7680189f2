/// Every failure KwilKit reports. Descriptions are safe to log: they never carry keys or signatures.
public enum KwilError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Binary payload bytes ended early or held an invalid field; `context` names the field.
    case malformedEncoding(context: String)
    /// A typed value cannot be encoded (e.g. a NULL inside an untyped slot, a bad numeric string).
    case invalidValue(String)

    public var description: String {
        switch self {
        case .malformedEncoding(let context): "malformed Kwil encoding: \(context)"
        case .invalidValue(let message): "invalid Kwil value: \(message)"
        }
    }
}
