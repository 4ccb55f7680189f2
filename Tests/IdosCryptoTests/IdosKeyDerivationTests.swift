import IdosCrypto
import Testing

@Suite struct IdosKeyDerivationTests {
    @Test func sdkVector() throws {
        // idos-issuer.md §13.1 (SDK packages/utils/src/encryption/index.test.ts) and our X25519 extension.
        let pair = try IdosKeyDerivation.deriveKeyPair(password: "correct horse battery staple", userId: "9f51b3b2-4cbe-4c2b-8ea3-0b0c1b2f1a11")
        #expect(Base64.encode(pair.secretKey) == "8iTwhZxrtQGKVV5OMthD5DxFc8c6B8h9MnU2Sh6JTTM=")
        #expect(Base64.encode(pair.publicKey) == "Y+kNWSnoYhlBrsDQ/01FTfoHQ5CeXyjDEHbQmNDGOjw=")
    }

    @Test func kotlinSDKVector() throws {
        // idos-issuer.md §13.1 (KT KeyDerivationTest.kt).
        let pair = try IdosKeyDerivation.deriveKeyPair(password: "test-password-123!@#", userId: "550e8400-e29b-41d4-a716-446655440000")
        #expect(Hex.encode(pair.secretKey) == "9de171c0abc1cb2e4ff4078605d9edaa7175cb66419b6151fa65c4ab774ff3b6")
    }

    @Test func rawScryptMatchesRFC7914() throws {
        let out = try IdosKeyDerivation.scrypt(password: u("password"), salt: u("NaCl"), n: 1024, r: 8, p: 16, length: 64)
        #expect(Hex.encode(out) == "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640")
    }

    @Test func passwordIsNFKCNormalized() throws {
        let id = "9f51b3b2-4cbe-4c2b-8ea3-0b0c1b2f1a11"
        // "ﬁ" (U+FB01) normalizes to "fi"; "é" decomposed normalizes to the precomposed form.
        #expect(try IdosKeyDerivation.deriveKeyPair(password: "\u{FB01}x", userId: id).secretKey
                == IdosKeyDerivation.deriveKeyPair(password: "fix", userId: id).secretKey)
        #expect(try IdosKeyDerivation.deriveKeyPair(password: "e\u{301}", userId: id).secretKey
                == IdosKeyDerivation.deriveKeyPair(password: "\u{E9}", userId: id).secretKey)
    }

    @Test(arguments: [
        "9f51b3b2-4cbe-1c2b-8ea3-0b0c1b2f1a11",   // version 1
        "9f51b3b2-4cbe-5c2b-8ea3-0b0c1b2f1a11",   // version 5
        "9f51b3b24cbe4c2b8ea30b0c1b2f1a11",       // no dashes
        "9f51b3b2-4cbe-4c2b-8ea3-0b0c1b2f1a1g",   // non-hex
        "",
    ])
    func rejectsNonV4Salts(userId: String) {
        #expect(!IdosKeyDerivation.isValidSalt(userId))
        #expect(throws: CryptoError.invalidSalt(userId)) { try IdosKeyDerivation.deriveKeyPair(password: "x", userId: userId) }
    }

    @Test func acceptsUppercaseV4() {
        #expect(IdosKeyDerivation.isValidSalt("9F51B3B2-4CBE-4C2B-8EA3-0B0C1B2F1A11"))
    }
}
