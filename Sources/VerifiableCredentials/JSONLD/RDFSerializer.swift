import Foundation

/// Deserialize JSON-LD to RDF (JSON-LD 1.1 API §8.1) from an expanded document. Walks node objects
/// directly instead of building a node map first; the resulting set of quads is the same.
struct RDFSerializer {
    let options: JSONLDOptions
    private(set) var quads: [RDFQuad] = []
    private var seen = Set<RDFQuad>(minimumCapacity: 64)
    private var blankNodeLabels: [String: String] = [:]
    private var counter = 0

    init(options: JSONLDOptions) { self.options = options }

    /// The quads of an expanded document, each once, in discovery order.
    static func quads(of expanded: [JSONValue], options: JSONLDOptions) throws(VCError) -> [RDFQuad] {
        var s = RDFSerializer(options: options)
        for element in expanded where element.isNodeObject {
            _ = try s.node(element.objectValue!, graph: nil)
        }
        return s.quads
    }

    private mutating func freshBlankNode() -> RDFTerm {
        defer { counter += 1 }
        return .blankNode("b\(counter)")
    }

    /// The term for an `@id` value; nil if it is a relative IRI (dropped).
    private mutating func term(forID id: String) -> RDFTerm? {
        if id.hasPrefix("_:") {
            if let label = blankNodeLabels[id] { return .blankNode(label) }
            let b = freshBlankNode()
            if case .blankNode(let label) = b { blankNodeLabels[id] = label }
            return b
        }
        return IRI.isWellFormedAbsolute(id) ? .iri(id) : nil
    }

    private mutating func emit(_ s: RDFTerm?, _ p: RDFTerm?, _ o: RDFTerm?, _ g: RDFTerm??) {
        guard let s, let p, let o, let g else { return }
        if case .blankNode = p, !options.produceGeneralizedRDF { return }
        if case .literal = s { return }
        let q = RDFQuad(s, p, o, graph: g)
        if seen.insert(q).inserted { quads.append(q) }
    }

    /// Emits the triples of a node object into `graph`; returns its subject (nil if it has a relative @id).
    private mutating func node(_ node: JSONObject, graph: RDFTerm?) throws(VCError) -> RDFTerm? {
        let subject: RDFTerm?
        if case .string(let id) = node["@id"] {
            subject = term(forID: id)
        } else if node["@id"]?.isNull == true {
            subject = nil
        } else {
            subject = freshBlankNode()
        }
        let g: RDFTerm?? = .some(graph)
        for t in node["@type"]?.asArray ?? [] {
            guard case .string(let type) = t else { continue }
            emit(subject, .iri(Keywords.rdfType), term(forID: type), g)
        }
        for key in node.keys {
            let values = node[key]!
            switch key {
            case "@id", "@type", "@index", "@context": continue
            case "@reverse":
                guard case .object(let reverse) = values else { continue }
                for property in reverse.keys {
                    let predicate = term(forID: property)
                    for item in reverse[property]!.asArray {
                        guard case .object(let o) = item else { continue }
                        let s = try self.node(o, graph: graph)
                        emit(s, predicate, subject, g)
                    }
                }
            case "@graph":
                guard let subject else {
                    // A graph with a relative name: its nodes are still processed but land nowhere valid.
                    continue
                }
                for item in values.asArray where item.isNodeObject {
                    _ = try self.node(item.objectValue!, graph: subject)
                }
            case "@included":
                for item in values.asArray where item.isNodeObject {
                    _ = try self.node(item.objectValue!, graph: graph)
                }
            default:
                if Keywords.isKeyword(key) { continue }
                let predicate = term(forID: key)
                for item in values.asArray {
                    let object = try self.object(item, graph: graph)
                    emit(subject, predicate, object, g)
                }
            }
        }
        return subject
    }

    /// Object to RDF conversion (§8.6) plus list conversion (§8.7).
    private mutating func object(_ item: JSONValue, graph: RDFTerm?) throws(VCError) -> RDFTerm? {
        guard case .object(let o) = item else { return nil }
        if o.contains("@value") { return literal(o, graph: graph) }
        if case .array(let list) = o["@list"] { return try self.list(list, graph: graph) }
        return try node(o, graph: graph)
    }

