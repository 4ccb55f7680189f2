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
    /// Proof rule: the proof's `proofPurpose` is not `assertionMethod`, the purpose an issuer signs a
    /// credential with. The proof may be valid for something else; it does not make this a credential.
    case proofPurposeNotAssertionMethod(found: String)
    /// Proof rule: the credential's `issuer` is not the one the verifier pinned (`expected` is the
    /// pinned base URL; the issuer must be `<expected>/issuers/N`).
    case issuerNotPinned(expected: String, found: String)
    /// Proof rule: the proof's `verificationMethod` is not a key of the credential's `issuer`
    /// (`<base>/issuers/N` owns only `<base>/keys/M`). Someone signed in another issuer's name.
    case verificationMethodNotOwnedByIssuer(verificationMethod: String, issuer: String)
    /// Proof rule: the Ed25519 signature does not verify with the given key (the credential was
    /// altered, or another key signed it).
    case signatureMismatch

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
        case .proofPurposeNotAssertionMethod(let found):
            return "proof rule 'proofPurpose' failed: it is '\(found)', a credential's proof must be 'assertionMethod'"
        case .issuerNotPinned(let expected, let found):
            return "proof rule 'issuer' failed: the credential's issuer is '\(found)', expected \(expected)/issuers/N"
        case .verificationMethodNotOwnedByIssuer(let method, let issuer):
            return "proof rule 'verificationMethod' failed: '\(method)' is not a key of the issuer '\(issuer)' (<base>/issuers/N owns only <base>/keys/M)"
        case .signatureMismatch:
            return "proof rule 'signature' failed: the proof does not verify with the given key"
        }
    }
}
