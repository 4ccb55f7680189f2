public import Foundation
public import IdosCrypto

/// What an issuer writes for one credential (idos-issuer.md §3.5, §5): the original sealed to the user's
/// idOS key with the public notes, and a copy sealed to the issuer's (or a consumer's) encryption key with
/// empty notes, each with its own fresh ephemeral key, plus the ids and the plaintext's `content_hash`.
public struct CredentialPair: Sendable, Hashable {
    public let originalId: UUID
    public let copyId: UUID
    public let original: CredentialCopy
    public let copy: CredentialCopy
    /// Lower-case hex SHA-256 of the plaintext (the access grant's `content_hash`).
    public let contentHash: String

    /// Fixed ephemeral keys and nonces, for reproducing vectors in tests only.
    public struct Determinism: Sendable {
        public var originalEphemeral: SealedBox.KeyPair
        public var originalNonce: [UInt8]
        public var copyEphemeral: SealedBox.KeyPair
        public var copyNonce: [UInt8]
        public init(originalEphemeral: SealedBox.KeyPair, originalNonce: [UInt8], copyEphemeral: SealedBox.KeyPair, copyNonce: [UInt8]) {
            self.originalEphemeral = originalEphemeral; self.originalNonce = originalNonce
            self.copyEphemeral = copyEphemeral; self.copyNonce = copyNonce
        }
    }

    /// Builds the pair for `plaintext` (the signed VC's UTF-8 JSON).
    /// - Parameters:
    ///   - userPublicKey: the user's X25519 key (`recipient_encryption_public_key`, decoded).
    ///   - copyPublicKey: the issuer's own encryption key, or a consumer's.
    ///   - issuer: the issuer's Ed25519 signing key (its public half is `issuer_auth_public_key`).
    public init(plaintext: [UInt8], publicNotes: String, userPublicKey: [UInt8], copyPublicKey: [UInt8], issuer: Ed25519.PrivateKey,
                originalId: UUID = UUID(), copyId: UUID = UUID(), determinism: Determinism? = nil) throws(CredentialPairError) {
        do {
            original = try CredentialCopy(plaintext: plaintext, to: userPublicKey, publicNotes: publicNotes, issuer: issuer,
                                          ephemeral: determinism?.originalEphemeral, nonce: determinism?.originalNonce)
            copy = try CredentialCopy(plaintext: plaintext, to: copyPublicKey, publicNotes: "", issuer: issuer,
                                      ephemeral: determinism?.copyEphemeral, nonce: determinism?.copyNonce)
        } catch { throw .malformed("\(error)") }
        guard original.encryptorPublicKey != copy.encryptorPublicKey else {
            throw .mismatch("the original and the copy must not share an ephemeral key")
        }
        self.originalId = originalId
        self.copyId = copyId
        contentHash = Self.contentHash(plaintext)
    }

    /// A pair as read back (or received) for checking.
    public init(originalId: UUID, copyId: UUID, original: CredentialCopy, copy: CredentialCopy, contentHash: String) {
        self.originalId = originalId; self.copyId = copyId; self.original = original; self.copy = copy; self.contentHash = contentHash
    }

    /// `content_hash`: lower-case hex SHA-256 of the plaintext bytes.
    public static func contentHash(_ plaintext: [UInt8]) -> String { Hex.encode(SHA256.hash(plaintext)) }

    /// Checks the pair end to end: both copies' signatures, same issuer, the copy's notes empty, each side
    /// decrypts with its secret key, both plaintexts equal and match `contentHash`. Returns the plaintext.
    public func open(userSecretKey: [UInt8], copySecretKey: [UInt8]) throws(CredentialPairError) -> [UInt8] {
        guard original.issuerAuthPublicKey == copy.issuerAuthPublicKey else {
            throw .mismatch("the original and the copy name different issuers")
        }
        guard copy.publicNotes.isEmpty else { throw .mismatch("a copy's public notes must be empty") }
        let plaintext = try original.open(recipientSecretKey: userSecretKey)
        guard try copy.open(recipientSecretKey: copySecretKey) == plaintext else {
            throw .mismatch("the original and the copy decrypt to different plaintexts")
        }
        guard Self.contentHash(plaintext) == contentHash.lowercased() else {
            throw .mismatch("content_hash is not the SHA-256 of the plaintext")
        }
        return plaintext
    }
}
