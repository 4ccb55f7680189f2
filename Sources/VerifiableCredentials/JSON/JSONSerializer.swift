/// Writes `JSONValue`s as compact JSON the way `JSON.stringify` does (key order kept, numbers in
/// ECMAScript form), and in the RFC 8785 canonical form (JCS) that `@json` literals use.
public enum JSONSerializer {
    /// Compact JSON, keys in their stored order.
    public static func serialize(_ value: JSONValue) -> String {
        var out = ""
        write(value, into: &out, canonical: false)
        return out
    }

    /// RFC 8785 JSON Canonicalization Scheme: keys sorted by UTF-16 code units, ECMAScript numbers,
    /// minimal string escaping.
    public static func canonical(_ value: JSONValue) -> String {
        var out = ""
        write(value, into: &out, canonical: true)
        return out
    }

    private static func write(_ value: JSONValue, into out: inout String, canonical: Bool) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += ecmaScriptNumber(d)
        case .string(let s): writeString(s, into: &out)
        case .array(let a):
            out += "["
            for (i, v) in a.enumerated() {
                if i > 0 { out += "," }
                write(v, into: &out, canonical: canonical)
            }
            out += "]"
        case .object(let o):
            out += "{"
            let keys = canonical ? o.sortedKeys : o.keys
            for (i, k) in keys.enumerated() {
                if i > 0 { out += "," }
                writeString(k, into: &out)
                out += ":"
                write(o[k]!, into: &out, canonical: canonical)
            }
            out += "}"
        }
    }

    private static func writeString(_ s: String, into out: inout String) {
        out += "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
    }

    /// `Number.prototype.toString()` of a double: the shortest digits that round-trip, written in plain
    /// or exponential notation by the ECMAScript rules.
    public static func ecmaScriptNumber(_ d: Double) -> String {
        if d.isNaN || d.isInfinite { return "null" }
        if d == 0 { return "0" }
        let (digits, n) = shortestDigits(abs(d))
        let sign = d < 0 ? "-" : ""
        let k = digits.count
        if k <= n && n <= 21 {
            return sign + digits + String(repeating: "0", count: n - k)
        }
        if 0 < n && n <= 21 {
            let i = digits.index(digits.startIndex, offsetBy: n)
            return sign + digits[..<i] + "." + digits[i...]
        }
        if -6 < n && n <= 0 {
            return sign + "0." + String(repeating: "0", count: -n) + digits
        }
        let e = n - 1
        let exp = e < 0 ? "e-\(-e)" : "e+\(e)"
        if k == 1 { return sign + digits + exp }
        return sign + String(digits.first!) + "." + digits.dropFirst() + exp
    }

    /// The shortest round-trip decimal digits of a positive finite double, and `n` such that the value is
    /// `0.d1d2…dk × 10^n`.
    static func shortestDigits(_ d: Double) -> (String, Int) {
        // Swift's description is the shortest round-trip form, e.g. "1.2345e-07", "123.45", "1e+21".
        let text = d.description
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var intPart = mantissa
        var fracPart: Substring = ""
        if let dot = mantissa.firstIndex(of: ".") {
            intPart = mantissa[..<dot]
            fracPart = mantissa[mantissa.index(after: dot)...]
        }
        var all = String(intPart) + String(fracPart)
        var pointPosition = intPart.count + exponent
        // Strip leading zeros (moving the point) and trailing zeros.
        while all.count > 1 && all.first == "0" { all.removeFirst(); pointPosition -= 1 }
        while all.count > 1 && all.last == "0" { all.removeLast() }
        return (all, pointPosition)
    }
}
