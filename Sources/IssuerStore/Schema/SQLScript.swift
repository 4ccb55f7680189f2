/// Splits a SQL script into statements at top-level semicolons, so each runs as one statement of the
/// extended protocol (which takes one statement at a time). Semicolons inside quotes ('…', "…"), dollar
/// quotes ($tag$…$tag$) and comments (-- …, /* … */, nested) do not split. Empty statements are dropped.
enum SQLScript {
    static func statements(_ script: String) -> [String] {
        let s = Array(script.utf8)
        var out: [String] = []
        var start = 0, i = 0
        func flush(_ end: Int) {
            let text = String(decoding: s[start..<end], as: UTF8.self)
            if !isBlank(text) { out.append(text.trimmingWhitespace()) }
        }
        while i < s.count {
            let c = s[i]
            switch c {
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                i += 1
                while i < s.count {
                    if s[i] == c { if i + 1 < s.count && s[i + 1] == c { i += 2; continue }; break }
                    i += 1
                }
                i += 1
            case UInt8(ascii: "-") where i + 1 < s.count && s[i + 1] == UInt8(ascii: "-"):
                while i < s.count && s[i] != UInt8(ascii: "\n") { i += 1 }
            case UInt8(ascii: "/") where i + 1 < s.count && s[i + 1] == UInt8(ascii: "*"):
                var depth = 0
                while i < s.count {
                    if s[i] == UInt8(ascii: "/"), i + 1 < s.count, s[i + 1] == UInt8(ascii: "*") { depth += 1; i += 2; continue }
                    if s[i] == UInt8(ascii: "*"), i + 1 < s.count, s[i + 1] == UInt8(ascii: "/") { depth -= 1; i += 2; if depth == 0 { break }; continue }
                    i += 1
                }
            case UInt8(ascii: "$"):
                // A dollar-quote opener is $tag$ with tag empty or an identifier.
                var j = i + 1
                while j < s.count, isTagByte(s[j]) { j += 1 }
                if j < s.count, s[j] == UInt8(ascii: "$"), j == i + 1 || !isDigit(s[i + 1]) {
                    let tag = Array(s[i...j])
                    i = j + 1
                    while i < s.count {
                        if s[i] == UInt8(ascii: "$"), i + tag.count <= s.count, Array(s[i..<(i + tag.count)]) == tag { i += tag.count; break }
                        i += 1
                    }
                } else {
                    i += 1
                }
            case UInt8(ascii: ";"):
                flush(i)
                i += 1
                start = i
            default:
                i += 1
            }
        }
        if start < s.count { flush(s.count) }
        return out
    }

    private static func isTagByte(_ b: UInt8) -> Bool {
        b == UInt8(ascii: "_") || (0x61...0x7a).contains(b) || (0x41...0x5a).contains(b) || isDigit(b) || b >= 0x80
    }
    private static func isDigit(_ b: UInt8) -> Bool { (0x30...0x39).contains(b) }

    /// Only whitespace and comments.
    private static func isBlank(_ text: String) -> Bool {
        var rest = Substring(text)
        while true {
            rest = rest.drop { $0.isWhitespace }
            if rest.hasPrefix("--") { rest = rest.drop { $0 != "\n" }; continue }
            return rest.isEmpty
        }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        String(self.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
