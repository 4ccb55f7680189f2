/// Failures of the node writer. Each case tells the job what to do next.
public enum NodeWriteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// This process holds no signing key's lane (another worker signs): try again later or elsewhere.
    case noSigner
    /// The write could not be prepared (a builder refused its arguments): a bug or bad stored data.
    case invalidWrite(String)
    /// The database or every node failed; nothing was lost, retry later.
    case unavailable(String)

    public var description: String {
        switch self {
        case .noSigner: "this worker holds no signing key's nonce lane"
        case .invalidWrite(let m): "invalid write: \(m)"
        case .unavailable(let m): "unavailable: \(m)"
        }
    }
}
