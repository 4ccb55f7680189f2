import Testing
@testable import VerifiableCredentials

@Suite struct JSONParserTests {
    @Test func keepsKeyOrderAndIntegerness() throws {
        let v = try JSONParser.parse(#"{"b":1,"a":1.0,"c":[true,null,"x\u00e9"],"d":1e3}"#)
        #expect(v.objectValue?.keys == ["b", "a", "c", "d"])
        #expect(v["b"] == .int(1))
        #expect(v["a"] == .double(1.0))
        #expect(v["d"] == .double(1000))
        #expect(v["c"] == .array([.bool(true), .null, .string("xé")]))
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\":}", "01", "\"\u{01}\"", "[1] x", "tru", "1."])
    func rejectsMalformed(_ text: String) {
        #expect {
            try JSONParser.parse(text)
        } throws: { error in
            guard case .malformedJSON = error as? VCError else { return false }
            return true
        }
    }

    @Test func serializesLikeJSONStringify() throws {
        let v = try JSONParser.parse(#"{"z":"a/\"b\n","n":[1,1.5,1e21,1e-7,0.1,-0.0,123456789012]}"#)
        #expect(JSONSerializer.serialize(v) == #"{"z":"a/\"b\n","n":[1,1.5,1e+21,1e-7,0.1,0,123456789012]}"#)
        #expect(JSONSerializer.canonical(try JSONParser.parse(#"{"b":2,"a":{"d":1,"c":null}}"#)) == #"{"a":{"c":null,"d":1},"b":2}"#)
    }
}

/// The orders jsonld.js and RDFC-1.0 sort by, against the standard library's definitions.
@Suite struct StringOrderTests {
    @Test func ordersAgreeWithTheirDefinitions() {
        let samples = ["", "a", "ab", "b", "B", "é", "e\u{301}", "\u{FFFF}", "\u{10000}", "\u{E000}", "z\u{1F600}", "z\u{FF5E}", "_:c14n10", "_:c14n2",
                       "<http://a> <http://b> \"x\" .", "<http://a> <http://b> \"é\" ."]
        for a in samples {
            for b in samples {
                #expect(StringOrder.utf16Less(a, b) == a.utf16.lexicographicallyPrecedes(b.utf16), "\(a) vs \(b)")
                #expect(StringOrder.codePointLess(a, b) == a.unicodeScalars.map(\.value).lexicographicallyPrecedes(b.unicodeScalars.map(\.value)),
                        "\(a) vs \(b)")
            }
        }
    }
}
