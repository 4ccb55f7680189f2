import IdosCrypto
import Testing

@Suite struct HexTests {
    @Test func roundTripsAndAcceptsBothCases() throws {
        #expect(Hex.encode([0x00, 0xab, 0xff]) == "00abff")
        #expect(try Hex.decode("00ABff") == [0x00, 0xab, 0xff])
        #expect(try Hex.decode("0x00ab", allowPrefix: true) == [0x00, 0xab])
    }

    @Test(arguments: [
        ("abc", "odd number of digits (3)"), ("zz", "'z' is not a hex digit"), ("0x00", "'x' is not a hex digit"),
        ("12 4", "' ' is not a hex digit"),
    ])
    func rejectsMalformedHex(text: String, reason: String) {
        #expect(throws: CryptoError.invalidEncoding(encoding: "hex", reason: reason)) { try Hex.decode(text) }
    }
}

@Suite struct Base64Tests {
    @Test func encodesPaddedStandardBase64() {
        #expect(Base64.encode(u("")) == "")
        #expect(Base64.encode(u("f")) == "Zg==")
        #expect(Base64.encode(u("fo")) == "Zm8=")
        #expect(Base64.encode(u("foo")) == "Zm9v")
        #expect(Base64.encode([0xfb, 0xff]) == "+/8=")
    }

    @Test func randomRoundTrips() throws {
        for length in 0..<70 {
            let bytes = secureRandomBytes(length)
            #expect(try Base64.decode(Base64.encode(bytes)) == bytes)
        }
    }

    @Test(arguments: [
        ("Zg", "length 2 is not a multiple of 4 (standard base64 with = padding expected)"),
        ("Zg=", "length 3 is not a multiple of 4 (standard base64 with = padding expected)"),
        ("Z===", "'=' is not a base64 character"), ("Zm9v!A==", "'!' is not a base64 character"),
        ("-_8=", "'-' is not a base64 character"), ("Zg==Zg==", "'=' is not a base64 character"),
    ])
    func rejectsMalformedBase64(text: String, reason: String) {
        #expect(throws: CryptoError.invalidEncoding(encoding: "base64", reason: reason)) { try Base64.decode(text) }
    }
}

@Suite struct Base58Tests {
    @Test func bitcoinAlphabetKnownAnswers() throws {
        #expect(Base58.encode(u("Hello World!")) == "2NEpo7TZRRrLZSi2U")
        // draft-msporny-base58 example: 0x0000287fb4cd.
        #expect(Base58.encode([0, 0, 0x28, 0x7f, 0xb4, 0xcd]) == "11233QC4")
        #expect(try Base58.decode("11233QC4") == [0, 0, 0x28, 0x7f, 0xb4, 0xcd])
        #expect(Base58.encode([]) == "")
    }

    @Test func randomRoundTripsInBothAlphabets() throws {
        for length in 0..<50 {
            var bytes = secureRandomBytes(length)
            if length > 3 { bytes[0] = 0; bytes[1] = 0 }
            #expect(try Base58.decode(Base58.encode(bytes)) == bytes)
            #expect(try Base58.decode(Base58.encode(bytes, alphabet: .ripple), alphabet: .ripple) == bytes)
        }
    }

    @Test(arguments: [("0OIl", "'0' is not in the base58 alphabet"), ("abc0", "'0' is not in the base58 alphabet"),
                      ("ab cd", "' ' is not in the base58 alphabet")])
    func rejectsCharactersOutsideTheAlphabet(text: String, reason: String) {
        #expect(throws: CryptoError.invalidEncoding(encoding: "base58", reason: reason)) { try Base58.decode(text) }
    }

    /// Base58 has one spelling per byte string (leading '1's are the leading zero bytes, the rest a
    /// number without leading zero digits), so base58 keys (NEAR `ed25519:…`, multibase `z…`, XRPL
    /// addresses) cannot be written two ways: any text that decodes re-encodes to itself.
    @Test func everyDecodableTextIsTheOnlySpellingOfItsBytes() throws {
        let bitcoin = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz")
        let ripple = Array("rpshnaf39wBUDNEGHJKLM4PQRST7VWXYZ2bcdeCg65jkm8oFqi1tuvAxyz")
        for _ in 0..<200 {
            let length = Int(secureRandomBytes(1)[0] % 40)
            let picks = secureRandomBytes(length).map { Int($0) % 58 }
            // Bias towards leading zero digits, where a non-canonical spelling would hide.
            let zeros = Int(secureRandomBytes(1)[0] % 4)
            let text = String(repeating: "1", count: zeros) + String(picks.map { bitcoin[$0] })
            #expect(Base58.encode(try Base58.decode(text)) == text)
            let rippleText = String(repeating: "r", count: zeros) + String(picks.map { ripple[$0] })
            #expect(Base58.encode(try Base58.decode(rippleText, alphabet: .ripple), alphabet: .ripple) == rippleText)
        }
    }

    @Test func base58CheckDetectsCorruption() throws {
        let text = Base58.encodeCheck([0x00] + Array(repeating: 7, count: 20), alphabet: .ripple)
        #expect(try Base58.decodeCheck(text, alphabet: .ripple) == [0x00] + Array(repeating: 7, count: 20))
        var chars = Array(text)
        chars[5] = chars[5] == "r" ? "p" : "r"
        #expect(throws: CryptoError.checksumMismatch(what: "base58check")) { try Base58.decodeCheck(String(chars), alphabet: .ripple) }
    }
}

@Suite struct ASCII85Tests {
    @Test func matchesIdosCredentialFiles() throws {
        // idos-issuer.md §13.6.
        #expect(ASCII85.encode(u("Front of ID document")) == #"<~7WNEbF<GL6+A"sDA8bt#D.RU,~>"#)
        #expect(ASCII85.encode(u("Selfie")) == "<~;e9cWBk7~>")
        #expect(try ASCII85.decode(#"<~7WNEbF<GL6+A"sDA8bt#D.RU,~>"#) == u("Front of ID document"))
    }

    @Test func zeroGroupsUseZExceptWhenPadded() throws {
        #expect(ASCII85.encode([0, 0, 0, 0]) == "<~z~>")
        #expect(ASCII85.encode([0, 0, 0, 0, 0]) == "<~z!!~>")
        #expect(ASCII85.encode([0, 0]) == "<~!!!~>")
        #expect(try ASCII85.decode("<~z!!~>") == [0, 0, 0, 0, 0])
    }

    @Test func randomRoundTrips() throws {
        for length in 0..<40 {
            let bytes = secureRandomBytes(length)
            #expect(try ASCII85.decode(ASCII85.encode(bytes)) == bytes)
        }
    }

    @Test(arguments: [
        ("7WNE~>", "expected <~ … ~> delimiters"), ("<~abc", "expected <~ … ~> delimiters"), ("<~a~>", "a final group of one character"),
        ("<~{{{{{~>", "'{' is not an ascii85 character"), ("<~s8W-\"~>", "group overflows 32 bits"),
    ])
    func rejectsMalformedText(text: String, reason: String) {
        #expect(throws: CryptoError.invalidEncoding(encoding: "ascii85", reason: reason)) { try ASCII85.decode(text) }
    }
}
