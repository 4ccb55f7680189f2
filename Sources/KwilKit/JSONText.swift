/// JSON string quoting matching Go's `encoding/json` (HTML-safe: `<`, `>`, `&`, U+2028 and U+2029 escaped),
/// working on UTF-8 bytes: a string with nothing to escape (base64, hex) is copied in one pass.
enum JSONText {
    static func quote(_ s: String) -> String {
        var s = s
        return s.withUTF8 { utf8 -> String in
            // Fast path: nothing to escape (base64, hex, plain ASCII text).
            var clean = true
            for b in utf8 where b < 0x20 || b == 0x22 || b == 0x5C || b == 0x3C || b == 0x3E || b == 0x26 || b == 0xE2 {
                clean = false
                break
            }
            if clean { return "\"" + String(decoding: utf8, as: UTF8.self) + "\"" }
            var out: [UInt8] = []
            out.reserveCapacity(utf8.count + 2)
            out.append(0x22)
            var i = 0
            while i < utf8.count {
                let b = utf8[i]
                switch b {
                case 0x22: out += [0x5C, 0x22]
                case 0x5C: out += [0x5C, 0x5C]
                case 0x0A: out += [0x5C, 0x6E]
                case 0x0D: out += [0x5C, 0x72]
                case 0x09: out += [0x5C, 0x74]
                case 0x3C, 0x3E, 0x26: appendUnicodeEscape(UInt32(b), to: &out)
                case 0xE2 where i + 2 < utf8.count && utf8[i + 1] == 0x80 && (utf8[i + 2] == 0xA8 || utf8[i + 2] == 0xA9):
                    appendUnicodeEscape(utf8[i + 2] == 0xA8 ? 0x2028 : 0x2029, to: &out)
                    i += 2
                case ..<0x20: appendUnicodeEscape(UInt32(b), to: &out)
                default: out.append(b)
                }
                i += 1
            }
            out.append(0x22)
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// `\u` and four lower-case hex digits.
    private static func appendUnicodeEscape(_ value: UInt32, to out: inout [UInt8]) {
        let digits = Array("0123456789abcdef".utf8)
        out += [0x5C, 0x75]
        for shift in stride(from: 12, through: 0, by: -4) { out.append(digits[Int((value >> UInt32(shift)) & 0xF)]) }
    }
}
