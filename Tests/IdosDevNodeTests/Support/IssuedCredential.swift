import Foundation
import IdosCrypto
import KwilKit
import IdosKit

/// The tests' credential rows are IdosKit's `CredentialCopy` (sealed to one recipient, signed by the issuer),
/// with text plaintexts for brevity.
typealias IssuedCredential = CredentialCopy

extension CredentialCopy {
    init(plaintext: String, to recipientPublicKey: [UInt8], publicNotes: String, issuer: Ed25519.PrivateKey) throws {
        try self.init(plaintext: Array(plaintext.utf8), to: recipientPublicKey, publicNotes: publicNotes, issuer: issuer)
    }

    /// `issuer_auth_public_key`.
    var issuerPublicKey: String { issuerAuthPublicKey }

    /// Opens content sealed to `recipient`.
    static func open(content: String, encryptorPublicKey: String, recipient: SealedBox.KeyPair) throws -> String {
        let bytes = try SealedBox.open(try Base64.decode(content), senderPublicKey: try Base64.decode(encryptorPublicKey),
                                       recipientSecretKey: recipient.secretKey)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `content_hash` of a text plaintext.
    static func contentHash(_ plaintext: String) -> String { CredentialPair.contentHash(Array(plaintext.utf8)) }
}
