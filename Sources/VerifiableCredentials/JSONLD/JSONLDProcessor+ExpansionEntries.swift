/// Step 13 of the expansion algorithm: each entry of a map.
extension JSONLDProcessor {
    func expandEntries(
        _ result: inout JSONObject, _ nests: inout [String], _ element: JSONObject, active: ActiveContext,
        typeScopedContext: ActiveContext, activeProperty: String?, inputType: String?, baseURL: String?
    ) throws(VCError) {
        for key in element.sortedKeys where key != "@context" {
            let value = element[key]!
            guard let expandedProperty = try expandIRI(key, active, vocab: true),
                expandedProperty.contains(":") || Keywords.isKeyword(expandedProperty)
            else {
                try dropped("invalid property", "'\(key)' is not defined by the context and was dropped")
                continue
            }
            if Keywords.isKeyword(expandedProperty) {
                try expandKeywordEntry(&result, &nests, key: key, expandedProperty: expandedProperty, value: value,
                                       active: active, typeScopedContext: typeScopedContext,
                                       activeProperty: activeProperty, inputType: inputType, baseURL: baseURL)
                continue
            }
            if !expandedProperty.hasPrefix("_:") && !IRI.isAbsolute(expandedProperty) {
                try dropped("invalid property", "'\(key)' expands to a relative IRI and was dropped")
            }
            let def = active.terms[key]
            let container = def?.containerMapping ?? []
            var expandedValue: JSONValue?
            if def?.typeMapping == "@json" {
                var o = JSONObject()
                o["@value"] = value
                o["@type"] = "@json"
                expandedValue = .object(o)
            } else if container.contains("@language"), case .object(let languageMap) = value {
                expandedValue = .array(try expandLanguageMap(languageMap, def: def, active: active))
            } else if !container.isDisjoint(with: ["@index", "@type", "@id"]), case .object(let indexMap) = value {
                expandedValue = .array(try expandIndexMap(indexMap, key: key, def: def, container: container,
                                                          active: active, baseURL: baseURL))
            } else {
                expandedValue = try expand(active, activeProperty: key, value, baseURL: baseURL)
            }
            guard var ev = expandedValue else { continue }
            if container.contains("@list") && !ev.isListObject {
                var l = JSONObject()
                l["@list"] = .array(ev.asArray)
                ev = .object(l)
            }
            if container.contains("@graph") && !container.contains("@id") && !container.contains("@index") {
                ev = .array(ev.asArray.map { item in
                    var g = JSONObject()
                    g["@graph"] = .array(item.asArray)
                    return .object(g)
                })
            }
            if def?.isReverse == true {
                var reverseMap = result["@reverse"]?.objectValue ?? JSONObject()
                for item in ev.asArray {
                    if item.isValueObject || item.isListObject {
                        throw error(.invalidReversePropertyValue, "a reverse property's value must be a node")
                    }
                    reverseMap[expandedProperty] = .array((reverseMap[expandedProperty]?.asArray ?? []) + [item])
                }
                result["@reverse"] = .object(reverseMap)
            } else {
                result[expandedProperty] = .array((result[expandedProperty]?.asArray ?? []) + ev.asArray)
            }
        }
    }

    private func expandLanguageMap(_ map: JSONObject, def: TermDefinition?, active: ActiveContext) throws(VCError) -> [JSONValue] {
        var out: [JSONValue] = []
        let direction: String? = def?.directionMapping ?? active.defaultBaseDirection
        for language in map.sortedKeys {
            for item in map[language]!.asArray {
                if item.isNull { continue }
                guard case .string = item else {
                    throw error(.invalidLanguageMapValue, "language map values must be strings")
                }
                var v = JSONObject()
                v["@value"] = item
                if language != "@none", try expandIRI(language, active, vocab: true) != "@none" {
                    v["@language"] = .string(language.lowercased())
                }
                if let direction { v["@direction"] = .string(direction) }
                out.append(.object(v))
            }
        }
        return out
    }

    private func expandIndexMap(
        _ map: JSONObject, key: String, def: TermDefinition?, container: Set<String>, active: ActiveContext,
        baseURL: String?
    ) throws(VCError) -> [JSONValue] {
        var out: [JSONValue] = []
        let indexKey = def?.indexMapping ?? "@index"
        for index in map.sortedKeys {
            let indexValue = map[index]!
            var mapContext = active
            if container.contains("@id") || container.contains("@type") {
                mapContext = active.previousContext?.value ?? active
            }
            if container.contains("@type"), let tdef = mapContext.terms[index], let ctx = tdef.localContext {
                mapContext = try processContext(mapContext, ctx, baseURL: tdef.baseURL, propagate: false, contextKey: tdef.localContextKey)
            } else if !(container.contains("@id") || container.contains("@type")) {
                mapContext = active
            }
            let expandedIndex = try expandIRI(index, active, vocab: true)
            let items = try expand(mapContext, activeProperty: key, .array(indexValue.asArray), baseURL: baseURL,
                                   fromMap: true)?.asArray ?? []
            for var item in items {
                if container.contains("@graph") && !item.isGraphObject {
                    var g = JSONObject()
                    g["@graph"] = .array(item.asArray)
                    item = .object(g)
                }
                guard case .object(var o) = item else { out.append(item); continue }
                if container.contains("@index") && indexKey != "@index" && expandedIndex != "@none" {
                    let reexpanded = try expandValue(active, activeProperty: indexKey, .string(index))
                    guard let expandedIndexKey = try expandIRI(indexKey, active, vocab: true) else { continue }
                    o[expandedIndexKey] = .array([.object(reexpanded)] + (o[expandedIndexKey]?.asArray ?? []))
                    if o.contains("@value") {
                        throw error(.invalidValueObject, "a property-valued index on a value object")
                    }
                } else if container.contains("@index") && !o.contains("@index") && expandedIndex != "@none" {
                    o["@index"] = .string(index)
                } else if container.contains("@id") && !o.contains("@id") && expandedIndex != "@none" {
                    let id = try expandIRI(index, active, documentRelative: true, vocab: false)
                    o["@id"] = id.map(JSONValue.string) ?? .null
                } else if container.contains("@type") && expandedIndex != "@none", let expandedIndex {
                    o["@type"] = .array([.string(expandedIndex)] + (o["@type"]?.asArray ?? []))
                }
                out.append(.object(o))
            }
        }
        return out
    }
}
