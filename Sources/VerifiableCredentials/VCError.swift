/// Failures of the `VerifiableCredentials` module. JSON-LD processing errors carry the error code the
/// JSON-LD 1.1 API names (e.g. "invalid context entry"), so callers and test suites can match on it.
/// Descriptions never include document content beyond short names (IRIs, terms, keywords).
public enum VCError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The input is not valid JSON.
    case malformedJSON(offset: Int, reason: String)
    /// A JSON-LD processing error; `code` is the spec's error code.
    case jsonLD(code: JSONLDErrorCode, detail: String)
    /// Safe mode refused to drop data silently (an unmapped property, a relative IRI, …).
    case unsafeDrop(event: String, detail: String)
    /// The document loader refused or failed to load a URL.
    case documentNotAvailable(url: String)
    /// The N-Quads input is malformed.
    case malformedNQuads(line: Int, reason: String)
    /// RDFC-1.0 gave up: the graph needs more hash-n-degree-quads work than allowed (a poison graph).
    case canonicalizationWorkLimitExceeded(limit: Int)
    /// The credential or proof lacks something or has an unexpected shape.
    case invalidCredential(reason: String)
    /// A key could not be read.
    case invalidKey(reason: String)

    public var description: String {
        switch self {
        case .malformedJSON(let offset, let reason): return "malformed JSON at byte \(offset): \(reason)"
        case .jsonLD(let code, let detail): return "JSON-LD error '\(code.rawValue)': \(detail)"
        case .unsafeDrop(let event, let detail): return "safe mode: \(event): \(detail)"
        case .documentNotAvailable(let url): return "document loader: '\(url)' is not an allowed document"
        case .malformedNQuads(let line, let reason): return "malformed N-Quads at line \(line): \(reason)"
        case .canonicalizationWorkLimitExceeded(let limit):
            return "RDFC-1.0: the hash-n-degree-quads work limit (\(limit)) was exceeded (poison graph?)"
        case .invalidCredential(let reason): return "invalid credential: \(reason)"
        case .invalidKey(let reason): return "invalid key: \(reason)"
        }
    }
}
