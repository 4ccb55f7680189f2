/// Parses N-Quads (RDF 1.1 / 1.2 syntax without triple terms): IRIs, blank nodes, literals with
/// language tags or datatypes, `\u`/`\U`/ECHAR escapes, comments and blank lines.
public struct NQuadsParser {
    private var bytes: [UInt8]
    private var index = 0
    private var line = 1

    private init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The quads of an N-Quads document, in document order, duplicates removed.
    /// - Throws: `VCError.malformedNQuads` with the line number.
    public static func parse(_ text: String) throws(VCError) -> [RDFQuad] {
        var p = NQuadsParser(Array(text.utf8))
        var quads: [RDFQuad] = []
        var seen = Set<RDFQuad>()
        while true {
            p.skipSpaceAndComments()
            guard p.index < p.bytes.count else { break }
            let q = try p.parseStatement()
            if seen.insert(q).inserted { quads.append(q) }
        }
        return quads
    }

    private func fail(_ reason: String) -> VCError { .malformedNQuads(line: line, reason: reason) }

    private mutating func skipSpaceAndComments() {
        while index < bytes.count {
            let c = bytes[index]
            if c == 0x20 || c == 0x09 || c == 0x0D {
                index += 1
            } else if c == 0x0A {
                line += 1
                index += 1
            } else if c == UInt8(ascii: "#") {
                while index < bytes.count && bytes[index] != 0x0A { index += 1 }
            } else {
                return
            }
        }
    }

    private mutating func skipInlineSpace() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
    }

    private mutating func parseStatement() throws(VCError) -> RDFQuad {
        let s = try parseTerm()
        guard !isLiteral(s) else { throw fail("a literal cannot be a subject") }
        skipInlineSpace()
        let p = try parseTerm()
        guard case .iri = p else { throw fail("the predicate must be an IRI") }
        skipInlineSpace()
        let o = try parseTerm()
        skipInlineSpace()
        var g: RDFTerm?
        if index < bytes.count && bytes[index] != UInt8(ascii: ".") {
            let graph = try parseTerm()
            guard !isLiteral(graph) else { throw fail("a literal cannot be a graph name") }
            g = graph
            skipInlineSpace()
        }
        guard index < bytes.count, bytes[index] == UInt8(ascii: ".") else { throw fail("expected '.'") }
        index += 1
        skipInlineSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "#") {
            while index < bytes.count && bytes[index] != 0x0A { index += 1 }
        }
        guard index >= bytes.count || bytes[index] == 0x0A || bytes[index] == 0x0D else {
            throw fail("unexpected data after '.'")
        }
        return RDFQuad(s, p, o, graph: g)
    }

    private func isLiteral(_ t: RDFTerm) -> Bool { if case .literal = t { return true } else { return false } }

    private mutating func parseTerm() throws(VCError) -> RDFTerm {
        guard index < bytes.count else { throw fail("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "<"): return .iri(try parseIRI())
        case UInt8(ascii: "_"):
            guard index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: ":") else { throw fail("bad blank node") }
            index += 2
            let start = index
            while index < bytes.count {
                let c = bytes[index]
                if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == UInt8(ascii: "<") || c == UInt8(ascii: "\"") {
                    break
                }
                index += 1
            }
            // A label may not end in '.', which then terminates the statement.
            while index > start && bytes[index - 1] == UInt8(ascii: ".") { index -= 1 }
            guard index > start else { throw fail("empty blank node label") }
            return .blankNode(String(decoding: bytes[start..<index], as: UTF8.self))
        case UInt8(ascii: "\""):
            return try parseLiteral()
        default:
            throw fail("expected an IRI, blank node or literal")
        }
    }

    private mutating func parseIRI() throws(VCError) -> String {
        index += 1
        var out: [UInt8] = []
        while true {
            guard index < bytes.count else { throw fail("unterminated IRI") }
            let c = bytes[index]
            if c == UInt8(ascii: ">") { index += 1; break }
            if c == UInt8(ascii: "\\") {
                index += 1
                guard index < bytes.count else { throw fail("bad escape in IRI") }
                let e = bytes[index]
                index += 1
                guard e == UInt8(ascii: "u") || e == UInt8(ascii: "U") else { throw fail("only \\u escapes are allowed in IRIs") }
                out.append(contentsOf: try parseUChar(digits: e == UInt8(ascii: "u") ? 4 : 8))
                continue
            }
            if c <= 0x20 || c == UInt8(ascii: "<") || c == UInt8(ascii: "\"") || c == UInt8(ascii: "{")
                || c == UInt8(ascii: "}") || c == UInt8(ascii: "|") || c == UInt8(ascii: "^") || c == UInt8(ascii: "`")
            {
                throw fail("character not allowed in an IRI")
            }
            out.append(c)
            index += 1
        }
        guard let s = String(validating: out, as: UTF8.self) else { throw fail("invalid UTF-8 in IRI") }
        guard IRI.isAbsolute(s) else { throw fail("relative IRI") }
        return s
    }

    private mutating func parseUChar(digits: Int) throws(VCError) -> [UInt8] {
        guard index + digits <= bytes.count else { throw fail("short unicode escape") }
        guard let v = UInt32(String(decoding: bytes[index..<index + digits], as: UTF8.self), radix: 16),
            let u = Unicode.Scalar(v)
        else { throw fail("bad unicode escape") }
        index += digits
        return Array(String(Character(u)).utf8)
    }

    private mutating func parseLiteral() throws(VCError) -> RDFTerm {
        index += 1
        var out: [UInt8] = []
        while true {
            guard index < bytes.count else { throw fail("unterminated literal") }
            let c = bytes[index]
            if c == UInt8(ascii: "\"") { index += 1; break }
            if c == 0x0A || c == 0x0D { throw fail("line break in a literal") }
            if c == UInt8(ascii: "\\") {
                index += 1
                guard index < bytes.count else { throw fail("bad escape") }
                let e = bytes[index]
                index += 1
                switch e {
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "'"): out.append(0x27)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "u"): out.append(contentsOf: try parseUChar(digits: 4))
                case UInt8(ascii: "U"): out.append(contentsOf: try parseUChar(digits: 8))
                default: throw fail("unknown escape")
                }
                continue
            }
            out.append(c)
            index += 1
        }
        guard let lexical = String(validating: out, as: UTF8.self) else { throw fail("invalid UTF-8 in literal") }
        if index < bytes.count, bytes[index] == UInt8(ascii: "@") {
            index += 1
            let start = index
            while index < bytes.count,
                bytes[index] == UInt8(ascii: "-") || (bytes[index] | 0x20 >= UInt8(ascii: "a") && bytes[index] | 0x20 <= UInt8(ascii: "z"))
                    || (bytes[index] >= UInt8(ascii: "0") && bytes[index] <= UInt8(ascii: "9"))
            {
                index += 1
            }
            guard index > start else { throw fail("empty language tag") }
            let tag = String(decoding: bytes[start..<index], as: UTF8.self)
            return .literal(lexical, datatype: Keywords.rdfLangString, language: tag)
        }
        if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "^"), bytes[index + 1] == UInt8(ascii: "^") {
            index += 2
            guard index < bytes.count, bytes[index] == UInt8(ascii: "<") else { throw fail("expected a datatype IRI") }
            return .literal(lexical, datatype: try parseIRI(), language: nil)
        }
        return .literal(lexical, datatype: Keywords.xsdString, language: nil)
    }
}
