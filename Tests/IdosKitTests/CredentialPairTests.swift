import Foundation
import IdosCrypto
import IdosKit
import Testing

/// idos-issuer.md §13.3: the full credential pair, byte for byte, with the vector's ephemeral keys and
/// nonces injected; and the checks `open` makes.
@Suite struct CredentialPairTests {
    static let issuer = try! Ed25519.PrivateKey(Hex.decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"))
    static let issuerEncryption = try! SealedBox.KeyPair(secretKey: Array(0..<32))
    static let notes = #"{"id":"6f4a9a36-1b2c-4d5e-8f90-123456789abc","type":"KYC DATA","level":"basic+liveness","status":"approved","issuer":"MyIssuer"}"#
    static let plaintext = Array(#"{"hello":"idOS"}"#.utf8)

    static func user() throws -> SealedBox.KeyPair {
        try IdosKeyDerivation.deriveKeyPair(password: "correct horse battery staple", userId: "9f51b3b2-4cbe-4c2b-8ea3-0b0c1b2f1a11")
    }

    static func vectorPair() throws -> CredentialPair {
        let determinism = CredentialPair.Determinism(
            originalEphemeral: try SealedBox.KeyPair(secretKey: SHA256.hash(Array("ephemeral-original".utf8))),
            originalNonce: Array(0..<24),
            copyEphemeral: try SealedBox.KeyPair(secretKey: SHA256.hash(Array("ephemeral-copy".utf8))),
            copyNonce: Array(24..<48))
        return try CredentialPair(plaintext: plaintext, publicNotes: notes, userPublicKey: try user().publicKey,
                                  copyPublicKey: issuerEncryption.publicKey, issuer: issuer, determinism: determinism)
    }

    @Test func reproducesTheVectorPair() throws {
        #expect(Base64.encode(try Self.user().publicKey) == "Y+kNWSnoYhlBrsDQ/01FTfoHQ5CeXyjDEHbQmNDGOjw=")
        #expect(Base64.encode(Self.issuerEncryption.publicKey) == "j0DFrbaPJWJK5bIU6nZ6bslNgp09e14a0bpvPiE4KF8=")
        let pair = try Self.vectorPair()
        #expect(pair.contentHash == "25721b86e5fc7951d23b483609dad0a8169443b46c20278f92171f0184f37322")
        #expect(pair.original.issuerAuthPublicKey == "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
        #expect(pair.original.encryptorPublicKey == "5jZHj2c2C+2OoEA9qLd0kHQMYKS3glRnArtc9xcoQTc=")
        #expect(pair.original.content == "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXCC11JbqSWxk8cLGgtco+Axf5eMKXCFdElQeY2XYLXm4=")
        #expect(pair.original.publicNotes == Self.notes)
        #expect(pair.original.publicNotesSignature == "TcjfmgkocrxqndHJQb4HAAQINX0EJ6u/RyrSP+UDBJ2HSaR7hgIz/7ZQv+9hukrwofAe5qmRxfK3qpDBVt2fBQ==")
        #expect(pair.original.broaderSignature == "SPf9gGPIqDZ69Mjx5hIxXw+2C4EpcvfCIADegn4cXowKSuKSHCxn8n8QzOFnj6cMUCO20aQ2U9Vc2og+gEhkBg==")
        #expect(pair.copy.encryptorPublicKey == "4ygOpi8J3OqaxoAOBUURVy1pZu2eoBfR/xrAwyBEIGg=")
        #expect(pair.copy.content == "GBkaGxwdHh8gISIjJCUmJygpKissLS4viER1MVUAMrv/GQVmqlFJf/nkffjbgyAxWtcYqLQ8+7E=")
        #expect(pair.copy.publicNotes == "")
        #expect(pair.copy.publicNotesSignature == "5VZDAMNgrHKQhuLMgG6CioSHfx645dl02HPgZSJJAVVfuIIVkKM7rMYeOXAc+bRr0lv18FlbviRlUUFDjnoQCw==")
        #expect(pair.copy.broaderSignature == "hsNNr8nSFfjs1eJSWB6dNok2LEJ0JW9zvIDXh6jf1HaM9Odc+LQoKJx3Pj0scjlnmYc8KIOLiVbJtKqszahvDw==")
        #expect(try pair.open(userSecretKey: try Self.user().secretKey, copySecretKey: Self.issuerEncryption.secretKey) == Self.plaintext)
    }

    @Test func freshPairsUseFreshEphemeralKeysAndOpen() throws {
        let user = SealedBox.KeyPair.generate(), consumer = SealedBox.KeyPair.generate()
        let a = try CredentialPair(plaintext: Self.plaintext, publicNotes: Self.notes, userPublicKey: user.publicKey,
                                   copyPublicKey: consumer.publicKey, issuer: Self.issuer)
        let b = try CredentialPair(plaintext: Self.plaintext, publicNotes: Self.notes, userPublicKey: user.publicKey,
                                   copyPublicKey: consumer.publicKey, issuer: Self.issuer)
        let keys = Set([a.original.encryptorPublicKey, a.copy.encryptorPublicKey, b.original.encryptorPublicKey, b.copy.encryptorPublicKey])
        #expect(keys.count == 4, "every sealed copy has its own ephemeral key")
        #expect(a.original.content != b.original.content)
        #expect(try a.open(userSecretKey: user.secretKey, copySecretKey: consumer.secretKey) == Self.plaintext)
    }

    @Test func openRefusesTamperedOrMismatchedPairs() throws {
        let pair = try Self.vectorPair()
        let userSecret = try Self.user().secretKey, issuerSecret = Self.issuerEncryption.secretKey
        func with(original: CredentialCopy? = nil, copy: CredentialCopy? = nil, hash: String? = nil) -> CredentialPair {
            CredentialPair(originalId: pair.originalId, copyId: pair.copyId, original: original ?? pair.original, copy: copy ?? pair.copy,
                           contentHash: hash ?? pair.contentHash)
        }
        func edit(_ c: CredentialCopy, content: String? = nil, notes: String? = nil, broader: String? = nil, issuerKey: String? = nil) -> CredentialCopy {
            CredentialCopy(content: content ?? c.content, encryptorPublicKey: c.encryptorPublicKey, publicNotes: notes ?? c.publicNotes,
                           publicNotesSignature: c.publicNotesSignature, broaderSignature: broader ?? c.broaderSignature,
                           issuerAuthPublicKey: issuerKey ?? c.issuerAuthPublicKey)
        }
        var raw = try Base64.decode(pair.original.content)
        raw[raw.count - 1] ^= 1
        #expect(throws: CredentialPairError.badSignature("broader_signature does not verify with issuer_auth_public_key")) {
            try with(original: edit(pair.original, content: Base64.encode(raw))).open(userSecretKey: userSecret, copySecretKey: issuerSecret)
        }
        #expect(throws: CredentialPairError.badSignature("public_notes_signature does not verify with issuer_auth_public_key")) {
            try with(original: edit(pair.original, notes: #"{"level":"plus"}"#)).open(userSecretKey: userSecret, copySecretKey: issuerSecret)
        }
        #expect(throws: CredentialPairError.cannotDecrypt(CryptoError.decryptionFailed.description)) {
            try pair.open(userSecretKey: SealedBox.KeyPair.generate().secretKey, copySecretKey: issuerSecret)
        }
        #expect(throws: CredentialPairError.mismatch("content_hash is not the SHA-256 of the plaintext")) {
            try with(hash: String(repeating: "0", count: 64)).open(userSecretKey: userSecret, copySecretKey: issuerSecret)
        }
        #expect(throws: CredentialPairError.mismatch("the original and the copy name different issuers")) {
            try with(copy: edit(pair.copy, issuerKey: String(repeating: "ab", count: 32))).open(userSecretKey: userSecret, copySecretKey: issuerSecret)
        }
        #expect(throws: CredentialPairError.malformed("a signature, the content or the issuer key is not valid base64/hex")) {
            try edit(pair.original, broader: "%%%").verifySignatures()
        }
    }
}
