/// IdosCrypto: the cryptographic primitives and encodings the idOS protocol needs.
///
/// Hashes (`Keccak256`, `SHA256`, `SHA384`, `SHA512`, `SHA1`, `RIPEMD160`), signatures (`Ed25519`,
/// `Secp256k1`, `EIP191`), NaCl box encryption (`SealedBox`), the idOS scrypt key derivation
/// (`IdosKeyDerivation`), and encodings (`Hex`, `Base64`, `Base58`, `ASCII85`, `StrKey`, `XRPLAddress`,
/// `EthereumAddress`, `NEARAccountId`, `Multibase`, `UUIDv5`, `NEP413`). Decoders of identity encodings
/// accept only the canonical spelling (exact length, no trailing characters, zero unused bits). Pure
/// functions over bytes; no I/O. Backed by libsodium and libsecp256k1.

/// Failures of IdosCrypto. Each case says what was wrong with the input; none carries secret material.
public enum CryptoError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Text that should be in `encoding` is not (e.g. an odd-length hex string or a `0` in base58).
    case invalidEncoding(encoding: String, reason: String)
    /// A key, signature, nonce or hash had the wrong number of bytes.
    case invalidLength(what: String, expected: String, actual: Int)
    /// Bytes of the right length that are not a valid key or signature (off the curve, bad recovery id).
    case invalidKey(what: String)
    /// A ciphertext that does not authenticate under the given keys.
    case decryptionFailed
    /// The user id used as a KDF salt is not a version-4 UUID string.
    case invalidSalt(String)
    /// A checksum embedded in an address did not match.
    case checksumMismatch(what: String)
    /// The underlying C library refused the operation.
    case libraryFailure(String)

    public var description: String {
        switch self {
        case let .invalidEncoding(encoding, reason): "invalid \(encoding): \(reason)"
        case let .invalidLength(what, expected, actual): "\(what) must be \(expected) bytes, got \(actual)"
        case let .invalidKey(what): "\(what) is not a valid key or signature"
        case .decryptionFailed: "ciphertext does not authenticate with these keys (wrong key, or the content was altered or truncated)"
        case let .invalidSalt(salt): "user id '\(salt)' is not a version-4 UUID (xxxxxxxx-xxxx-4xxx-xxxx-xxxxxxxxxxxx); the idOS enclave rejects any other salt"
        case let .checksumMismatch(what): "\(what) checksum does not match"
        case let .libraryFailure(what): "crypto library failure: \(what)"
        }
    }
}
