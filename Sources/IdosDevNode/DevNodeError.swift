/// Failures of the devnode. Action failures carry the exact text a real node would log; the RPC layer
/// maps each case to a JSON-RPC error or a mined tx result.
public enum DevNodeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An action ran `error(message)`: the tx is mined with a non-zero code and this log; a call answers
    /// with this text in `error`.
    case raised(String)
    /// An engine-level failure (unknown or private action, wrong argument count or type, a database
    /// constraint): reported like `raised` but not an idOS string.
    case engine(String)
    /// The configuration is unusable (bad `--delegate`, bad URL, bad fault JSON). Fix the input.
    case invalidConfiguration(String)
    /// The request or transaction could not be decoded.
    case malformed(String)

    public var description: String {
        switch self {
        case let .raised(m): m
        case let .engine(m): m
        case let .invalidConfiguration(m): "invalid configuration: \(m)"
        case let .malformed(m): "malformed input: \(m)"
        }
    }

    /// The message a tx log or call `error` shows.
    var logMessage: String {
        switch self {
        case let .raised(m), let .engine(m): m
        default: description
        }
    }
}
