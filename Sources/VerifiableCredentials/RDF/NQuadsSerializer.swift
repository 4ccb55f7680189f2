/// Writes quads as canonical N-Quads (RDF 1.2 canonical form, as RDFC-1.0 requires): IRIs as-is,
/// literals with `\\ \" \n \r \t \b \f` escaped and other control characters as `\u00XX`,
/// `xsd:string` datatypes omitted, every line ending in `\n`.
public enum NQuadsSerializer {
    /// One quad as an N-Quads line, including the final `\n`.
    public static func line(_ quad: RDFQuad) -> String {
        var out = ""
        out.reserveCapacity(128)
        write(quad.subject, into: &out)
        out += " "
        write(quad.predicate, into: &out)
        out += " "
        write(quad.object, into: &out)
        if let g = quad.graph {
            out += " "
            write(g, into: &out)
        }
        out += " .\n"
        return out
    }

    /// All quads, one line each, in the given order.
    public static func serialize(_ quads: [RDFQuad]) -> String {
        quads.map(line).joined()
    }

    static func write(_ term: RDFTerm, into out: inout String) {
        switch term {
        case .iri(let iri):
            out += "<"
            out += iri
            out += ">"
        case .blankNode(let label):
            out += "_:"
            out += label
        case .literal(let lexical, let datatype, let language):
            out += "\""
            escape(lexical, into: &out)
            out += "\""
            if let language {
                out += "@"
                out += language
            } else if datatype != Keywords.xsdString {
                out += "^^<"
                out += datatype
                out += ">"
            }
        }
    }

    private static func escape(_ s: String, into out: inout String) {
        // Fast path: nothing to escape.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F }) {
            out += s
            return
        }
        for u in s.unicodeScalars {
            switch u {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if u.value < 0x20 || u.value == 0x7F {
                    let hex = String(u.value, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
    }
}
