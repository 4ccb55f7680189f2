/// IRI expansion (JSON-LD 1.1 API §5.2.2).
extension JSONLDProcessor {
    /// Expands `value` against `active`. Returns nil for a term mapped to null or a keyword-like string.
    func expandIRI(
        _ value: String, _ active: ActiveContext, documentRelative: Bool = false, vocab: Bool = false
    ) throws(VCError) -> String? {
        var defined: [String: Bool] = [:]
        var context = active
        return try expandIRI(value, &context, documentRelative: documentRelative, vocab: vocab, local: nil, defined: &defined)
    }

    /// The variant used while defining terms: may define terms of `local` on demand.
    func expandIRI(
        _ value: String, _ active: inout ActiveContext, documentRelative: Bool = false, vocab: Bool = false,
        local: JSONObject?, defined: inout [String: Bool]
    ) throws(VCError) -> String? {
        if Keywords.isKeyword(value) { return value }
        if IRI.hasKeywordForm(value) { return nil }
        if let local, local.contains(value), defined[value] != true {
            try createTermDefinition(&active, local, value, &defined, baseURL: nil)
        }
        if let t = active.terms[value] {
            if let iri = t.iri, Keywords.isKeyword(iri) { return iri }
            if vocab { return t.iri }
        }
        if let colon = value.dropFirst().firstIndex(of: ":") {
            let prefix = String(value[..<colon])
            let suffix = value[value.index(after: colon)...]
            if prefix == "_" || suffix.hasPrefix("//") { return value }
            if let local, local.contains(prefix), defined[prefix] != true {
                try createTermDefinition(&active, local, prefix, &defined, baseURL: nil)
            }
            if let p = active.terms[prefix], let piri = p.iri, p.isPrefix { return piri + suffix }
            if IRI.isAbsolute(value) { return value }
        }
        if vocab, let v = active.vocabularyMapping { return v + value }
        if documentRelative { return IRI.resolve(value, against: active.baseIRI) }
        return value
    }
}
