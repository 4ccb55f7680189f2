/// Standard base64 (RFC 4648 §4) with `=` padding, as idOS and Kwil use for keys, payloads and content.
public enum Base64 {
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let reverse: [UInt8] = {
        var table = [UInt8](repeating: 0xff, count: 256)
        for (i, c) in alphabet.enumerated() { table[Int(c)] = UInt8(i) }
        return table
    }()

    /// Padded standard base64 of `bytes`.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        let input = Array(bytes)
        let length = (input.count + 2) / 3 * 4
        guard length > 0 else { return "" }
        return String(unsafeUninitializedCapacity: length) { out in
            input.withUnsafeBufferPointer { inp in
                alphabet.withUnsafeBufferPointer { table in
                    var i = 0, o = 0
                    while i + 3 <= inp.count {
                        let n = UInt32(inp[i]) << 16 | UInt32(inp[i + 1]) << 8 | UInt32(inp[i + 2])
                        out[o] = table[Int(n >> 18 & 63)]; out[o + 1] = table[Int(n >> 12 & 63)]
                        out[o + 2] = table[Int(n >> 6 & 63)]; out[o + 3] = table[Int(n & 63)]
                        i += 3; o += 4
                    }
                    let rest = inp.count - i
                    if rest > 0 {
                        let n = UInt32(inp[i]) << 16 | (rest == 2 ? UInt32(inp[i + 1]) << 8 : 0)
                        out[o] = table[Int(n >> 18 & 63)]; out[o + 1] = table[Int(n >> 12 & 63)]
                        out[o + 2] = rest == 2 ? table[Int(n >> 6 & 63)] : UInt8(ascii: "=")
                        out[o + 3] = UInt8(ascii: "=")
                    }
                }
            }
            return length
        }
    }

    /// Decodes padded standard base64. Whitespace is not allowed; the length must be a multiple of 4.
    /// - Throws: `CryptoError.invalidEncoding` naming the problem.
    public static func decode(_ text: String) throws(CryptoError) -> [UInt8] {
        let utf8 = Array(text.utf8)
        guard utf8.count % 4 == 0 else {
            throw .invalidEncoding(encoding: "base64", reason: "length \(utf8.count) is not a multiple of 4 (standard base64 with = padding expected)")
        }
        var out = [UInt8]()
        out.reserveCapacity(utf8.count / 4 * 3)
        var i = 0
        while i < utf8.count {
            let last = i + 4 == utf8.count
            var n: UInt32 = 0
            var pad = 0
            for j in 0..<4 {
                let c = utf8[i + j]
                if c == UInt8(ascii: "=") && last && j >= 2 {
                    pad += 1
                    n <<= 6
                    continue
                }
                guard pad == 0 else { throw .invalidEncoding(encoding: "base64", reason: "data after '=' padding") }
                let v = reverse[Int(c)]
                guard v != 0xff else {
                    throw .invalidEncoding(encoding: "base64", reason: "'\(Character(Unicode.Scalar(c)))' is not a base64 character")
                }
                n = n << 6 | UInt32(v)
            }
            out.append(UInt8(n >> 16 & 0xff))
            if pad < 2 { out.append(UInt8(n >> 8 & 0xff)) }
            if pad < 1 { out.append(UInt8(n & 0xff)) }
            i += 4
        }
        return out
    }
}
