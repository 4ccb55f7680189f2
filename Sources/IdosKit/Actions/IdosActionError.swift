/// Why an `IdosActionCall` could not be built or converted. Descriptions name the action and parameter,
/// never a value.
public enum IdosActionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No client-visible action has this name.
    case unknownAction(String)
    /// The number of arguments differs from the catalog's.
    case arity(action: String, expected: Int, got: Int)
    /// An argument's Kwil type differs from the parameter's (`index` is 1-based, as Kwil counts).
    case argumentType(action: String, index: Int, parameter: String, expected: String, got: String)
    /// NULL for a parameter the SDK does not mark optional.
    case missingArgument(action: String, parameter: String)
    /// A VIEW was asked for as a transaction, or a write as a `user.call`.
    case wrongKind(action: String, isView: Bool)
    /// The payload could not be encoded (`KwilError` text).
    case encoding(String)

    public var description: String {
        switch self {
        case let .unknownAction(name): "unknown idOS action '\(name)'"
        case let .arity(action, expected, got): "\(action) takes \(expected) arguments, got \(got)"
        case let .argumentType(action, index, parameter, expected, got):
            "\(action) argument \(index) (\(parameter)) must be \(expected), got \(got)"
        case let .missingArgument(action, parameter): "\(action) needs a value for \(parameter)"
        case let .wrongKind(action, isView):
            isView ? "\(action) is a VIEW: send it with user.call" : "\(action) writes: send it as a signed transaction"
        case let .encoding(reason): "cannot encode the payload: \(reason)"
        }
    }
}
