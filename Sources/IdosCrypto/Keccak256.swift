/// Keccak-256 as Ethereum uses it (original Keccak padding 0x01, not FIPS-202 SHA3's 0x06).
///
/// The 200-byte state lives in a stack buffer; hashing allocates only the 32-byte result.
public enum Keccak256 {
    private static let rate = 136

    private static let roundConstants: [UInt64] = [
        0x0000_0000_0000_0001, 0x0000_0000_0000_8082, 0x8000_0000_0000_808A, 0x8000_0000_8000_8000,
        0x0000_0000_0000_808B, 0x0000_0000_8000_0001, 0x8000_0000_8000_8081, 0x8000_0000_0000_8009,
        0x0000_0000_0000_008A, 0x0000_0000_0000_0088, 0x0000_0000_8000_8009, 0x0000_0000_8000_000A,
        0x0000_0000_8000_808B, 0x8000_0000_0000_008B, 0x8000_0000_0000_8089, 0x8000_0000_0000_8003,
        0x8000_0000_0000_8002, 0x8000_0000_0000_0080, 0x0000_0000_0000_800A, 0x8000_0000_8000_000A,
        0x8000_0000_8000_8081, 0x8000_0000_0000_8080, 0x0000_0000_8000_0001, 0x8000_0000_8000_8008,
    ]

    /// The 32-byte Keccak-256 digest of `bytes`.
    public static func hash(_ bytes: some Collection<UInt8>) -> [UInt8] {
        if let result = bytes.withContiguousStorageIfAvailable({ hash(buffer: UnsafeRawBufferPointer($0)) }) {
            return result
        }
        return Array(bytes).withUnsafeBytes { hash(buffer: $0) }
    }

    /// The digest of the UTF-8 bytes of `text`.
    public static func hash(_ text: String) -> [UInt8] { hash(Array(text.utf8)) }

