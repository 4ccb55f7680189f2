/// Context processing (JSON-LD 1.1 API §4.1.2).
extension JSONLDProcessor {
    /// Applies `localContext` to `active`. `remoteContexts` is the chain of remote contexts being
    /// processed (to detect cycles).
    func processContext(
        _ active: ActiveContext, _ localContext: JSONValue, baseURL: String?, remoteContexts: [String] = [],
        overrideProtected: Bool = false, propagate propagateIn: Bool = true, validateScopedContext: Bool = true,
        contextKey: String? = nil
    ) throws(VCError) -> ActiveContext {
        // Processing is a pure function of (active context, local context, base, flags, loader, options):
        // a derivation the cache can name is processed once and reused (the idOS/VC contexts and their
        // type-scoped contexts are processed for every credential otherwise).
        var key: String?
        if let parent = active.cacheKey, remoteContexts.isEmpty, let loaderID = loader.cacheIdentity {
            key = ProcessedContextCache.key(parent: parent, context: localContext, contextFingerprint: contextKey, baseURL: baseURL,
                                            loader: loaderID,
                                            flags: "\(overrideProtected)\(propagateIn)\(validateScopedContext)\(options.safeMode)")
            if let key, let cached = ProcessedContextCache.shared.get(key) { return cached }
        }
        var result = try processContextUncached(active, localContext, baseURL: baseURL, remoteContexts: remoteContexts,
                                                overrideProtected: overrideProtected, propagate: propagateIn,
                                                validateScopedContext: validateScopedContext)
        result.cacheKey = key
        if let key { ProcessedContextCache.shared.put(key, result) }
        return result
    }

    private func processContextUncached(
        _ active: ActiveContext, _ localContext: JSONValue, baseURL: String?, remoteContexts: [String],
        overrideProtected: Bool, propagate propagateIn: Bool, validateScopedContext: Bool
    ) throws(VCError) -> ActiveContext {
        var result = active
        result.cacheKey = nil  // intermediate states are not nameable
        var propagate = propagateIn
        if case .object(let o) = localContext, let p = o["@propagate"] {
            guard case .bool(let b) = p else { throw error(.invalidPropagateValue, "@propagate must be a boolean") }
            propagate = b
        }
        if !propagate && result.previousContext == nil {
            result.previousContext = ActiveContext.Box(active)
        }
        for context in localContext.asArray {
            switch context {
            case .null:
                if !overrideProtected && result.terms.values.contains(where: { $0.isProtected }) {
                    throw error(.invalidContextNullification, "cannot nullify a context with protected terms")
                }
                let previous = result
                result = ActiveContext(baseIRI: active.originalBaseURL, processingMode: active.processingMode)
                result.originalBaseURL = active.originalBaseURL
                if !propagate { result.previousContext = ActiveContext.Box(previous) }
            case .string(let reference):
                let url = IRI.resolve(reference, against: baseURL)
                if remoteContexts.contains(url) {
                    if !validateScopedContext { continue }
                    throw error(.recursiveContextInclusion, "context \(url) includes itself")
                }
                if remoteContexts.count >= options.maxRemoteContexts {
                    throw error(.contextOverflow, "more than \(options.maxRemoteContexts) nested remote contexts")
                }
                let remote: RemoteDocument
                do { remote = try loader.loadDocument(url) } catch {
                    throw self.error(.loadingRemoteContextFailed, "cannot load context \(url)")
                }
                guard case .object(let doc) = remote.document, let loaded = doc["@context"] else {
                    throw error(.invalidRemoteContext, "\(url) is not a map with @context")
                }
                result = try processContext(
                    result, loaded, baseURL: remote.documentURL, remoteContexts: remoteContexts + [url],
                    overrideProtected: overrideProtected, validateScopedContext: validateScopedContext)
            case .object(var object):
                try processContextMap(&result, &object, baseURL: baseURL, remoteContexts: remoteContexts,
                                      overrideProtected: overrideProtected)
            default:
                throw error(.invalidLocalContext, "a context must be null, a string or a map")
            }
        }
        return result
    }

