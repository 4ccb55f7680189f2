import Foundation

/// A document fetched by URL: the parsed JSON and the URL it was finally served from.
public struct RemoteDocument: Sendable {
    /// The URL the document was loaded from (after redirects, if any); the base for its relative IRIs.
    public var documentURL: String
    /// The parsed document.
    public var document: JSONValue

    /// A document served at `documentURL`.
    public init(documentURL: String, document: JSONValue) {
        self.documentURL = documentURL
        self.document = document
    }
}

/// Resolves context URLs to documents. Implementations must not fetch from the network unless that
/// is the caller's explicit choice; ``StaticDocumentLoader`` never does.
public protocol DocumentLoader: Sendable {
    /// The document at `url`.
    /// - Throws: `VCError.documentNotAvailable` if the URL is not served.
    func loadDocument(_ url: String) throws(VCError) -> RemoteDocument

    /// Identifies what this loader serves: two loaders with the same non-nil identity serve the same
    /// documents for every URL, so processed contexts may be shared between them. Nil (the default)
    /// turns the processed-context cache off.
    var cacheIdentity: String? { get }
}

extension DocumentLoader {
    public var cacheIdentity: String? { nil }
}

/// A document loader with a fixed table of URL → document. It refuses every other URL.
/// ``StaticDocumentLoader/idos`` serves the contexts an idOS credential uses, bundled with this module.
public struct StaticDocumentLoader: DocumentLoader {
    private var documents: [String: JSONValue]
    /// Fresh for every distinct table (a copy with a document added gets a new one).
    public private(set) var cacheIdentity: String?

    /// A loader serving exactly `documents`.
    public init(documents: [String: JSONValue] = [:]) {
        self.documents = documents
        cacheIdentity = UUID().uuidString
    }

    /// The bundled context documents by the URL they are published at (idos-issuer.md §7).
    public static let bundledContextURLs: [String: String] = [
        "https://www.w3.org/2018/credentials/v1": "v1",
        "https://w3id.org/security/suites/ed25519-2020/v1": "ed25519-signature-2020-v1",
        "https://idos-network.github.io/idos-sdk-js/credentials/idos-credentials-v1.json": "idos-credentials-v1",
        "https://idos-network.github.io/idos-sdk-js/credentials/idos-credential-subject-v1.json": "idos-credential-subject-v1",
        "https://idos-network.github.io/idos-sdk-js/credentials/idos-credential-subject-v2.json": "idos-credential-subject-v2",
        "https://idos-network.github.io/idos-sdk-js/credentials/idos-credential-subject-face-id-v1.json":
            "idos-credential-subject-face-id-v1",
    ]

    /// A loader serving the bundled idOS / W3C VC contexts, parsed once.
    public static let idos: StaticDocumentLoader = {
        var docs: [String: JSONValue] = [:]
        for (url, name) in bundledContextURLs {
            guard let file = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Contexts")
                ?? Bundle.module.url(forResource: name, withExtension: "json"),
                let data = try? Data(contentsOf: file),
                let json = try? JSONParser.parse(Array(data))
            else {
                preconditionFailure("bundled context \(name).json is missing from the VerifiableCredentials resources")
            }
            docs[url] = json
        }
        return StaticDocumentLoader(documents: docs)
    }()

    /// The raw bytes of a bundled context, byte for byte as shipped (for checks and export).
    public static func bundledContextBytes(url: String) -> [UInt8]? {
        guard let name = bundledContextURLs[url],
            let file = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Contexts")
                ?? Bundle.module.url(forResource: name, withExtension: "json"),
            let data = try? Data(contentsOf: file)
        else { return nil }
        return Array(data)
    }

    /// This loader plus `document` served at `url`.
    public func adding(url: String, document: JSONValue) -> StaticDocumentLoader {
        var copy = self
        copy.documents[url] = document
        copy.cacheIdentity = UUID().uuidString
        return copy
    }

    /// Serves `url` if it is in the table; the fragment, if any, is ignored.
    public func loadDocument(_ url: String) throws(VCError) -> RemoteDocument {
        let key = url.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? url
        guard let document = documents[key] else { throw .documentNotAvailable(url: url) }
        return RemoteDocument(documentURL: key, document: document)
    }
}
