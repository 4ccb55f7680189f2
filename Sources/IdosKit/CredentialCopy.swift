public import IdosCrypto

/// One encrypted credential row as the node stores it (idos-issuer.md §5): content sealed to one recipient
/// with a fresh ephemeral X25519 key, public notes signed by the issuer's Ed25519 key, and the broader
/// signature over the notes signature and the raw content bytes. All fields are the wire strings.
public struct CredentialCopy: Sendable, Hashable {
    /// base64(nonce24 ‖ MAC ‖ ciphertext).
    public let content: String
    /// base64 of the ephemeral X25519 public key.
    public let encryptorPublicKey: String
    /// The public notes (a JSON string; `""` for copies).
    public let publicNotes: String
    /// base64(Ed25519(notes)).
    public let publicNotesSignature: String
    /// base64(Ed25519(rawSig(notes) ‖ rawBytes(content))).
    public let broaderSignature: String
    /// Lower-case hex of the issuer's Ed25519 public key (`issuer_auth_public_key`).
    public let issuerAuthPublicKey: String

    /// Seals `plaintext` to `recipientPublicKey` and signs it with `issuer`. `ephemeral` and `nonce` are for
    /// reproducing fixed vectors only (nil: fresh random ones, which is what issuing must use).
    public init(plaintext: [UInt8], to recipientPublicKey: [UInt8], publicNotes: String, issuer: Ed25519.PrivateKey,
                ephemeral: SealedBox.KeyPair? = nil, nonce: [UInt8]? = nil) throws(CryptoError) {
        let sealed: SealedBox.Sealed
        if let ephemeral, let nonce {
            sealed = try SealedBox.seal(plaintext, to: recipientPublicKey, ephemeral: ephemeral, nonce: nonce)
        } else {
            sealed = try SealedBox.seal(plaintext, to: recipientPublicKey)
        }
        let notesSignature = issuer.sign(Array(publicNotes.utf8))
        content = Base64.encode(sealed.content)
        encryptorPublicKey = Base64.encode(sealed.encryptorPublicKey)
        self.publicNotes = publicNotes
        publicNotesSignature = Base64.encode(notesSignature)
        broaderSignature = Base64.encode(issuer.sign(notesSignature + sealed.content))
        issuerAuthPublicKey = Hex.encode(issuer.publicKey)
    }

    /// A row as read back from a node.
    public init(content: String, encryptorPublicKey: String, publicNotes: String, publicNotesSignature: String,
                broaderSignature: String, issuerAuthPublicKey: String) {
        self.content = content
        self.encryptorPublicKey = encryptorPublicKey
        self.publicNotes = publicNotes
        self.publicNotesSignature = publicNotesSignature
        self.broaderSignature = broaderSignature
        self.issuerAuthPublicKey = issuerAuthPublicKey
    }

    /// Checks both signatures against `issuerAuthPublicKey` as the node does, without decrypting.
    public func verifySignatures() throws(CredentialPairError) {
        let key: [UInt8], notesSignature: [UInt8], broader: [UInt8], raw: [UInt8]
        do {
            key = try Hex.decode(issuerAuthPublicKey)
            notesSignature = try Base64.decode(publicNotesSignature)
            broader = try Base64.decode(broaderSignature)
            raw = try Base64.decode(content)
        } catch { throw .malformed("a signature, the content or the issuer key is not valid base64/hex") }
        guard key.count == 32 else { throw .malformed("issuer_auth_public_key must be 32 bytes of hex") }
        guard Ed25519.verify(signature: notesSignature, message: Array(publicNotes.utf8), publicKey: key) else {
            throw .badSignature("public_notes_signature does not verify with issuer_auth_public_key")
        }
        guard Ed25519.verify(signature: broader, message: notesSignature + raw, publicKey: key) else {
            throw .badSignature("broader_signature does not verify with issuer_auth_public_key")
        }
    }

    /// Verifies the signatures, then decrypts with the recipient's X25519 secret key.
    public func open(recipientSecretKey: [UInt8]) throws(CredentialPairError) -> [UInt8] {
        try verifySignatures()
        do {
            return try SealedBox.open(try Base64.decode(content), senderPublicKey: try Base64.decode(encryptorPublicKey),
                                      recipientSecretKey: recipientSecretKey)
        } catch { throw .cannotDecrypt("\(error)") }
    }
}
