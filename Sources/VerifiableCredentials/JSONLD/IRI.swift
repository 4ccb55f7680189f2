/// RFC 3986 IRI helpers: splitting, resolving a reference against a base, and the JSON-LD notions of
/// absolute IRI, blank node identifier and keyword-like strings.
enum IRI {
    /// The five components of an IRI reference.
    struct Parts {
        var scheme: Substring?
        var authority: Substring?
        var path: Substring
        var query: Substring?
        var fragment: Substring?
    }

    /// Splits `text` with the RFC 3986 appendix B regular expression, done by hand.
    static func split(_ text: String) -> Parts {
        var rest = Substring(text)
        var fragment: Substring?
        if let h = rest.firstIndex(of: "#") {
            fragment = rest[rest.index(after: h)...]
            rest = rest[..<h]
        }
        var query: Substring?
        if let q = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: q)...]
            rest = rest[..<q]
        }
        var scheme: Substring?
        if let c = rest.firstIndex(of: ":"), c != rest.startIndex,
            !rest[..<c].contains(where: { $0 == "/" })
        {
            scheme = rest[..<c]
            rest = rest[rest.index(after: c)...]
        }
        var authority: Substring?
        if rest.hasPrefix("//") {
            let afterSlashes = rest.index(rest.startIndex, offsetBy: 2)
            let end = rest[afterSlashes...].firstIndex(of: "/") ?? rest.endIndex
            authority = rest[afterSlashes..<end]
            rest = rest[end...]
        }
        return Parts(scheme: scheme, authority: authority, path: rest, query: query, fragment: fragment)
    }

    /// Whether `text` has a scheme (`ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"`).
    static func isAbsolute(_ text: String) -> Bool {
        // A scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) then ":", checked on the UTF-8 bytes.
        var first = true
        for b in text.utf8 {
            if b == UInt8(ascii: ":") { return !first }
            let letter = (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z")
            if first {
                guard letter else { return false }
                first = false
            } else if !(letter || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "+") || b == UInt8(ascii: "-")
                        || b == UInt8(ascii: ".")) {
                return false
            }
        }
        return false
    }

    /// Whether `text` is an absolute IRI without characters IRIs may not contain (space, `<>"{}|^\``, …).
    static func isWellFormedAbsolute(_ text: String) -> Bool {
        guard isAbsolute(text) else { return false }
        var hashes = 0
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "#"):
                hashes += 1
                if hashes > 1 { return false }
            case ...0x20, UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "{"), UInt8(ascii: "}"),
                 UInt8(ascii: "|"), UInt8(ascii: "^"), UInt8(ascii: "`"), UInt8(ascii: "\\"):
                return false
            default: continue
            }
        }
        return true
    }

    /// Whether `text` looks like a keyword: `@` followed by one or more ALPHA.
    static func hasKeywordForm(_ text: String) -> Bool {
        guard text.utf8.first == UInt8(ascii: "@") else { return false }
        let s = text.unicodeScalars
        guard s.count > 1 else { return false }
        return s.dropFirst().allSatisfy { $0.isASCIILetter }
    }

    /// Resolves `reference` against `base` (RFC 3986 §5.2), or returns `reference` if `base` is nil.
    static func resolve(_ reference: String, against base: String?) -> String {
        guard let base else { return reference }
        let r = split(reference)
        let b = split(base)
        var t = Parts(scheme: nil, authority: nil, path: "", query: nil, fragment: r.fragment)
        if let scheme = r.scheme {
            t.scheme = scheme
            t.authority = r.authority
            t.path = Substring(removeDotSegments(String(r.path)))
            t.query = r.query
        } else {
            if let authority = r.authority {
                t.authority = authority
                t.path = Substring(removeDotSegments(String(r.path)))
                t.query = r.query
            } else {
                if r.path.isEmpty {
                    t.path = b.path
                    t.query = r.query ?? b.query
                } else {
                    if r.path.hasPrefix("/") {
                        t.path = Substring(removeDotSegments(String(r.path)))
                    } else {
                        t.path = Substring(removeDotSegments(merge(base: b, path: r.path)))
                    }
                    t.query = r.query
                }
                t.authority = b.authority
            }
            t.scheme = b.scheme
        }
        return recompose(t)
    }

    private static func merge(base: Parts, path: Substring) -> String {
        if base.authority != nil && base.path.isEmpty { return "/" + path }
        if let slash = base.path.lastIndex(of: "/") { return String(base.path[...slash]) + path }
        return String(path)
    }

    static func recompose(_ p: Parts) -> String {
        var out = ""
        if let s = p.scheme { out += s + ":" }
        if let a = p.authority { out += "//" + a }
        out += p.path
        if let q = p.query { out += "?" + q }
        if let f = p.fragment { out += "#" + f }
        return out
    }

    /// RFC 3986 §5.2.4.
    static func removeDotSegments(_ path: String) -> String {
        var input = Substring(path)
        var output: [Substring] = []
        var outputString: String { output.joined() }
        while !input.isEmpty {
            if input.hasPrefix("../") {
                input = input.dropFirst(3)
            } else if input.hasPrefix("./") {
                input = input.dropFirst(2)
            } else if input.hasPrefix("/./") {
                input = input.dropFirst(2)
            } else if input == "/." {
                input = "/"
            } else if input.hasPrefix("/../") {
                input = input.dropFirst(3)
                if !output.isEmpty { output.removeLast() }
            } else if input == "/.." {
                input = "/"
                if !output.isEmpty { output.removeLast() }
            } else if input == "." || input == ".." {
                input = ""
            } else {
                // Move the first segment (with its leading "/", up to the next "/") to the output.
                let start = input.startIndex
                let searchFrom = input.hasPrefix("/") ? input.index(after: start) : start
                let end = input[searchFrom...].firstIndex(of: "/") ?? input.endIndex
                output.append(input[start..<end])
                input = input[end...]
            }
        }
        return outputString
    }
}

extension Unicode.Scalar {
    var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}
