/// Go's `binary.AppendUvarint` / `AppendVarint` and Kwil's compact string/bytes built on them (§4).
enum Varint {
    static func unsigned(_ v: UInt64, into b: inout [UInt8]) {
        var v = v
        while v >= 0x80 { b.append(UInt8(v & 0x7f) | 0x80); v >>= 7 }
        b.append(UInt8(v))
    }
    /// Zig-zag signed varint.
    static func signed(_ v: Int64, into b: inout [UInt8]) {
        unsigned(UInt64(bitPattern: (v << 1) ^ (v >> 63)), into: &b)
    }
    static func compactString(_ s: String, into b: inout [UInt8]) {
        unsigned(UInt64(s.utf8.count), into: &b); b += Array(s.utf8)
    }
    static func compactBytes(_ bytes: [UInt8], into b: inout [UInt8]) {
        signed(Int64(bytes.count), into: &b); b += bytes
    }
}
