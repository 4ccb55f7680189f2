/// The active context of JSON-LD processing: base IRI, vocabulary mapping, defaults and term definitions.
/// A value type; processing a local context yields a new one.
struct ActiveContext: Sendable {
    var baseIRI: String?
    var originalBaseURL: String?
    var vocabularyMapping: String?
    var defaultLanguage: String?
    var defaultBaseDirection: String?
    var terms: [String: TermDefinition] = [:]
    /// The context to revert to when a non-propagated (type-scoped) context stops applying.
    var previousContext: Box?
    var processingMode: String = "json-ld-1.1"
    /// Names how this context was derived (initial context, then each processed local context), so the
    /// result of processing a context on top of it can be cached; nil when it cannot be named.
    var cacheKey: String?

    /// A reference holder so the context can refer to its previous context.
    final class Box: Sendable {
        let value: ActiveContext
        init(_ value: ActiveContext) { self.value = value }
    }

    init(baseIRI: String?, processingMode: String = "json-ld-1.1") {
        self.baseIRI = baseIRI
        self.originalBaseURL = baseIRI
        self.processingMode = processingMode
    }

    /// Whether the processing mode is json-ld-1.0.
    var isJSONLD10: Bool { processingMode == "json-ld-1.0" }
}
