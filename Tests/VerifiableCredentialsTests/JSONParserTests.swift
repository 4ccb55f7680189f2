import Testing
import VerifiableCredentials

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
        #expect(throws: VCError.self) { try JSONParser.parse(text) }
    }

    @Test func serializesLikeJSONStringify() throws {
        let v = try JSONParser.parse(#"{"z":"a/\"b\n","n":[1,1.5,1e21,1e-7,0.1,-0.0,123456789012]}"#)
        #expect(JSONSerializer.serialize(v) == #"{"z":"a/\"b\n","n":[1,1.5,1e+21,1e-7,0.1,0,123456789012]}"#)
        #expect(JSONSerializer.canonical(try JSONParser.parse(#"{"b":2,"a":{"d":1,"c":null}}"#)) == #"{"a":{"c":null,"d":1},"b":2}"#)
    }
}
