import Foundation
import IdosCrypto

/// A credential as an issuer builds it (idos-issuer.md §5): content sealed to a recipient with a fresh
/// ephemeral key, public notes signed by the issuer's ed25519 key, and the broader signature over the notes
/// signature and the raw content.
struct IssuedCredential {
    let content: String
    let encryptorPublicKey: String
    let publicNotes: String
    let publicNotesSignature: String
    let broaderSignature: String
    let issuerPublicKey: String

    init(plaintext: String, to recipientPublicKey: [UInt8], publicNotes: String, issuer: Ed25519.PrivateKey) throws {
        let sealed = try SealedBox.seal(Array(plaintext.utf8), to: recipientPublicKey)
        let notesSignature = issuer.sign(Array(publicNotes.utf8))
        content = Base64.encode(sealed.content)
        encryptorPublicKey = Base64.encode(sealed.encryptorPublicKey)
        self.publicNotes = publicNotes
        publicNotesSignature = Base64.encode(notesSignature)
        broaderSignature = Base64.encode(issuer.sign(notesSignature + sealed.content))
        issuerPublicKey = Hex.encode(issuer.publicKey)
    }

    /// Opens content sealed to `recipient`.
    static func open(content: String, encryptorPublicKey: String, recipient: SealedBox.KeyPair) throws -> String {
        let bytes = try SealedBox.open(try Base64.decode(content), senderPublicKey: try Base64.decode(encryptorPublicKey),
                                       recipientSecretKey: recipient.secretKey)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `content_hash`: lower-case hex SHA-256 of the plaintext.
    static func contentHash(_ plaintext: String) -> String { Hex.encode(SHA256.hash(Array(plaintext.utf8))) }
}
