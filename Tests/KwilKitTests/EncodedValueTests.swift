import Foundation
import IdosCrypto
import KwilKit
import Testing

/// kwil-transport.md §11 A, single EncodedValue table, plus random round trips and negative cases.
@Suite struct EncodedValueTests {
    @Test(arguments: [
        (KwilValue.int8(-1), "00000f000000000000000004696e7438000000000001000900000001ffffffffffffffff"),
        (.int8(1_735_689_600), "00000f000000000000000004696e74380000000000010009000000010000000067748580"),
        (.bool(true), "00000f000000000000000004626f6f6c00000000000100020000000101"),
        (.null(.text), "00000f00000000000000000474657874000000000001000100000000"),
        (.array(.text, [.text("a"), .null(.text)]), "00000f00000000000000000474657874010000000002000200000001610100000000"),
        (.bytea([0xde, 0xad]), "0000100000000000000000056279746561000000000001000300000001dead"),
        (.numeric("123.45", precision: 5, scale: 2), "0000120000000000000000076e756d657269630000050002010007000000013132332e3435"),
    ])
    func vector(value: KwilValue, hex: String) throws {
        #expect(Hex.encode(try EncodedValue.encode(value)) == hex)
        #expect(try EncodedValue.decode(try Hex.decode(hex)) == value)
    }

    func randomScalar(_ kind: Int, _ rng: inout some RandomNumberGenerator) -> KwilValue {
        switch kind {
        case 0: .text(String((0..<Int.random(in: 0...40, using: &rng)).map { _ in Character(Unicode.Scalar(UInt8.random(in: 32...126, using: &rng))) }) + "é✓")
        case 1: .int8(Int64.random(in: .min ... .max, using: &rng))
        case 2: .bool(Bool.random(using: &rng))
        case 3: .uuid(UUID())
        case 4: .bytea((0..<Int.random(in: 0...64, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) })
        default: .numeric("\(Int.random(in: -99999...99999, using: &rng)).\(Int.random(in: 10...99, using: &rng))", precision: 10, scale: 2)
        }
    }

    @Test func randomRoundTripsForEveryType() throws {
        var rng = SystemRandomNumberGenerator()
        for kind in 0..<6 {
            for _ in 0..<200 {
                let v = randomScalar(kind, &rng)
                #expect(try EncodedValue.decode(try EncodedValue.encode(v)) == v)
                let type = v.dataType
                #expect(try EncodedValue.decode(try EncodedValue.encode(.null(type))) == .null(type))
                let items = (0..<Int.random(in: 0...5, using: &rng)).map { i in i == 2 ? KwilValue.null(type) : randomScalar(kind, &rng) }
                let arr = KwilValue.array(type, items)
                #expect(try EncodedValue.decode(try EncodedValue.encode(arr)) == arr)
                let call = ActionCall(action: "a", arguments: [v, arr])
                #expect(try ActionCall.decode(try call.encoded()) == call)
            }
        }
    }

    @Test func dataTypeIsBigEndian() {
        #expect(Hex.encode(DataType.numeric(5, 2).encoded()) == "0000000000076e756d657269630000050002")
        #expect(throws: KwilError.malformedEncoding(context: "DataType version")) { try DataType.decode([0, 1]) }
    }

    @Test func goUntypedNullDecodes() throws {
        // Go's EncodeValue(nil): type "null", zero elements.
        var bytes: [UInt8] = [0, 0]
        let t = DataType.null.encoded()
        bytes += [UInt8(t.count), 0, 0, 0] + t + [0, 0]
        #expect(try EncodedValue.decode(bytes) == .null(.null))
    }

    @Test func invalidValuesAreRejected() {
        #expect(throws: KwilError.invalidValue("numeric \"12a\"")) { try EncodedValue.encode(.numeric("12a", precision: 5, scale: 2)) }
        #expect(throws: KwilError.invalidValue("array item of type int8 in text[]")) { try EncodedValue.encode(.array(.text, [.int8(1)])) }
        // bool byte 2, int8 of 7 bytes, bad nullability flag.
        #expect(throws: KwilError.malformedEncoding(context: "bool value")) { try EncodedValue.decode(Hex.decode("00000f000000000000000004626f6f6c00000000000100020000000102")) }
        #expect(throws: KwilError.malformedEncoding(context: "int8 length 7")) { try EncodedValue.decode(Hex.decode("00000f000000000000000004696e7438000000000001000800000001ffffffffffffff")) }
        #expect(throws: KwilError.malformedEncoding(context: "nullability byte 2")) { try EncodedValue.decode(Hex.decode("00000f00000000000000000474657874000000000001000100000002")) }
    }
}
