import IdosCrypto
import Testing

/// HMAC-SHA-256 against the test vectors of RFC 4231 §4 (cases 1–7; case 5 compares the 128-bit truncation the
/// RFC gives). Case 6 and 7 use a 131-byte key: longer than the block, so it is hashed first.
@Suite struct HMACTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        var name: String
        var key: [UInt8]
        var data: [UInt8]
        var tag: String
        var testDescription: String { name }
    }

    static let vectors: [Vector] = [
        Vector(name: "RFC 4231 case 1", key: [UInt8](repeating: 0x0b, count: 20), data: u("Hi There"),
               tag: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        Vector(name: "RFC 4231 case 2", key: u("Jefe"), data: u("what do ya want for nothing?"),
               tag: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        Vector(name: "RFC 4231 case 3", key: [UInt8](repeating: 0xaa, count: 20), data: [UInt8](repeating: 0xdd, count: 50),
               tag: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        Vector(name: "RFC 4231 case 4", key: h("0102030405060708090a0b0c0d0e0f10111213141516171819"), data: [UInt8](repeating: 0xcd, count: 50),
               tag: "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        Vector(name: "RFC 4231 case 5 (truncated to 128 bits)", key: [UInt8](repeating: 0x0c, count: 20), data: u("Test With Truncation"),
               tag: "a3b6167473100ee06e0c796c2955552b"),
        Vector(name: "RFC 4231 case 6", key: [UInt8](repeating: 0xaa, count: 131), data: u("Test Using Larger Than Block-Size Key - Hash Key First"),
               tag: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        Vector(name: "RFC 4231 case 7", key: [UInt8](repeating: 0xaa, count: 131),
               data: u("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm."),
               tag: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ]

    @Test(arguments: vectors)
    func rfc4231(_ vector: Vector) {
        let tag = Hex.encode(HMACSHA256.authenticate(vector.data, key: vector.key))
        #expect(tag.hasPrefix(vector.tag))
        #expect(tag.count == 64)
    }

    @Test func verifyAcceptsTheTagAndRefusesAnyOther() {
        let key = u("Jefe"), data = u("what do ya want for nothing?")
        let tag = h("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(HMACSHA256.verify(tag, message: data, key: key))
        var flipped = tag
        flipped[31] ^= 1
        #expect(!HMACSHA256.verify(flipped, message: data, key: key))
        #expect(!HMACSHA256.verify(tag.prefix(16), message: data, key: key))
        #expect(!HMACSHA256.verify(tag, message: data, key: u("jefe")))
    }

    @Test func stringFormIsTheUTF8Bytes() {
        #expect(HMACSHA256.authenticate("what do ya want for nothing?", key: "Jefe")
                == HMACSHA256.authenticate(u("what do ya want for nothing?"), key: u("Jefe")))
    }
}
