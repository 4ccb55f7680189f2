import Foundation

/// One Swift source file, read well enough to find route registrations, function bodies and the calls in
/// them: string literals (with their interpolations) and comments are blanked in `code`, which keeps every
/// offset of the original text, so braces and parentheses can be matched on it.
struct SwiftSource {
    let name: String
    let original: [UInt8]
    let code: [UInt8]
    /// Every `func name…(…) … { body }` and `init(…) { body }` of the file: name, signature and body range (braces included).
    private(set) var functions: [(name: String, signature: String, body: Range<Int>)] = []

    init(name: String, text: String) {
        self.name = name
        original = Array(text.utf8)
        code = Self.blankingLiteralsAndComments(original)
        functions = findFunctions()
    }

    /// The text of `range` in `code` (literals and comments blanked).
    func codeText(_ range: Range<Int>) -> String { String(decoding: code[range], as: UTF8.self) }

    /// The offset just past the bracket that closes the one at `open` (`{`/`}` or `(`/`)`), in `code`.
    func closing(from open: Int) -> Int? {
        let opener = code[open], closer: UInt8 = opener == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: ")")
        var depth = 0
        for i in open..<code.count {
            if code[i] == opener { depth += 1 } else if code[i] == closer {
                depth -= 1
                if depth == 0 { return i + 1 }
            }
        }
        return nil
    }

    /// The first offset at or after `start` holding `byte` in `code`.
    func next(_ byte: Character, from start: Int) -> Int? {
        let b = UInt8(ascii: byte.unicodeScalars.first!)
        return (start..<code.count).first { code[$0] == b }
    }

    private func findFunctions() -> [(name: String, signature: String, body: Range<Int>)] {
        let text = String(decoding: code, as: UTF8.self)
        let pattern = try! NSRegularExpression(pattern: #"\bfunc\s+(\w+)\s*(?:<[^>{]*>)?\s*\(|(?<![.\w])init\??\s*\("#)
        var found: [(String, String, Range<Int>)] = []
        for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            let name = match.range(at: 1).location == NSNotFound ? "init" : (text as NSString).substring(with: match.range(at: 1))
            let paren = Self.byteOffset(text, match.range.location + match.range.length - 1)
            guard let paramsEnd = closing(from: paren), let open = next("{", from: paramsEnd), let close = closing(from: open) else { continue }
            found.append((name, String(decoding: original[paren..<open], as: UTF8.self), open..<close))
        }
        return found
    }

    /// Every `router.<method>("<path>") { … }` registration: method, path (`:id` as `{id}`), closure body range.
    var routeRegistrations: [(method: String, path: String, body: Range<Int>)] {
        let text = String(decoding: original, as: UTF8.self)
        let pattern = try! NSRegularExpression(pattern: #"\brouter\.(get|post|put|patch|delete|head)\(\s*"([^"]*)"\s*\)"#)
        return pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            let ns = text as NSString
            let method = ns.substring(with: match.range(at: 1)).uppercased()
            let path = ns.substring(with: match.range(at: 2)).split(separator: "/", omittingEmptySubsequences: false)
                .map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
            let end = Self.byteOffset(text, match.range.location + match.range.length)
            guard let open = next("{", from: end), let close = closing(from: open) else { return nil }
            return (method, path, open..<close)
        }
    }

    /// The UTF-8 offset of a UTF-16 offset of `text` (NSRegularExpression counts UTF-16).
    static func byteOffset(_ text: String, _ utf16Offset: Int) -> Int {
        text.utf8.distance(from: text.utf8.startIndex, to: text.utf16.index(text.utf16.startIndex, offsetBy: utf16Offset))
    }

    // MARK: Blanking

    private static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\"), slash = UInt8(ascii: "/"), star = UInt8(ascii: "*")
    private static let openParen = UInt8(ascii: "("), closeParen = UInt8(ascii: ")"), newline = UInt8(ascii: "\n"), space = UInt8(ascii: " ")

    static func blankingLiteralsAndComments(_ b: [UInt8]) -> [UInt8] {
        var out = b
        func blank(_ range: Range<Int>) { for k in range where out[k] != newline { out[k] = space } }
        var i = 0
        while i < b.count {
            if b[i] == slash, i + 1 < b.count, b[i + 1] == slash {
                let end = (i..<b.count).first { b[$0] == newline } ?? b.count
                blank(i..<end); i = end
            } else if b[i] == slash, i + 1 < b.count, b[i + 1] == star {
                var end = i + 2
                while end + 1 < b.count, !(b[end] == star && b[end + 1] == slash) { end += 1 }
                end = min(end + 2, b.count)
                blank(i..<end); i = end
            } else if b[i] == quote {
                let end = skipString(b, from: i)
                blank(i..<end); i = end
            } else {
                i += 1
            }
        }
        return out
    }

    /// The offset just past the string literal starting at `start` (single-line or `"""`), interpolations included.
    static func skipString(_ b: [UInt8], from start: Int) -> Int {
        let multiline = start + 2 < b.count && b[start + 1] == quote && b[start + 2] == quote
        var j = start + (multiline ? 3 : 1)
        while j < b.count {
            if b[j] == backslash {
                if j + 1 < b.count, b[j + 1] == openParen { j = skipInterpolation(b, from: j + 2) } else { j += 2 }
            } else if b[j] == quote {
                if !multiline { return j + 1 }
                if j + 2 < b.count, b[j + 1] == quote, b[j + 2] == quote { return j + 3 }
                j += 1
            } else {
                j += 1
            }
        }
        return b.count
    }

    /// The offset just past the `)` that ends an interpolation whose code starts at `start`.
    static func skipInterpolation(_ b: [UInt8], from start: Int) -> Int {
        var depth = 1, j = start
        while j < b.count {
            if b[j] == quote { j = skipString(b, from: j); continue }
            if b[j] == openParen { depth += 1 } else if b[j] == closeParen {
                depth -= 1
                if depth == 0 { return j + 1 }
            }
            j += 1
        }
        return b.count
    }
}
