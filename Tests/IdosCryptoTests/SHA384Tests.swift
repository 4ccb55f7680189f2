@testable import IdosCrypto
import Testing

@Suite struct SHA384Tests {
    /// FIPS 180-4 / NIST CSRC "SHA-384" examples (also RFC 6234 §8.5 test 1, 2, 4), each rechecked with
    /// Python's hashlib (OpenSSL).
    @Test(arguments: [
        ("abc", "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"),
        ("", "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "3391fdddfc8dc7393707a65b1b4709397cf8b1d162af05abfe8f450de5f36bc6b0455a8520bc4e6f5fe95b1fe3c8452b"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712fcc7c71a557e2db966c3e9fa91746039"),
    ])
    func fips180Examples(message: String, digest: String) {
        #expect(Hex.encode(SHA384.hash(message)) == digest)
    }

    @Test func oneMillionAs() {
        let digest = SHA384.hash(Array(repeating: UInt8(ascii: "a"), count: 1_000_000))
        #expect(Hex.encode(digest) == "9d0e1809716474cb086e834e310a4a1ced149e9c00f248527972cec5704c2a5b07b8b3dc38ecc4ebae97ddd87f3d8985")
    }

    /// The compression SHA-384 shares with SHA-512, run with SHA-512's initial value, must equal
    /// libsodium's SHA-512 at every padding boundary (111/112 and 127/128 bytes fall either side).
    @Test func sharedCompressionMatchesLibsodiumSHA512() {
        for length in 0...300 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            #expect(SHA512Compression.digest(bytes, initialHash: SHA512Compression.sha512InitialHash) == SHA512.hash(bytes), "length \(length)")
        }
    }
}