    private mutating func list(_ items: [JSONValue], graph: RDFTerm?) throws(VCError) -> RDFTerm {
        if items.isEmpty { return .iri(Keywords.rdfNil) }
        let heads = items.map { _ in freshBlankNode() }
        for (i, item) in items.enumerated() {
            let object = try self.object(item, graph: graph)
            emit(heads[i], .iri(Keywords.rdfFirst), object, .some(graph))
            emit(heads[i], .iri(Keywords.rdfRest), i + 1 < heads.count ? heads[i + 1] : .iri(Keywords.rdfNil), .some(graph))
        }
        return heads[0]
    }

    private mutating func literal(_ o: JSONObject, graph: RDFTerm?) -> RDFTerm? {
        let value = o["@value"]!
        var datatype = o["@type"]?.stringValue
        if let dt = datatype, dt != "@json", !IRI.isWellFormedAbsolute(dt) { return nil }
        if let language = o["@language"]?.stringValue, !Self.isWellFormedLanguage(language) { return nil }
        var lexical: String
        if datatype == "@json" {
            lexical = JSONSerializer.canonical(value)
            datatype = Keywords.rdfJSON
        } else {
            switch value {
            case .bool(let b):
                lexical = b ? "true" : "false"
                if datatype == nil { datatype = Keywords.xsdBoolean }
            case .int(let i):
                if datatype == Keywords.xsdDouble {
                    lexical = Self.canonicalDouble(Double(i))
                } else {
                    lexical = String(i)
                    if datatype == nil { datatype = Keywords.xsdInteger }
                }
            case .double(let d):
                if d.rounded() != d || abs(d) >= 1e21 || datatype == Keywords.xsdDouble || !d.isFinite {
                    lexical = Self.canonicalDouble(d)
                    if datatype == nil { datatype = Keywords.xsdDouble }
                } else {
                    lexical = String(format: "%.0f", d)
                    if lexical == "-0" { lexical = "0" }
                    if datatype == nil { datatype = Keywords.xsdInteger }
                }
            case .string(let s):
                lexical = s
            default:
                return nil
            }
        }
        let language = o["@language"]?.stringValue
        if let direction = o["@direction"]?.stringValue, let mode = options.rdfDirection {
            if mode == "i18n-datatype" {
                return .literal(lexical, datatype: Keywords.i18n + (language ?? "") + "_" + direction, language: nil)
            }
            if mode == "compound-literal" {
                let b = freshBlankNode()
                emit(b, .iri(Keywords.rdfValue), .string(lexical), .some(graph))
                if let language { emit(b, .iri(Keywords.rdfLanguage), .string(language), .some(graph)) }
                emit(b, .iri(Keywords.rdfDirection), .string(direction), .some(graph))
                return b
            }
        }
        if let language, datatype == nil {
            return .literal(lexical, datatype: Keywords.rdfLangString, language: language)
        }
        return .literal(lexical, datatype: datatype ?? Keywords.xsdString, language: nil)
    }

    /// The XSD canonical lexical form of a double as JSON-LD writes it: `1.1E0`, `1.0E-1`, `-1.5E21`.
    static func canonicalDouble(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-INF" : "INF" }
        // toExponential(15), then trailing zeros of the mantissa trimmed (keeping one digit after the point).
        let text = String(format: "%.15E", d)  // e.g. 1.100000000000000E+00
        guard let e = text.firstIndex(of: "E") else { return text }
        var mantissa = String(text[..<e])
        while mantissa.hasSuffix("0") && !mantissa.hasSuffix(".0") { mantissa.removeLast() }
        let exponent = Int(text[text.index(after: e)...]) ?? 0
        return mantissa + "E" + String(exponent)
    }

    /// BCP 47 well-formedness, loosely: alphanumeric subtags of 1–8 characters separated by hyphens.
    static func isWellFormedLanguage(_ tag: String) -> Bool {
        let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (1...8).contains(first.count),
            first.unicodeScalars.allSatisfy({ $0.isASCIILetter })
        else { return false }
        return parts.dropFirst().allSatisfy { p in
            (1...8).contains(p.count) && p.unicodeScalars.allSatisfy { $0.isASCIILetter || ("0"..."9").contains($0) }
        }
    }
}
