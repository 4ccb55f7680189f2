/// JSON-LD keywords.
enum Keywords {
    static let all: Set<String> = [
        "@base", "@container", "@context", "@direction", "@graph", "@id", "@import", "@included", "@index",
        "@json", "@language", "@list", "@nest", "@none", "@prefix", "@propagate", "@protected", "@reverse",
        "@set", "@type", "@value", "@version", "@vocab", "@default", "@embed", "@explicit", "@null",
        "@omitDefault", "@requireAll", "@preserve", "@any",
    ]

    /// Every keyword starts with `@`: most strings are decided by their first byte, without hashing.
    static func isKeyword(_ s: String) -> Bool { s.utf8.first == UInt8(ascii: "@") && all.contains(s) }

    static let rdfType = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    static let rdfFirst = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first"
    static let rdfRest = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest"
    static let rdfNil = "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil"
    static let rdfJSON = "http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON"
    static let rdfLangString = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
    static let rdfValue = "http://www.w3.org/1999/02/22-rdf-syntax-ns#value"
    static let rdfLanguage = "http://www.w3.org/1999/02/22-rdf-syntax-ns#language"
    static let rdfDirection = "http://www.w3.org/1999/02/22-rdf-syntax-ns#direction"
    static let i18n = "https://www.w3.org/ns/i18n#"
    static let xsdString = "http://www.w3.org/2001/XMLSchema#string"
    static let xsdBoolean = "http://www.w3.org/2001/XMLSchema#boolean"
    static let xsdInteger = "http://www.w3.org/2001/XMLSchema#integer"
    static let xsdDouble = "http://www.w3.org/2001/XMLSchema#double"
}
