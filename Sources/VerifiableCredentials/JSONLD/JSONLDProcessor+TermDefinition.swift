/// Create Term Definition (JSON-LD 1.1 API §4.2.2).
extension JSONLDProcessor {
    private static let genDelims: Set<Character> = [":", "/", "?", "#", "[", "]", "@"]
    private static let allowedTermKeys: Set<String> = [
        "@id", "@reverse", "@container", "@context", "@direction", "@index", "@language", "@nest", "@prefix",
        "@protected", "@type",
    ]

    func createTermDefinition(
        _ active: inout ActiveContext, _ local: JSONObject, _ term: String, _ defined: inout [String: Bool],
        baseURL: String?, protected protectedDefault: Bool = false, overrideProtected: Bool = false,
        remoteContexts: [String] = [], validateScopedContext: Bool = true
    ) throws(VCError) {
        if let state = defined[term] {
            if state { return }
            throw error(.cyclicIRIMapping, "term '\(term)' is defined in terms of itself")
        }
        if term.isEmpty { throw error(.invalidTermDefinition, "the empty term") }
        defined[term] = false
        var value = local[term] ?? .null

        if term == "@type" {
            guard !active.isJSONLD10, case .object(let o) = value,
                o.keys.allSatisfy({ $0 == "@container" || $0 == "@protected" }), !o.isEmpty,
                o["@container"] == nil || o["@container"] == .string("@set")
            else { throw error(.keywordRedefinition, "@type may only get @container: @set") }
        } else if Keywords.isKeyword(term) {
            throw error(.keywordRedefinition, "keyword \(term) cannot be redefined")
        } else if IRI.hasKeywordForm(term) {
            try dropped("reserved term", term)
            defined[term] = true
            return
        }

        let previous = active.terms.removeValue(forKey: term)
        var simpleTerm = false
        switch value {
        case .null:
            var o = JSONObject()
            o["@id"] = .null
            value = .object(o)
        case .string(let s):
            var o = JSONObject()
            o["@id"] = .string(s)
            value = .object(o)
            simpleTerm = true
        case .object: break
        default: throw error(.invalidTermDefinition, "term '\(term)' must be a string, map or null")
        }
        guard case .object(let map) = value else { return }

        var definition = TermDefinition()
        if let p = map["@protected"] {
            if active.isJSONLD10 { throw error(.invalidTermDefinition, "@protected in json-ld-1.0 mode") }
            guard case .bool(let b) = p else { throw error(.invalidProtectedValue, "@protected must be a boolean") }
            definition.isProtected = b
        } else {
            definition.isProtected = protectedDefault
        }

        if let t = map["@type"] {
            guard case .string(let typeString) = t else { throw error(.invalidTypeMapping, "@type must be a string") }
            let type = try expandIRI(typeString, &active, vocab: true, local: local, defined: &defined)
            switch type {
            case "@id", "@vocab": break
            case "@json", "@none":
                if active.isJSONLD10 { throw error(.invalidTypeMapping, "\(type ?? "") in json-ld-1.0 mode") }
            default:
                guard let type, IRI.isAbsolute(type) else {
                    throw error(.invalidTypeMapping, "type mapping of '\(term)' is not an IRI")
                }
            }
            definition.typeMapping = type
        }

        if let reverse = map["@reverse"] {
            if map.contains("@id") || map.contains("@nest") {
                throw error(.invalidReverseProperty, "@reverse with @id or @nest")
            }
            guard case .string(let r) = reverse else { throw error(.invalidIRIMapping, "@reverse must be a string") }
            if IRI.hasKeywordForm(r) {
                try dropped("reserved @reverse value", r)
                defined[term] = true
                return
            }
            let iri = try expandIRI(r, &active, vocab: true, local: local, defined: &defined)
            guard let iri, iri.contains(":") || iri.hasPrefix("_:") else {
                throw error(.invalidIRIMapping, "@reverse of '\(term)' is not an IRI")
            }
            definition.iri = iri
            if let c = map["@container"] {
                switch c {
                case .null: break
                case .string(let s) where s == "@set" || s == "@index": definition.containerMapping = [s]
                default: throw error(.invalidReverseProperty, "a reverse property's container must be @set or @index")
                }
            }
            definition.isReverse = true
            try finish(&active, term, definition, previous, overrideProtected: overrideProtected)
            defined[term] = true
            return
        }

        if let idValue = map["@id"], idValue != .string(term) {
            switch idValue {
            case .null:
                definition.iri = nil
            case .string(let id):
                if !Keywords.isKeyword(id) && IRI.hasKeywordForm(id) {
                    try dropped("reserved @id value", id)
                    defined[term] = true
                    return
                }
                let iri = try expandIRI(id, &active, vocab: true, local: local, defined: &defined)
                guard let iri, Keywords.isKeyword(iri) || iri.contains(":") || iri.hasPrefix("_:") else {
                    throw error(.invalidIRIMapping, "@id of '\(term)' is not an IRI, blank node or keyword")
                }
                if iri == "@context" { throw error(.invalidKeywordAlias, "@context cannot be aliased") }
                definition.iri = iri
                let inner = term.dropFirst().dropLast()
                if inner.contains(":") || term.contains("/") {
                    defined[term] = true
                    let termIRI = try expandIRI(term, &active, vocab: true, local: local, defined: &defined)
                    if termIRI != iri {
                        throw error(.invalidIRIMapping, "term '\(term)' looks like an IRI but maps to another")
                    }
                }
                if !term.contains(":") && !term.contains("/") && simpleTerm,
                    let last = iri.last, Self.genDelims.contains(last) || iri.hasPrefix("_:")
                {
                    definition.isPrefix = true
                }
            default:
                throw error(.invalidIRIMapping, "@id of '\(term)' must be a string or null")
            }
        } else if let colon = term.dropFirst().firstIndex(of: ":") {
            let prefix = String(term[..<colon])
            let suffix = term[term.index(after: colon)...]
            if local.contains(prefix) {
                try createTermDefinition(&active, local, prefix, &defined, baseURL: baseURL, protected: protectedDefault,
                                         overrideProtected: overrideProtected, remoteContexts: remoteContexts)
            }
            if let p = active.terms[prefix], let piri = p.iri {
                definition.iri = piri + suffix
            } else {
                definition.iri = term
            }
        } else if term.contains("/") {
            let iri = try expandIRI(term, active, vocab: true)
            guard let iri, IRI.isAbsolute(iri) else {
                throw error(.invalidIRIMapping, "relative-IRI term '\(term)' does not expand to an IRI")
            }
            definition.iri = iri
        } else if term == "@type" {
            definition.iri = "@type"
        } else {
            guard let vocab = active.vocabularyMapping else {
                throw error(.invalidIRIMapping, "term '\(term)' has no IRI and there is no @vocab")
            }
            definition.iri = vocab + term
        }

        if let c = map["@container"] {
            definition.containerMapping = try containerMapping(c, active)
            if definition.containerMapping.contains("@type") {
                if definition.typeMapping == nil { definition.typeMapping = "@id" }
                guard definition.typeMapping == "@id" || definition.typeMapping == "@vocab" else {
                    throw error(.invalidTypeMapping, "a @type container needs type @id or @vocab")
                }
            }
        }

        if let index = map["@index"] {
            guard !active.isJSONLD10, definition.containerMapping.contains("@index") else {
                throw error(.invalidTermDefinition, "@index without an @index container")
            }
            guard case .string(let i) = index,
                let e = try expandIRI(i, &active, vocab: true, local: local, defined: &defined), IRI.isAbsolute(e),
                !Keywords.isKeyword(i)
            else { throw error(.invalidTermDefinition, "@index must be a string expanding to an IRI") }
            definition.indexMapping = i
        }

        if let scoped = map["@context"] {
            if active.isJSONLD10 { throw error(.invalidTermDefinition, "scoped context in json-ld-1.0 mode") }
            do {
                _ = try processContext(active, scoped, baseURL: baseURL, remoteContexts: remoteContexts,
                                       overrideProtected: true, validateScopedContext: false)
            } catch let e {
                if case .jsonLD(let code, _) = e, code == .loadingRemoteContextFailed || code == .recursiveContextInclusion {
                    throw e
                }
                throw error(.invalidScopedContext, "scoped context of '\(term)' is invalid: \(e)")
            }
            definition.localContext = scoped
            definition.localContextKey = ProcessedContextCache.fingerprint(scoped)
            definition.baseURL = baseURL
        }

        if let language = map["@language"], map["@type"] == nil {
            switch language {
            case .null: definition.languageMapping = .some(nil)
            case .string(let l): definition.languageMapping = .some(l.lowercased())
            default: throw error(.invalidLanguageMapping, "@language must be a string or null")
            }
        }
        if let direction = map["@direction"], map["@type"] == nil {
            switch direction {
            case .null: definition.directionMapping = .some(nil)
            case .string(let d) where d == "ltr" || d == "rtl": definition.directionMapping = .some(d)
            default: throw error(.invalidBaseDirection, "@direction must be ltr, rtl or null")
            }
        }
        if let nest = map["@nest"] {
            if active.isJSONLD10 { throw error(.invalidTermDefinition, "@nest in json-ld-1.0 mode") }
            guard case .string(let n) = nest, !Keywords.isKeyword(n) || n == "@nest" else {
                throw error(.invalidNestValue, "@nest must be @nest or a term")
            }
            definition.nestValue = n
        }
        if let prefix = map["@prefix"] {
            if active.isJSONLD10 || term.contains(":") || term.contains("/") {
                throw error(.invalidTermDefinition, "@prefix not allowed on '\(term)'")
            }
            guard case .bool(let b) = prefix else { throw error(.invalidPrefixValue, "@prefix must be a boolean") }
            definition.isPrefix = b
            if b, let iri = definition.iri, Keywords.isKeyword(iri) {
                throw error(.invalidTermDefinition, "a keyword alias cannot be a prefix")
            }
        }
        if let extra = map.keys.first(where: { !Self.allowedTermKeys.contains($0) }) {
            throw error(.invalidTermDefinition, "unknown entry \(extra) in the definition of '\(term)'")
        }
        try finish(&active, term, definition, previous, overrideProtected: overrideProtected)
        defined[term] = true
    }

