/// A term definition of an active context (JSON-LD 1.1 API §4.1).
struct TermDefinition: Sendable, Equatable {
    /// The IRI mapping (an IRI, blank node identifier or keyword); `nil` means the term maps to null.
    var iri: String?
    var isPrefix = false
    var isProtected = false
    var isReverse = false
    var typeMapping: String?
    /// `nil`: not set; `.some(nil)`: explicitly null; `.some(x)`: a language.
    var languageMapping: String??
    /// `nil`: not set; `.some(nil)`: explicitly null; `.some(x)`: "ltr"/"rtl".
    var directionMapping: String??
    /// The scoped (embedded) context, kept unprocessed.
    var localContext: JSONValue?
    /// A fixed-size fingerprint of `localContext`, made once, so the processed-context cache need not
    /// serialize it on every use.
    var localContextKey: String?
    /// The base URL the scoped context was defined against.
    var baseURL: String?
    var containerMapping: Set<String> = []
    var nestValue: String?
    var indexMapping: String?

    /// Whether two definitions are the same apart from protection, as the protected-term rules compare them.
    func sameDefinition(as other: TermDefinition) -> Bool {
        var a = self, b = other
        a.isProtected = false
        b.isProtected = false
        return a == b
    }
}
