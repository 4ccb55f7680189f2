/// JSON-LD 1.1 entry points: expansion and deserialization to RDF.
public enum JSONLD {
    /// Expands a document (JSON-LD 1.1 API `expand()`).
    /// - Parameters:
    ///   - documentURL: where the document came from; its base IRI unless `options.base` is set.
    /// - Throws: `VCError.jsonLD` with the spec's error code, `VCError.unsafeDrop` in safe mode.
    public static func expand(
        _ document: JSONValue, options: JSONLDOptions = JSONLDOptions(),
        loader: any DocumentLoader = StaticDocumentLoader.idos, documentURL: String? = nil
    ) throws(VCError) -> [JSONValue] {
        let processor = JSONLDProcessor(options: options, loader: loader)
        return try processor.expandDocument(document, documentURL: options.base ?? documentURL)
    }

    /// The RDF dataset of a document (JSON-LD 1.1 API `toRdf()`), quads in discovery order.
    public static func toRDF(
        _ document: JSONValue, options: JSONLDOptions = JSONLDOptions(),
        loader: any DocumentLoader = StaticDocumentLoader.idos, documentURL: String? = nil
    ) throws(VCError) -> [RDFQuad] {
        let expanded = try expand(document, options: options, loader: loader, documentURL: documentURL)
        return try RDFSerializer.quads(of: expanded, options: options)
    }

    /// RDFC-1.0 canonical N-Quads of a JSON-LD document (what Data Integrity proofs hash).
    public static func canonicalize(
        _ document: JSONValue, options: JSONLDOptions = JSONLDOptions(),
        loader: any DocumentLoader = StaticDocumentLoader.idos, canonicalizer: RDFCanonicalizer = RDFCanonicalizer()
    ) throws(VCError) -> String {
        try canonicalizer.canonicalize(toRDF(document, options: options, loader: loader)).nquads
    }
}
