/// The expansion algorithm (JSON-LD 1.1 API §5.1.2) and value expansion (§5.3.2).
extension JSONLDProcessor {
    /// Expands a whole document: the result is always an array of top-level objects.
    func expandDocument(_ document: JSONValue, documentURL: String?) throws(VCError) -> [JSONValue] {
        var active = initialContext()
        if let expandContext = options.expandContext {
            let ctx = expandContext.objectValue?["@context"] ?? expandContext
            active = try processContext(active, ctx, baseURL: documentURL ?? options.base)
        }
        var expanded = try expand(active, activeProperty: nil, document, baseURL: documentURL ?? options.base)
        if case .object(let o) = expanded, o.count == 1, let g = o["@graph"] { expanded = g }
        guard let expanded else { return [] }
        return expanded.asArray
    }

    /// Expands `element` under `activeProperty`; nil stands for JSON-LD's null (dropped).
    func expand(
        _ activeIn: ActiveContext, activeProperty: String?, _ element: JSONValue, baseURL: String?,
        fromMap: Bool = false
    ) throws(VCError) -> JSONValue? {
        var active = activeIn
        let propertyDefinition = activeProperty.flatMap { active.terms[$0] }
        let propertyScopedContext = propertyDefinition?.localContext
        switch element {
        case .null:
            return nil
        case .bool, .int, .double, .string:
            if activeProperty == nil || activeProperty == "@graph" {
                try dropped("free-floating scalar", "a value outside any node was dropped")
                return nil
            }
            if let propertyScopedContext {
                active = try processContext(active, propertyScopedContext, baseURL: propertyDefinition?.baseURL,
                                            overrideProtected: true, contextKey: propertyDefinition?.localContextKey)
            }
            return .object(try expandValue(active, activeProperty: activeProperty!, element))
        case .array(let items):
            var result: [JSONValue] = []
            let isList = propertyDefinition?.containerMapping.contains("@list") ?? false
            for item in items {
                guard var e = try expand(active, activeProperty: activeProperty, item, baseURL: baseURL, fromMap: fromMap)
                else { continue }
                if isList, case .array = e {
                    var l = JSONObject()
                    l["@list"] = e
                    e = .object(l)
                }
                if case .array(let inner) = e { result.append(contentsOf: inner) } else { result.append(e) }
            }
            return .array(result)
        case .object(let map):
            return try expandMap(&active, activeProperty: activeProperty, map, baseURL: baseURL, fromMap: fromMap,
                                 propertyDefinition: propertyDefinition)
        }
    }

    private func expandMap(
        _ active: inout ActiveContext, activeProperty: String?, _ element: JSONObject, baseURL: String?, fromMap: Bool,
        propertyDefinition: TermDefinition?
    ) throws(VCError) -> JSONValue? {
        // Step 7: a type-scoped context stops applying inside a new node object.
        if let previous = active.previousContext, !fromMap {
            var revert = true
            for key in element.keys {
                let e = try expandIRI(key, active, vocab: true)
                if e == "@value" { revert = false; break }
                if element.count == 1 && e == "@id" { revert = false }
            }
            if revert { active = previous.value }
        }
        if let scoped = propertyDefinition?.localContext {
            active = try processContext(active, scoped, baseURL: propertyDefinition?.baseURL, overrideProtected: true,
                                        contextKey: propertyDefinition?.localContextKey)
        }
        if let ctx = element["@context"] {
            active = try processContext(active, ctx, baseURL: baseURL)
        }
        let typeScopedContext = active
        var inputType: String?
        for key in element.sortedKeys where try expandIRI(key, active, vocab: true) == "@type" {
            let types = element[key]!.asArray.compactMap(\.stringValue).sorted(by: StringOrder.utf16Less)
            for t in types {
                if let def = typeScopedContext.terms[t], let ctx = def.localContext {
                    active = try processContext(active, ctx, baseURL: def.baseURL, propagate: false, contextKey: def.localContextKey)
                }
            }
            if let last = element[key]!.asArray.last?.stringValue {
                inputType = try expandIRI(last, typeScopedContext, vocab: true)
            }
        }
        var result = JSONObject()
        var nests: [String] = []
        try expandEntries(&result, &nests, element, active: active, typeScopedContext: typeScopedContext,
                          activeProperty: activeProperty, inputType: inputType, baseURL: baseURL)
        for nestingKey in nests {
            try expandNested(&result, element, nestingKey: nestingKey, active: active, typeScopedContext: typeScopedContext,
                             activeProperty: activeProperty, inputType: inputType, baseURL: baseURL)
        }
        return try finishExpandedMap(result, activeProperty: activeProperty)
    }

