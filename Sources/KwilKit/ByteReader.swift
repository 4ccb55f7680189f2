/// Reads the fields `ByteWriter` writes, failing with `KwilError.malformedEncoding` on short input.
struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { offset == bytes.count }

    mutating func take(_ n: Int, _ context: String) throws(KwilError) -> ArraySlice<UInt8> {
        guard n >= 0, bytes.count - offset >= n else { throw .malformedEncoding(context: context) }
        defer { offset += n }
        return bytes[offset..<offset + n]
    }
    mutating func u8(_ c: String) throws(KwilError) -> UInt8 { try take(1, c).first! }
    mutating func u16LE(_ c: String) throws(KwilError) -> UInt16 {
        let s = try take(2, c); return UInt16(s[s.startIndex]) | UInt16(s[s.startIndex + 1]) << 8
    }
    mutating func u32LE(_ c: String) throws(KwilError) -> UInt32 {
        try take(4, c).reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }
    mutating func u16BE(_ c: String) throws(KwilError) -> UInt16 {
        try take(2, c).reduce(0) { $0 << 8 | UInt16($1) }
    }
    mutating func u32BE(_ c: String) throws(KwilError) -> UInt32 {
        try take(4, c).reduce(0) { $0 << 8 | UInt32($1) }
    }
    mutating func lengthPrefixed(_ c: String) throws(KwilError) -> [UInt8] {
        let n = try u32LE(c)
        guard n != 0xFFFF_FFFF else { throw .malformedEncoding(context: "\(c): nil bytes") }
        return Array(try take(Int(n), c))
    }
    mutating func string(_ c: String) throws(KwilError) -> String {
        let b = try lengthPrefixed(c)
        guard let s = String(validating: b, as: UTF8.self) else { throw .malformedEncoding(context: "\(c): not UTF-8") }
        return s
    }
    func expectEnd(_ c: String) throws(KwilError) {
        guard isAtEnd else { throw .malformedEncoding(context: "\(c): trailing bytes") }
    }
}
