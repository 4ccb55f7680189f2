/// Runs the JSON-LD 1.1 algorithms (context processing, IRI expansion, expansion) with one set of
/// options and one document loader. Split by concern into `JSONLDProcessor+*.swift`.
struct JSONLDProcessor {
    let options: JSONLDOptions
    let loader: any DocumentLoader

    init(options: JSONLDOptions, loader: any DocumentLoader) {
        self.options = options
        self.loader = loader
    }

    /// A JSON-LD error with its spec code.
    func error(_ code: JSONLDErrorCode, _ detail: String) -> VCError { .jsonLD(code: code, detail: detail) }

    /// Reports a place where JSON-LD would silently drop data; an error in safe mode.
    func dropped(_ event: String, _ detail: String) throws(VCError) {
        if options.safeMode { throw .unsafeDrop(event: event, detail: detail) }
    }

    /// The initial active context for a document.
    func initialContext() -> ActiveContext {
        var context = ActiveContext(baseIRI: options.base, processingMode: options.processingMode)
        context.cacheKey = "init\u{0}\(options.base ?? "")\u{0}\(options.processingMode)"
        return context
    }
}

/// Small helpers on JSON values that the algorithms use often.
extension JSONValue {
    /// A value object: a map with `@value`.
    var isValueObject: Bool { objectValue?.contains("@value") ?? false }
    /// A list object: a map with `@list`.
    var isListObject: Bool { objectValue?.contains("@list") ?? false }
    /// A graph object: a map with `@graph` and at most `@id`, `@index` besides.
    var isGraphObject: Bool {
        guard let o = objectValue, o.contains("@graph") else { return false }
        return o.keys.allSatisfy { $0 == "@graph" || $0 == "@id" || $0 == "@index" || $0 == "@context" }
    }
    /// A node object: a map that is not a value, list or set object.
    var isNodeObject: Bool {
        guard let o = objectValue else { return false }
        return !o.contains("@value") && !o.contains("@list") && !o.contains("@set")
    }
}