    private func finish(
        _ active: inout ActiveContext, _ term: String, _ definition: TermDefinition, _ previous: TermDefinition?,
        overrideProtected: Bool
    ) throws(VCError) {
        if !overrideProtected, let previous, previous.isProtected {
            guard definition.sameDefinition(as: previous) else {
                throw error(.protectedTermRedefinition, "protected term '\(term)' cannot be redefined")
            }
            active.terms[term] = previous
        } else {
            active.terms[term] = definition
        }
    }

    private func containerMapping(_ value: JSONValue, _ active: ActiveContext) throws(VCError) -> Set<String> {
        let allowed: Set<String> = ["@graph", "@id", "@index", "@language", "@list", "@set", "@type"]
        var items: [String] = []
        switch value {
        case .string(let s): items = [s]
        case .array(let a) where !active.isJSONLD10:
            for v in a {
                guard case .string(let s) = v else { throw error(.invalidContainerMapping, "container entries must be strings") }
                items.append(s)
            }
        default: throw error(.invalidContainerMapping, "@container must be a string or array")
        }
        let set = Set(items)
        guard set.isSubset(of: allowed), set.count == items.count, !set.isEmpty else {
            throw error(.invalidContainerMapping, "unknown or repeated container keyword")
        }
        if active.isJSONLD10 {
            guard set.isDisjoint(with: ["@graph", "@id", "@type"]) else {
                throw error(.invalidContainerMapping, "container not allowed in json-ld-1.0 mode")
            }
            return set
        }
        let valid: Bool
        if set.count == 1 {
            valid = true
        } else if set.contains("@list") {
            valid = false
        } else if set.contains("@graph") {
            valid = set.isSubset(of: ["@graph", "@id", "@index", "@set"]) && !(set.contains("@id") && set.contains("@index"))
        } else {
            valid = set.contains("@set") && set.count == 2
        }
        guard valid else { throw error(.invalidContainerMapping, "invalid container combination") }
        return set
    }
}
