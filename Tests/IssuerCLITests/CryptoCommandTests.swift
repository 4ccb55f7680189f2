import Foundation
import IdosCrypto
import Testing
import TestSupport

@Suite struct CryptoCommandTests {
    @Test func deriveKeyReproducesTheSDKVector() throws {
        let file = try TemporaryFiles.file(Array("correct horse battery staple\n".utf8))
        let result = try issuer("crypto", "derive-key", "--user-id", "9f51b3b2-4cbe-4c2b-8ea3-0b0c1b2f1a11", "--password-file", file)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try jsonObject(result)
        #expect(json["secretKey"] as? String == "8iTwhZxrtQGKVV5OMthD5DxFc8c6B8h9MnU2Sh6JTTM=")
        #expect(json["publicKey"] as? String == "Y+kNWSnoYhlBrsDQ/01FTfoHQ5CeXyjDEHbQmNDGOjw=")
    }

    @Test func deriveKeyRejectsNonV4UserIdWithExitTwo() throws {
        let file = try TemporaryFiles.file(Array("pw".utf8))
        let result = try issuer("crypto", "derive-key", "--user-id", "9f51b3b2-4cbe-1c2b-8ea3-0b0c1b2f1a11", "--password-file", file)
        #expect(result.status == 2)
        #expect(result.stderr.contains("version-4 UUID"))
    }

    @Test func sealThenOpenRoundTripsBinaryPlaintext() throws {
        let recipient = SealedBox.KeyPair.generate()
        let plaintext = secureRandomBytes(2048) + [0, 10, 13, 255]
        let sealed = try issuer("crypto", "seal", "--to", Base64.encode(recipient.publicKey), input: plaintext)
        #expect(sealed.status == 0, "\(sealed.stderr)")
        let json = try jsonObject(sealed)
        let content = try #require(json["content"] as? String)
        let encryptor = try #require(json["encryptorPublicKey"] as? String)
        #expect(try Base64.decode(content).count == 24 + 16 + plaintext.count)
        let opened = try issuer("crypto", "open", "--secret-key", Base64.encode(recipient.secretKey),
                                "--encryptor-public-key", encryptor, input: Array(content.utf8))
        #expect(opened.status == 0, "\(opened.stderr)")
        #expect(opened.stdout == plaintext)
    }

    @Test func openOfTheSpecOriginalCredential() throws {
        // idos-issuer.md §13.3 original, opened with the user's derived secret.
        let opened = try issuer("crypto", "open", "--secret-key", "8iTwhZxrtQGKVV5OMthD5DxFc8c6B8h9MnU2Sh6JTTM=",
                                "--encryptor-public-key", "5jZHj2c2C+2OoEA9qLd0kHQMYKS3glRnArtc9xcoQTc=",
                                input: Array("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXCC11JbqSWxk8cLGgtco+Axf5eMKXCFdElQeY2XYLXm4=\n".utf8))
        #expect(opened.status == 0, "\(opened.stderr)")
        #expect(opened.stdoutText == #"{"hello":"idOS"}"#)
    }

    @Test func openWithWrongKeyExitsOne() throws {
        let opened = try issuer("crypto", "open", "--secret-key", Base64.encode(SealedBox.KeyPair.generate().secretKey),
                                "--encryptor-public-key", "5jZHj2c2C+2OoEA9qLd0kHQMYKS3glRnArtc9xcoQTc=",
                                input: Array("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXCC11JbqSWxk8cLGgtco+Axf5eMKXCFdElQeY2XYLXm4=".utf8))
        #expect(opened.status == 1)
        #expect(opened.stdout.isEmpty)
        #expect(opened.stderr.contains("does not authenticate"))
    }

    @Test func malformedKeysAndContentExitTwo() throws {
        let notBase64 = try issuer("crypto", "seal", "--to", "not-base64", input: [1])
        #expect(notBase64.status == 2)
        #expect(notBase64.stderr.contains("--to: invalid base64"), "\(notBase64.stderr)")
        let short = try issuer("crypto", "seal", "--to", "AAAA", input: [1])
        #expect(short.status == 2)
        #expect(short.stderr.contains("--to must be a base64 32-byte X25519 key, got 3 bytes"), "\(short.stderr)")
        let open = try issuer("crypto", "open", "--secret-key", Base64.encode(Array(repeating: 1, count: 32)),
                              "--encryptor-public-key", Base64.encode(Array(repeating: 2, count: 32)), input: Array("@@@@".utf8))
        #expect(open.status == 2)
        #expect(open.stderr.contains("stdin: invalid base64: '@' is not a base64 character"), "\(open.stderr)")
    }
}
