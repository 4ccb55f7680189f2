/// Appends Kwil's little-endian length-prefixed fields (and DataType's big-endian ones) to a buffer.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func u16LE(_ v: UInt16) { bytes.append(UInt8(v & 0xff)); bytes.append(UInt8(v >> 8)) }
    mutating func u32LE(_ v: UInt32) { for i in 0..<4 { bytes.append(UInt8((v >> (8 * UInt32(i))) & 0xff)) } }
    mutating func u16BE(_ v: UInt16) { bytes.append(UInt8(v >> 8)); bytes.append(UInt8(v & 0xff)) }
    mutating func u32BE(_ v: UInt32) { for i in (0..<4).reversed() { bytes.append(UInt8((v >> (8 * UInt32(i))) & 0xff)) } }
    mutating func u64BE(_ v: UInt64) { for i in (0..<8).reversed() { bytes.append(UInt8((v >> (8 * UInt64(i))) & 0xff)) } }
    /// `WriteBytes`: u32 LE length, then the bytes.
    mutating func lengthPrefixed(_ b: [UInt8]) { u32LE(UInt32(b.count)); bytes.append(contentsOf: b) }
    mutating func lengthPrefixed(_ s: String) { lengthPrefixed(Array(s.utf8)) }
}
