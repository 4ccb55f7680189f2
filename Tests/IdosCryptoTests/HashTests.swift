import IdosCrypto
import Testing

@Suite struct HashTests {
    @Test func sha256KnownAnswers() {
        #expect(Hex.encode(SHA256.hash("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        // idos-issuer.md §13.3 content_hash of {"hello":"idOS"}.
        #expect(Hex.encode(SHA256.hash(#"{"hello":"idOS"}"#)) == "25721b86e5fc7951d23b483609dad0a8169443b46c20278f92171f0184f37322")
    }

    @Test func sha512AndHalf() {
        let full = SHA512.hash(u("abc"))
        #expect(Hex.encode(full).hasPrefix("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"))
        #expect(SHA512.half(u("abc")) == Array(full.prefix(32)))
    }

    @Test func sha1KnownAnswers() {
        #expect(Hex.encode(SHA1.hash(u("abc"))) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(Hex.encode(SHA1.hash(u(""))) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(Hex.encode(SHA1.hash(u("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))) == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
    }

    @Test func ripemd160KnownAnswers() {
        #expect(Hex.encode(RIPEMD160.hash(u(""))) == "9c1185a5c5e9fc54612808977ee8f548b2258d31")
        #expect(Hex.encode(RIPEMD160.hash(u("abc"))) == "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc")
        #expect(Hex.encode(RIPEMD160.hash(u("message digest"))) == "5d0689ef49d2fae572b881b123a85ffa21595f36")
        #expect(Hex.encode(RIPEMD160.hash(Array(repeating: UInt8(ascii: "a"), count: 1_000_000))) == "52783243c1697bdbe16d37f97f68f08325dc1528")
    }
}
