internal import IdosCrypto

extension RDFCanonicalizer {
    /// RDFC-1.0's hash-algorithm parameter. The names are the ones the W3C test suite's
    /// `hashAlgorithm` field uses.
    public enum HashAlgorithm: String, Sendable, CaseIterable {
        /// SHA-256, RDFC-1.0's default (and what Ed25519Signature2020 uses).
        case sha256 = "SHA256"
        /// SHA-384.
        case sha384 = "SHA384"

        /// Lower-case hex of the digest of `text`'s UTF-8 bytes, as RDFC-1.0 writes every hash.
        func hexDigest(_ text: String) -> String {
            switch self {
            case .sha256: Hex.encode(SHA256.hash(Array(text.utf8)))
            case .sha384: Hex.encode(SHA384.hash(Array(text.utf8)))
            }
        }
    }
}
