import IdosCrypto
import Testing

@Suite struct Keccak256Tests {
    // Ethereum Keccak-256 (pad 0x01), values as computed by pycryptodome's keccak(digest_bits=256).
    @Test(arguments: [
        ("", "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"),
        ("abc", "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"),
        ("The quick brown fox jumps over the lazy dog", "4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15"),
    ])
    func matchesKnownDigests(input: String, digest: String) {
        #expect(Hex.encode(Keccak256.hash(input)) == digest)
    }

    @Test func isNotSHA3() {
        // FIPS-202 SHA3-256("") = a7ffc6f8…; Keccak-256("") differs.
        #expect(Hex.encode(Keccak256.hash("")) != "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a")
    }

    @Test func blockBoundariesAgreeWithIncrementalDefinition() {
        // Lengths around the 136-byte rate: hashing a contiguous array and a non-contiguous
        // collection of the same bytes must agree, and every length must give a distinct digest.
        var seen = Set<String>()
        for length in [0, 1, 135, 136, 137, 271, 272, 273, 1000] {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            let a = Keccak256.hash(bytes)
            let b = Keccak256.hash(bytes.lazy.map { $0 })
            #expect(a == b)
            #expect(a.count == 32)
            seen.insert(Hex.encode(a))
        }
        #expect(seen.count == 9)
    }

    @Test func ethereumPersonalMessageHashOfSpecVector() {
        // idos-issuer.md §13.5: EIP-191 hash of the wallet-proof message.
        let m = "Please sign this message to confirm you own this wallet address. Nonce 00000000-0000-4000-8000-000000000000"
        #expect(Hex.encode(EIP191.hash(m)) == "48e212f0ac5ef837c59149c9a1cc62badeb5f356c6350a76c8ddf569bcbf5585")
    }
}
