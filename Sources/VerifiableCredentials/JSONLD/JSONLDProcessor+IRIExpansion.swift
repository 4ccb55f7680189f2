/// IRI expansion (JSON-LD 1.1 API §5.2.2).
extension JSONLDProcessor {
    /// Expands `value` against `active`. Returns nil for a term mapped to null or a keyword-like string.
    /// Reads the context only (no copy of it): this is the hot path of expansion.
    func expandIRI(
        _ value: String, _ active: ActiveContext, documentRelative: Bool = false, vocab: Bool = false
    ) throws(VCError) -> String? {
        if Keywords.isKeyword(value) { return value }
        if IRI.hasKeywordForm(value) { return nil }
        if let t = active.terms[value] {
            if let iri = t.iri, Keywords.isKeyword(iri) { return iri }
            if vocab { return t.iri }
        }
        if let colon = value.dropFirst().firstIndex(of: ":") {
            let prefix = String(value[..<colon])
            let suffix = value[value.index(after: colon)...]
            if prefix == "_" || suffix.hasPrefix("//") { return value }
            if let p = active.terms[prefix], let piri = p.iri, p.isPrefix { return piri + suffix }
            if IRI.isAbsolute(value) { return value }
        }
        if vocab, let v = active.vocabularyMapping { return v + value }
        if documentRelative { return IRI.resolve(value, against: active.baseIRI) }
        return value
    }

    /// The variant used while defining terms: first defines, on demand, the terms of `local` that the
    /// expansion reads (the value itself, then its prefix), in the algorithm's order; then expands.
    func expandIRI(
        _ value: String, _ active: inout ActiveContext, documentRelative: Bool = false, vocab: Bool = false,
        local: JSONObject?, defined: inout [String: Bool]
    ) throws(VCError) -> String? {
        if let local, !Keywords.isKeyword(value), !IRI.hasKeywordForm(value) {
            if local.contains(value), defined[value] != true {
                try createTermDefinition(&active, local, value, &defined, baseURL: nil)
            }
            let decidedByTerm = active.terms[value].map { t in vocab || (t.iri.map(Keywords.isKeyword) ?? false) } ?? false
            if !decidedByTerm, let colon = value.dropFirst().firstIndex(of: ":") {
                let prefix = String(value[..<colon])
                let suffix = value[value.index(after: colon)...]
                if prefix != "_", !suffix.hasPrefix("//"), local.contains(prefix), defined[prefix] != true {
                    try createTermDefinition(&active, local, prefix, &defined, baseURL: nil)
                }
            }
        }
        return try expandIRI(value, active, documentRelative: documentRelative, vocab: vocab)
    }
}