    /// Hashes raw memory without copying it.
    public static func hash(buffer input: UnsafeRawBufferPointer) -> [UInt8] {
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 25) { state -> [UInt8] in
            state.initialize(repeating: 0)
            var offset = 0
            // Absorb full blocks.
            while input.count - offset >= rate {
                for i in 0..<(rate / 8) {
                    state[i] ^= UInt64(littleEndian: input.loadUnaligned(fromByteOffset: offset + i * 8, as: UInt64.self))
                }
                permute(state)
                offset += rate
            }
            // Last partial block with Keccak padding: 0x01 ... 0x80.
            let remaining = input.count - offset
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: rate) { block in
                block.initialize(repeating: 0)
                for i in 0..<remaining { block[i] = input[offset + i] }
                block[remaining] ^= 0x01
                block[rate - 1] ^= 0x80
                let raw = UnsafeRawBufferPointer(block)
                for i in 0..<(rate / 8) {
                    state[i] ^= UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self))
                }
            }
            permute(state)
            var out = [UInt8](repeating: 0, count: 32)
            for i in 0..<4 {
                let lane = state[i].littleEndian
                for j in 0..<8 { out[i * 8 + j] = UInt8(truncatingIfNeeded: lane >> (8 * j)) }
            }
            return out
        }
    }

    @inline(__always)
    private static func rotl(_ x: UInt64, _ n: Int) -> UInt64 { (x << UInt64(n)) | (x >> UInt64(64 - n)) }

    /// Keccak-f[1600], 24 rounds, in place, on 25 local lanes (unrolled: no tables, no bounds checks).
    private static func permute(_ s: UnsafeMutableBufferPointer<UInt64>) {
        var a0 = s[0]
        var a1 = s[1]
        var a2 = s[2]
        var a3 = s[3]
        var a4 = s[4]
        var a5 = s[5]
        var a6 = s[6]
        var a7 = s[7]
        var a8 = s[8]
        var a9 = s[9]
        var a10 = s[10]
        var a11 = s[11]
        var a12 = s[12]
        var a13 = s[13]
        var a14 = s[14]
        var a15 = s[15]
        var a16 = s[16]
        var a17 = s[17]
        var a18 = s[18]
        var a19 = s[19]
        var a20 = s[20]
        var a21 = s[21]
        var a22 = s[22]
        var a23 = s[23]
        var a24 = s[24]
        var c0, c1, c2, c3, c4, d: UInt64
        for round in 0..<24 {
            c0 = a0 ^ a5 ^ a10 ^ a15 ^ a20
            c1 = a1 ^ a6 ^ a11 ^ a16 ^ a21
            c2 = a2 ^ a7 ^ a12 ^ a17 ^ a22
            c3 = a3 ^ a8 ^ a13 ^ a18 ^ a23
            c4 = a4 ^ a9 ^ a14 ^ a19 ^ a24
            d = c4 ^ rotl(c1, 1)
            a0 ^= d; a5 ^= d; a10 ^= d; a15 ^= d; a20 ^= d
            d = c0 ^ rotl(c2, 1)
            a1 ^= d; a6 ^= d; a11 ^= d; a16 ^= d; a21 ^= d
            d = c1 ^ rotl(c3, 1)
            a2 ^= d; a7 ^= d; a12 ^= d; a17 ^= d; a22 ^= d
            d = c2 ^ rotl(c4, 1)
            a3 ^= d; a8 ^= d; a13 ^= d; a18 ^= d; a23 ^= d
            d = c3 ^ rotl(c0, 1)
            a4 ^= d; a9 ^= d; a14 ^= d; a19 ^= d; a24 ^= d
            let b0 = a0
            let b16 = rotl(a5, 36)
            let b7 = rotl(a10, 3)
            let b23 = rotl(a15, 41)
            let b14 = rotl(a20, 18)
            let b10 = rotl(a1, 1)
            let b1 = rotl(a6, 44)
            let b17 = rotl(a11, 10)
            let b8 = rotl(a16, 45)
            let b24 = rotl(a21, 2)
            let b20 = rotl(a2, 62)
            let b11 = rotl(a7, 6)
            let b2 = rotl(a12, 43)
            let b18 = rotl(a17, 15)
            let b9 = rotl(a22, 61)
            let b5 = rotl(a3, 28)
            let b21 = rotl(a8, 55)
            let b12 = rotl(a13, 25)
            let b3 = rotl(a18, 21)
            let b19 = rotl(a23, 56)
            let b15 = rotl(a4, 27)
            let b6 = rotl(a9, 20)
            let b22 = rotl(a14, 39)
            let b13 = rotl(a19, 8)
            let b4 = rotl(a24, 14)
            a0 = b0 ^ (~b1 & b2)
            a1 = b1 ^ (~b2 & b3)
            a2 = b2 ^ (~b3 & b4)
            a3 = b3 ^ (~b4 & b0)
            a4 = b4 ^ (~b0 & b1)
            a5 = b5 ^ (~b6 & b7)
            a6 = b6 ^ (~b7 & b8)
            a7 = b7 ^ (~b8 & b9)
            a8 = b8 ^ (~b9 & b5)
            a9 = b9 ^ (~b5 & b6)
            a10 = b10 ^ (~b11 & b12)
            a11 = b11 ^ (~b12 & b13)
            a12 = b12 ^ (~b13 & b14)
            a13 = b13 ^ (~b14 & b10)
            a14 = b14 ^ (~b10 & b11)
            a15 = b15 ^ (~b16 & b17)
            a16 = b16 ^ (~b17 & b18)
            a17 = b17 ^ (~b18 & b19)
            a18 = b18 ^ (~b19 & b15)
            a19 = b19 ^ (~b15 & b16)
            a20 = b20 ^ (~b21 & b22)
            a21 = b21 ^ (~b22 & b23)
            a22 = b22 ^ (~b23 & b24)
            a23 = b23 ^ (~b24 & b20)
            a24 = b24 ^ (~b20 & b21)
            a0 ^= roundConstants[round]
        }
        s[0] = a0
        s[1] = a1
        s[2] = a2
        s[3] = a3
        s[4] = a4
        s[5] = a5
        s[6] = a6
        s[7] = a7
        s[8] = a8
        s[9] = a9
        s[10] = a10
        s[11] = a11
        s[12] = a12
        s[13] = a13
        s[14] = a14
        s[15] = a15
        s[16] = a16
        s[17] = a17
        s[18] = a18
        s[19] = a19
        s[20] = a20
        s[21] = a21
        s[22] = a22
        s[23] = a23
        s[24] = a24
    }
}