    private func expandNested(
        _ result: inout JSONObject, _ element: JSONObject, nestingKey: String, active: ActiveContext,
        typeScopedContext: ActiveContext, activeProperty: String?, inputType: String?, baseURL: String?
    ) throws(VCError) {
        guard let nestedValues = element[nestingKey] else { return }
        var active = active
        if let def = active.terms[nestingKey], let scoped = def.localContext {
            active = try processContext(active, scoped, baseURL: def.baseURL, overrideProtected: true, contextKey: def.localContextKey)
        }
        for nested in nestedValues.asArray {
            guard case .object(let nestedMap) = nested else { throw error(.invalidNestValue, "@nest values must be maps") }
            for k in nestedMap.keys where try expandIRI(k, active, vocab: true) == "@value" {
                throw error(.invalidNestValue, "@nest value is a value object")
            }
            var innerNests: [String] = []
            try expandEntries(&result, &innerNests, nestedMap, active: active, typeScopedContext: typeScopedContext,
                              activeProperty: activeProperty, inputType: inputType, baseURL: baseURL)
            for n in innerNests {
                try expandNested(&result, nestedMap, nestingKey: n, active: active, typeScopedContext: typeScopedContext,
                                 activeProperty: activeProperty, inputType: inputType, baseURL: baseURL)
            }
        }
    }

    /// Steps 15–20: checks the shape of the expanded map and simplifies it.
    private func finishExpandedMap(_ resultIn: JSONObject, activeProperty: String?) throws(VCError) -> JSONValue? {
        var result = resultIn
        if let value = result["@value"] {
            let allowed: Set<String> = ["@direction", "@index", "@language", "@type", "@value"]
            guard result.keys.allSatisfy({ allowed.contains($0) }) else {
                throw error(.invalidValueObject, "a value object has other entries")
            }
            if result.contains("@type") && (result.contains("@language") || result.contains("@direction")) {
                throw error(.invalidValueObject, "a value object has both @type and @language/@direction")
            }
            if result["@type"] == .string("@json") {
                // Any JSON value is allowed.
            } else if value.isNull {
                return nil
            } else if value.stringValue == nil && result.contains("@language") {
                throw error(.invalidLanguageTaggedValue, "@language on a non-string value")
            } else if let t = result["@type"] {
                guard case .string(let type) = t, IRI.isAbsolute(type), !type.hasPrefix("_:") else {
                    throw error(.invalidTypedValue, "the @type of a value must be an IRI")
                }
            }
        } else if let t = result["@type"], t.arrayValue == nil {
            result["@type"] = .array([t])
        } else if result.contains("@set") || result.contains("@list") {
            guard result.count <= 2, result.keys.allSatisfy({ $0 == "@set" || $0 == "@list" || $0 == "@index" }),
                !(result.contains("@set") && result.contains("@list"))
            else { throw error(.invalidSetOrListObject, "a set or list object has other entries") }
            if let s = result["@set"] { return s }
        }
        if result.count == 1 && result.contains("@language") { return nil }
        if activeProperty == nil || activeProperty == "@graph" {
            if result.isEmpty || result.contains("@value") || result.contains("@list") {
                if !result.isEmpty { try dropped("free-floating value", "a value or list outside any node was dropped") }
                return nil
            }
            if result.count == 1 && result.contains("@id") {
                return nil
            }
        }
        return .object(result)
    }

    /// Value expansion (§5.3.2).
    func expandValue(_ active: ActiveContext, activeProperty: String, _ value: JSONValue) throws(VCError) -> JSONObject {
        let def = active.terms[activeProperty]
        var result = JSONObject()
        if case .string(let s) = value, let typeMapping = def?.typeMapping, typeMapping == "@id" || typeMapping == "@vocab" {
            let iri = try expandIRI(s, active, documentRelative: true, vocab: typeMapping == "@vocab")
            if let iri { try checkReference(iri, event: "relative object reference") }
            result["@id"] = iri.map(JSONValue.string) ?? .null
            return result
        }
        result["@value"] = value
        if let typeMapping = def?.typeMapping, typeMapping != "@id", typeMapping != "@vocab", typeMapping != "@none" {
            result["@type"] = .string(typeMapping)
        } else if case .string = value {
            let language: String? = def?.languageMapping ?? active.defaultLanguage
            let direction: String? = def?.directionMapping ?? active.defaultBaseDirection
            if let language { result["@language"] = .string(language) }
            if let direction { result["@direction"] = .string(direction) }
        }
        return result
    }

    /// In safe mode, refuses an IRI that is neither absolute nor a blank node identifier.
    func checkReference(_ iri: String, event: String) throws(VCError) {
        if !iri.hasPrefix("_:") && !IRI.isAbsolute(iri) { try dropped(event, iri) }
    }
}
