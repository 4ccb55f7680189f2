/// Options of JSON-LD expansion and deserialization to RDF.
public struct JSONLDOptions: Sendable {
    /// The base IRI of the document (for relative `@id`s). Default: none.
    public var base: String?
    /// `json-ld-1.1` (default) or `json-ld-1.0`.
    public var processingMode: String = "json-ld-1.1"
    /// An extra context applied before the document's own (the API's `expandContext`). Default: none.
    public var expandContext: JSONValue?
    /// Refuse to drop data silently, as `jsonld.js` `safe: true` does: an unmapped property, a relative IRI
    /// that would vanish, a free-floating value, … are errors. Default: off. VC signing turns it on.
    public var safeMode: Bool = false
    /// How `@direction` reaches RDF: nil (dropped, the default), `i18n-datatype` or `compound-literal`.
    public var rdfDirection: String?
    /// Whether triples with blank-node predicates are kept. Default: false.
    public var produceGeneralizedRDF: Bool = false
    /// The most remote contexts one document may pull in (nested), against context loops. Default 32.
    public var maxRemoteContexts: Int = 32

    /// Default options.
    public init(base: String? = nil, safeMode: Bool = false) {
        self.base = base
        self.safeMode = safeMode
    }
}
