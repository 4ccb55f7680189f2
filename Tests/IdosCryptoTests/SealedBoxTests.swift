import IdosCrypto
import Testing

@Suite struct SealedBoxTests {
    // idos-issuer.md §13.3.
    static let userPublicKey = "Y+kNWSnoYhlBrsDQ/01FTfoHQ5CeXyjDEHbQmNDGOjw="
    static let userSecretKey = "8iTwhZxrtQGKVV5OMthD5DxFc8c6B8h9MnU2Sh6JTTM="
    static let issuerSecretKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
    static let plaintext = u(#"{"hello":"idOS"}"#)

    @Test func issuerEncryptionKeyVector() throws {
        let pair = try SealedBox.KeyPair(secretKey: b64(Self.issuerSecretKey))
        #expect(Base64.encode(pair.publicKey) == "j0DFrbaPJWJK5bIU6nZ6bslNgp09e14a0bpvPiE4KF8=")
    }

    @Test func originalCredentialContentVector() throws {
        let ephemeral = try SealedBox.KeyPair(secretKey: SHA256.hash("ephemeral-original"))
        #expect(Hex.encode(ephemeral.secretKey) == "8bd74bab5398780b403c8dba0aa5f1151acd8858a6cb588a0ef17108529fe10a")
        let sealed = try SealedBox.seal(Self.plaintext, to: b64(Self.userPublicKey), ephemeral: ephemeral,
                                        nonce: h("000102030405060708090a0b0c0d0e0f1011121314151617"))
        #expect(Base64.encode(sealed.encryptorPublicKey) == "5jZHj2c2C+2OoEA9qLd0kHQMYKS3glRnArtc9xcoQTc=")
        #expect(Base64.encode(sealed.content) == "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXCC11JbqSWxk8cLGgtco+Axf5eMKXCFdElQeY2XYLXm4=")
        let opened = try SealedBox.open(sealed.content, senderPublicKey: sealed.encryptorPublicKey, recipientSecretKey: b64(Self.userSecretKey))
        #expect(opened == Self.plaintext)
    }

    @Test func copyCredentialContentVector() throws {
        let issuer = try SealedBox.KeyPair(secretKey: b64(Self.issuerSecretKey))
        let ephemeral = try SealedBox.KeyPair(secretKey: SHA256.hash("ephemeral-copy"))
        let sealed = try SealedBox.seal(Self.plaintext, to: issuer.publicKey, ephemeral: ephemeral,
                                        nonce: h("18191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f"))
        #expect(Base64.encode(sealed.encryptorPublicKey) == "4ygOpi8J3OqaxoAOBUURVy1pZu2eoBfR/xrAwyBEIGg=")
        #expect(Base64.encode(sealed.content) == "GBkaGxwdHh8gISIjJCUmJygpKissLS4viER1MVUAMrv/GQVmqlFJf/nkffjbgyAxWtcYqLQ8+7E=")
        #expect(try SealedBox.open(sealed.content, senderPublicKey: sealed.encryptorPublicKey, recipientSecretKey: issuer.secretKey) == Self.plaintext)
    }

    @Test func everySealUsesAFreshEphemeralKeyAndNonce() throws {
        let recipient = SealedBox.KeyPair.generate()
        let a = try SealedBox.seal(Self.plaintext, to: recipient.publicKey)
        let b = try SealedBox.seal(Self.plaintext, to: recipient.publicKey)
        #expect(a.encryptorPublicKey != b.encryptorPublicKey)
        #expect(a.content.prefix(24) != b.content.prefix(24))
        #expect(a.content.count == 24 + 16 + Self.plaintext.count)
    }

    @Test func randomRoundTripsAndFailures() throws {
        for _ in 0..<30 {
            let recipient = SealedBox.KeyPair.generate()
            let message = secureRandomBytes(Int(secureRandomBytes(1)[0]) * 8)
            let sealed = try SealedBox.seal(message, to: recipient.publicKey)
            #expect(try SealedBox.open(sealed.content, senderPublicKey: sealed.encryptorPublicKey, recipientSecretKey: recipient.secretKey) == message)
            // Wrong recipient key.
            #expect(throws: CryptoError.decryptionFailed) {
                try SealedBox.open(sealed.content, senderPublicKey: sealed.encryptorPublicKey, recipientSecretKey: SealedBox.KeyPair.generate().secretKey)
            }
            // Tampered byte anywhere after the nonce.
            var tampered = sealed.content
            tampered[24 + Int(secureRandomBytes(1)[0]) % (tampered.count - 24)] ^= 1
            #expect(throws: CryptoError.decryptionFailed) {
                try SealedBox.open(tampered, senderPublicKey: sealed.encryptorPublicKey, recipientSecretKey: recipient.secretKey)
            }
            // Truncated ciphertext: too short to hold nonce and MAC, or a MAC that no longer authenticates.
            let truncated = Array(sealed.content.dropLast())
            let expected: CryptoError = truncated.count < 40
                ? .invalidLength(what: "box content (nonce ‖ MAC ‖ ciphertext)", expected: "at least 40", actual: truncated.count)
                : .decryptionFailed
            #expect(throws: expected) {
                try SealedBox.open(truncated, senderPublicKey: sealed.encryptorPublicKey, recipientSecretKey: recipient.secretKey)
            }
        }
    }

    @Test func rejectsWrongKeyAndNonceSizes() {
        #expect(throws: CryptoError.invalidLength(what: "recipient X25519 public key", expected: "32", actual: 3)) {
            try SealedBox.seal([1], to: [1, 2, 3])
        }
        #expect(throws: CryptoError.invalidLength(what: "box content (nonce ‖ MAC ‖ ciphertext)", expected: "at least 40", actual: 39)) {
            try SealedBox.open(Array(repeating: 0, count: 39), senderPublicKey: Array(repeating: 9, count: 32), recipientSecretKey: Array(repeating: 1, count: 32))
        }
        #expect(throws: CryptoError.invalidLength(what: "X25519 secret key", expected: "32", actual: 1)) { try SealedBox.KeyPair(secretKey: [1]) }
    }
}
