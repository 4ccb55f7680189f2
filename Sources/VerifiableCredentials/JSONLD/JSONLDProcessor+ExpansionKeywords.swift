/// Step 13.4 of the expansion algorithm: entries whose key expands to a keyword.
extension JSONLDProcessor {
    func expandKeywordEntry(
        _ result: inout JSONObject, _ nests: inout [String], key: String, expandedProperty: String, value: JSONValue,
        active: ActiveContext, typeScopedContext: ActiveContext, activeProperty: String?, inputType: String?,
        baseURL: String?
    ) throws(VCError) {
        if activeProperty == "@reverse" {
            throw error(.invalidReversePropertyMap, "a keyword inside @reverse")
        }
        if result.contains(expandedProperty) && expandedProperty != "@included" && expandedProperty != "@type" {
            throw error(.collidingKeywords, "\(expandedProperty) appears twice")
        }
        var expandedValue: JSONValue?
        switch expandedProperty {
        case "@id":
            guard case .string(let s) = value else { throw error(.invalidIDValue, "@id must be a string") }
            let iri = try expandIRI(s, active, documentRelative: true, vocab: false)
            if let iri {
                try checkReference(iri, event: "relative @id reference")
                expandedValue = .string(iri)
            } else {
                try dropped("reserved @id value", s)
                expandedValue = .null
            }
        case "@type":
            var types: [JSONValue] = []
            switch value {
            case .string(let s):
                types = [try expandType(s, typeScopedContext)]
            case .array(let a):
                for v in a {
                    guard case .string(let s) = v else { throw error(.invalidTypeValue, "@type values must be strings") }
                    types.append(try expandType(s, typeScopedContext))
                }
            default:
                throw error(.invalidTypeValue, "@type must be a string or array of strings")
            }
            let compacted = types.filter { !$0.isNull }
            if let existing = result["@type"] {
                expandedValue = .array(existing.asArray + compacted)
            } else if case .string = value {
                expandedValue = compacted.first ?? .null
            } else {
                expandedValue = .array(compacted)
            }
        case "@graph":
            expandedValue = .array(try expand(active, activeProperty: "@graph", value, baseURL: baseURL)?.asArray ?? [])
        case "@included":
            if active.isJSONLD10 { return }
            for raw in value.asArray {
                guard case .object(let o) = raw else { throw error(.invalidIncludedValue, "@included values must be node objects") }
                for k in o.keys {
                    let e = try expandIRI(k, active, vocab: true)
                    if e == "@value" || e == "@list" { throw error(.invalidIncludedValue, "@included values must be node objects") }
                }
            }
            let items = try expand(active, activeProperty: nil, value, baseURL: baseURL)?.asArray ?? []
            for item in items where !item.isNodeObject {
                throw error(.invalidIncludedValue, "@included values must be node objects")
            }
            expandedValue = .array((result["@included"]?.asArray ?? []) + items)
        case "@value":
            if inputType == "@json" {
                if active.isJSONLD10 { throw error(.invalidValueObjectValue, "@json in json-ld-1.0 mode") }
                expandedValue = value
            } else {
                switch value {
                case .null, .bool, .int, .double, .string: expandedValue = value
                default: throw error(.invalidValueObjectValue, "@value must be a scalar or null")
                }
            }
            result["@value"] = expandedValue
            return
        case "@language":
            guard case .string(let l) = value else {
                throw error(.invalidLanguageTaggedString, "@language must be a string")
            }
            expandedValue = .string(l.lowercased())
        case "@direction":
            if active.isJSONLD10 { return }
            guard case .string(let d) = value, d == "ltr" || d == "rtl" else {
                throw error(.invalidBaseDirection, "@direction must be ltr or rtl")
            }
            expandedValue = value
        case "@index":
            guard case .string = value else { throw error(.invalidIndexValue, "@index must be a string") }
            expandedValue = value
        case "@list":
            if activeProperty == nil || activeProperty == "@graph" {
                try dropped("free-floating list", "a list outside any node was dropped")
                return
            }
            expandedValue = .array(try expand(active, activeProperty: activeProperty, value, baseURL: baseURL)?.asArray ?? [])
        case "@set":
            expandedValue = try expand(active, activeProperty: activeProperty, value, baseURL: baseURL)
        case "@reverse":
            guard case .object = value else { throw error(.invalidReverseValue, "@reverse must be a map") }
            guard case .object(let ev) = try expand(active, activeProperty: "@reverse", value, baseURL: baseURL) else { return }
            if case .object(let inner) = ev["@reverse"] {
                for (property, items) in inner.members {
                    result[property] = .array((result[property]?.asArray ?? []) + items.asArray)
                }
            }
            let others = ev.keys.filter { $0 != "@reverse" }
            if !others.isEmpty {
                var reverseMap = result["@reverse"]?.objectValue ?? JSONObject()
                for property in others {
                    for item in ev[property]!.asArray {
                        if item.isValueObject || item.isListObject {
                            throw error(.invalidReversePropertyValue, "a reverse property's value must be a node")
                        }
                        reverseMap[property] = .array((reverseMap[property]?.asArray ?? []) + [item])
                    }
                }
                result["@reverse"] = .object(reverseMap)
            }
            return
        case "@nest":
            nests.append(key)
            return
        default:
            // Framing keywords and the like are ignored in expansion.
            return
        }
        if let expandedValue {
            // A keyword-like @id is kept as null: the node then yields no triples.
            if expandedValue.isNull && expandedProperty != "@id" { return }
            result[expandedProperty] = expandedValue
        }
    }

    private func expandType(_ s: String, _ context: ActiveContext) throws(VCError) -> JSONValue {
        guard let iri = try expandIRI(s, context, documentRelative: true, vocab: true) else { return .null }
        try checkReference(iri, event: "relative @type reference")
        return .string(iri)
    }
}
