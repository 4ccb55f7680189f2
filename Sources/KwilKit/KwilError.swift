/// Every failure KwilKit reports. Descriptions are safe to log: they never carry keys or signatures.
public enum KwilError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Binary payload bytes ended early or held an invalid field; `context` names the field.
    case malformedEncoding(context: String)
    /// A typed value cannot be encoded (e.g. a NULL inside an untyped slot, a bad numeric string).
    case invalidValue(String)
    /// A signing key was malformed (the message never contains key material).
    case invalidKey(String)
    /// A transaction's signature does not verify for its sender and signature type.
    case invalidSignature(String)

    public var description: String {
        switch self {
        case .malformedEncoding(let context): "malformed Kwil encoding: \(context)"
        case .invalidValue(let message): "invalid Kwil value: \(message)"
        case .invalidKey(let message): "invalid signing key: \(message)"
        case .invalidSignature(let message): "invalid signature: \(message)"
        }
    }
}
