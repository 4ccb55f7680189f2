/// Adobe ASCII85 with `<~ … ~>` delimiters, as npm `base85` ("ascii85") writes idOS credential files:
/// `z` stands for an all-zero 4-byte group, except in a padded final group.
public enum ASCII85 {
    /// `<~…~>` text of `bytes`.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        let input = Array(bytes)
        var out = Array("<~".utf8)
        out.reserveCapacity(input.count * 5 / 4 + 8)
        var i = 0
        while i < input.count {
            let chunkLength = min(4, input.count - i)
            var value: UInt32 = 0
            for j in 0..<4 { value = value << 8 | UInt32(j < chunkLength ? input[i + j] : 0) }
            if value == 0 && chunkLength == 4 {
                out.append(UInt8(ascii: "z"))
            } else {
                var digits = [UInt8](repeating: 0, count: 5)
                var v = value
                for k in (0..<5).reversed() { digits[k] = UInt8(v % 85) + 33; v /= 85 }
                out.append(contentsOf: digits.prefix(chunkLength + 1))
            }
            i += 4
        }
        out.append(contentsOf: Array("~>".utf8))
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes `<~…~>` text (delimiters required; whitespace inside is ignored).
    public static func decode(_ text: String) throws(CryptoError) -> [UInt8] {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 4, utf8.starts(with: Array("<~".utf8)), utf8.suffix(2).elementsEqual("~>".utf8) else {
            throw .invalidEncoding(encoding: "ascii85", reason: "expected <~ … ~> delimiters")
        }
        var out = [UInt8]()
        var group = [UInt32]()
        func flush(_ group: [UInt32], count: Int) throws(CryptoError) {
            var value: UInt64 = 0
            for k in 0..<5 { value = value * 85 + UInt64(k < group.count ? group[k] : 84) }
            guard value <= UInt64(UInt32.max) else { throw .invalidEncoding(encoding: "ascii85", reason: "group overflows 32 bits") }
            for k in 0..<count { out.append(UInt8(truncatingIfNeeded: value >> UInt64(24 - 8 * k))) }
        }
        for c in utf8[2..<(utf8.count - 2)] {
            switch c {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): continue
            case UInt8(ascii: "z"):
                guard group.isEmpty else { throw .invalidEncoding(encoding: "ascii85", reason: "'z' inside a group") }
                out.append(contentsOf: [0, 0, 0, 0])
            case 33...117:
                group.append(UInt32(c - 33))
                if group.count == 5 { try flush(group, count: 4); group.removeAll(keepingCapacity: true) }
            default:
                throw .invalidEncoding(encoding: "ascii85", reason: "'\(Character(Unicode.Scalar(c)))' is not an ascii85 character")
            }
        }
        if !group.isEmpty {
            guard group.count >= 2 else { throw .invalidEncoding(encoding: "ascii85", reason: "a final group of one character") }
            try flush(group, count: group.count - 1)
        }
        return out
    }
}
