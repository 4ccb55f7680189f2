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
    private static let rotations: [Int] = [1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 2, 14, 27, 41, 56, 8, 25, 43, 62, 18, 39, 61, 20, 44]
    private static let piLanes: [Int] = [10, 7, 11, 17, 18, 3, 5, 16, 8, 21, 24, 4, 15, 23, 19, 13, 12, 2, 20, 14, 22, 9, 6, 1]

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

    /// Keccak-f[1600], 24 rounds, in place.
    private static func permute(_ a: UnsafeMutableBufferPointer<UInt64>) {
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 5) { c in
            for round in 0..<24 {
                // θ
                for x in 0..<5 { c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20] }
                for x in 0..<5 {
                    let d = c[(x + 4) % 5] ^ rotl(c[(x + 1) % 5], 1)
                    a[x] ^= d; a[x + 5] ^= d; a[x + 10] ^= d; a[x + 15] ^= d; a[x + 20] ^= d
                }
                // ρ and π
                var current = a[1]
                for i in 0..<24 {
                    let j = piLanes[i]
                    let next = a[j]
                    a[j] = rotl(current, rotations[i])
                    current = next
                }
                // χ
                for y in stride(from: 0, to: 25, by: 5) {
                    for x in 0..<5 { c[x] = a[y + x] }
                    for x in 0..<5 { a[y + x] = c[x] ^ (~c[(x + 1) % 5] & c[(x + 2) % 5]) }
                }
                // ι
                a[0] ^= roundConstants[round]
            }
        }
    }
}
