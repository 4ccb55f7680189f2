/// # VerifiableCredentials
///
/// W3C Verifiable Credentials as idOS issues them, with no network and no other JSON-LD library:
///
/// - ``JSONValue``, ``JSONParser``, ``JSONSerializer``: JSON that keeps key order and integer-ness.
/// - ``JSONLD``: JSON-LD 1.1 expansion and deserialization to RDF, with a ``DocumentLoader``
///   (``StaticDocumentLoader/idos`` serves the bundled contexts and nothing else) and a safe mode.
/// - ``RDFCanonicalizer``: RDFC-1.0 over ``RDFQuad``s, ``NQuadsParser`` / ``NQuadsSerializer``.
/// - ``Ed25519Signature2020``: create and verify Data Integrity proofs.
///
/// Errors are ``VCError``.
public enum VerifiableCredentialsModule {
    /// The contexts bundled with the module, by URL.
    public static var bundledContextURLs: [String] { StaticDocumentLoader.bundledContextURLs.keys.sorted() }
}
