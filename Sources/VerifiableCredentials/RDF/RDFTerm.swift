/// A term of an RDF dataset: an IRI, a blank node or a literal.
public enum RDFTerm: Hashable, Sendable {
    case iri(String)
    /// A blank node by its label (without the `_:` prefix).
    case blankNode(String)
    /// A literal: lexical form, datatype IRI and, for `rdf:langString`, a language tag.
    case literal(String, datatype: String, language: String?)

    /// A plain `xsd:string` literal.
    public static func string(_ s: String) -> RDFTerm { .literal(s, datatype: Keywords.xsdString, language: nil) }

    /// Whether this is a blank node.
    public var isBlankNode: Bool { if case .blankNode = self { return true } else { return false } }
}

/// One statement of an RDF dataset; `graph` nil means the default graph.
public struct RDFQuad: Hashable, Sendable {
    public var subject: RDFTerm
    public var predicate: RDFTerm
    public var object: RDFTerm
    public var graph: RDFTerm?

    /// A quad; `graph` nil for the default graph.
    public init(_ subject: RDFTerm, _ predicate: RDFTerm, _ object: RDFTerm, graph: RDFTerm? = nil) {
        self.subject = subject
        self.predicate = predicate
        self.object = object
        self.graph = graph
    }
}
