/// Why a wallet-ownership proof was refused. `isMalformed` separates bad input (fix the request)
/// from a well-formed proof that does not verify.
public enum WalletProofError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A field is not in the expected encoding (hex, base58, StrKey, `ed25519:…`, NEP-413 blob, …).
    case badEncoding(field: String, reason: String)
    /// A field decoded to the wrong number of bytes.
    case wrongLength(field: String, expected: String, actual: Int)
    /// The wallet type needs a public key and none was given.
    case missingPublicKey(WalletType)
    /// The wallet type is not one idOS knows.
    case unsupportedType(String)
    /// The signature does not verify for this message and key.
    case signatureMismatch(reason: String)
    /// The signature verifies, but for a key that does not belong to the claimed address.
    case addressMismatch(claimed: String, derived: String)

    /// True when the request itself is malformed (HTTP 400 / CLI exit 2) rather than a failed proof.
    public var isMalformed: Bool {
        switch self {
        case .badEncoding, .wrongLength, .missingPublicKey, .unsupportedType: true
        case .signatureMismatch, .addressMismatch: false
        }
    }

    public var description: String {
        switch self {
        case let .badEncoding(field, reason): "\(field) is malformed: \(reason)"
        case let .wrongLength(field, expected, actual): "\(field) must be \(expected) bytes, got \(actual)"
        case let .missingPublicKey(type): "a \(type.rawValue) wallet needs --public-key (the schema requires it)"
        case let .unsupportedType(type): "wallet type '\(type)' is not supported; use one of \(WalletType.allCases.map(\.rawValue).joined(separator: ", "))"
        case let .signatureMismatch(reason): "signature does not verify: \(reason)"
        case let .addressMismatch(claimed, derived): "the signing key belongs to \(derived), not to the claimed address \(claimed)"
        }
    }
}
