/// Why a credential pair could not be built, opened or checked.
public enum CredentialPairError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A field is not valid base64/hex or has the wrong length.
    case malformed(String)
    /// A signature does not verify with the issuer's key.
    case badSignature(String)
    /// The content does not open with the given secret key (wrong key or tampered bytes).
    case cannotDecrypt(String)
    /// The two copies, or a copy and the content hash, do not agree.
    case mismatch(String)

    public var description: String {
        switch self {
        case .malformed(let m): "malformed credential: \(m)"
        case .badSignature(let m): "bad signature: \(m)"
        case .cannotDecrypt(let m): "cannot decrypt: \(m)"
        case .mismatch(let m): "mismatch: \(m)"
        }
    }
}