    private func processContextMap(
        _ result: inout ActiveContext, _ context: inout JSONObject, baseURL: String?, remoteContexts: [String],
        overrideProtected: Bool
    ) throws(VCError) {
        if let version = context["@version"] {
            guard case .double(let v) = version, v == 1.1 else {
                throw error(.invalidVersionValue, "@version must be 1.1")
            }
            if result.isJSONLD10 { throw error(.processingModeConflict, "@version 1.1 in json-ld-1.0 mode") }
        }
        if let importValue = context["@import"] {
            if result.isJSONLD10 { throw error(.invalidContextEntry, "@import in json-ld-1.0 mode") }
            guard case .string(let reference) = importValue else {
                throw error(.invalidImportValue, "@import must be a string")
            }
            let url = IRI.resolve(reference, against: baseURL)
            let remote: RemoteDocument
            do { remote = try loader.loadDocument(url) } catch {
                throw self.error(.loadingRemoteContextFailed, "cannot load imported context \(url)")
            }
            guard case .object(let doc) = remote.document, case .object(let imported) = doc["@context"] else {
                throw error(.invalidRemoteContext, "imported \(url) is not a map with a map @context")
            }
            if imported.contains("@import") { throw error(.invalidContextEntry, "an imported context has @import") }
            var merged = imported
            for (k, v) in context.members where k != "@import" { merged[k] = v }
            context = merged
        }
        if let base = context["@base"], remoteContexts.isEmpty {
            switch base {
            case .null: result.baseIRI = nil
            case .string(let b):
                if IRI.isAbsolute(b) {
                    result.baseIRI = b
                } else if let current = result.baseIRI {
                    result.baseIRI = IRI.resolve(b, against: current)
                } else {
                    throw error(.invalidBaseIRI, "relative @base without a base IRI")
                }
            default: throw error(.invalidBaseIRI, "@base must be a string or null")
            }
        }
        if let vocab = context["@vocab"] {
            switch vocab {
            case .null: result.vocabularyMapping = nil
            case .string(let v):
                guard v.hasPrefix("_:") || IRI.isAbsolute(v) || !result.isJSONLD10 else {
                    throw error(.invalidVocabMapping, "@vocab must be an absolute IRI in json-ld-1.0")
                }
                let expanded = try expandIRI(v, result, documentRelative: true, vocab: true)
                guard let e = expanded, e.hasPrefix("_:") || IRI.isAbsolute(e) else {
                    throw error(.invalidVocabMapping, "@vocab is not an IRI")
                }
                if !IRI.isAbsolute(v) && !v.hasPrefix("_:") { try dropped("relative @vocab reference", v) }
                result.vocabularyMapping = e
            default: throw error(.invalidVocabMapping, "@vocab must be a string or null")
            }
        }
        if let language = context["@language"] {
            switch language {
            case .null: result.defaultLanguage = nil
            case .string(let l): result.defaultLanguage = l.lowercased()
            default: throw error(.invalidDefaultLanguage, "@language must be a string or null")
            }
        }
        if let direction = context["@direction"] {
            if result.isJSONLD10 { throw error(.invalidContextEntry, "@direction in json-ld-1.0 mode") }
            switch direction {
            case .null: result.defaultBaseDirection = nil
            case .string(let d) where d == "ltr" || d == "rtl": result.defaultBaseDirection = d
            default: throw error(.invalidBaseDirection, "@direction must be ltr, rtl or null")
            }
        }
        if context.contains("@propagate"), result.isJSONLD10 {
            throw error(.invalidContextEntry, "@propagate in json-ld-1.0 mode")
        }
        var isProtected = false
        if let p = context["@protected"] {
            guard case .bool(let b) = p else { throw error(.invalidProtectedValue, "@protected must be a boolean") }
            isProtected = b
        }
        var defined: [String: Bool] = [:]
        let skip: Set<String> = ["@base", "@direction", "@import", "@language", "@propagate", "@protected", "@version", "@vocab"]
        for key in context.keys where !skip.contains(key) {
            try createTermDefinition(
                &result, context, key, &defined, baseURL: baseURL, protected: isProtected,
                overrideProtected: overrideProtected, remoteContexts: remoteContexts)
        }
    }
}
