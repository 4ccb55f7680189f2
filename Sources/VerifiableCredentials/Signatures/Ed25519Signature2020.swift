internal import IdosCrypto
public import Foundation

/// The Ed25519Signature2020 Data Integrity suite as `@digitalbazaar/ed25519-signature-2020` runs it
/// under `vc.issue` / `vc.verify`:
///
///     verifyData = SHA-256(RDFC-1.0(proof options + document @context)) ‖ SHA-256(RDFC-1.0(document without proof))
///     proofValue = "z" + base58btc(Ed25519.sign(verifyData))
///
/// JSON-LD runs in safe mode, so a property the contexts do not define is an error, not a silent drop.
public struct Ed25519Signature2020: Sendable {
    /// The proof `type`.
    public static let proofType = "Ed25519Signature2020"

    /// Serves the contexts (default: the bundled idOS/W3C contexts only).
    public var loader: any DocumentLoader
    /// The canonicalizer (default work limit). Its hash algorithm is not used: the suite always
    /// canonicalizes with SHA-256, RDFC-1.0's default, which Ed25519Signature2020 specifies.
    public var canonicalizer: RDFCanonicalizer
    /// JSON-LD safe mode while canonicalizing (default on, as jsonld-signatures does).
    public var safeMode: Bool

    /// A suite with the given loader and canonicalizer.
    public init(loader: any DocumentLoader = StaticDocumentLoader.idos, canonicalizer: RDFCanonicalizer = RDFCanonicalizer(),
                safeMode: Bool = true) {
        self.loader = loader
        self.canonicalizer = canonicalizer
        self.safeMode = safeMode
    }

    /// The two canonical N-Quads documents a proof covers.
    public struct CanonicalForms: Sendable {
        /// RDFC-1.0 of the proof options (with the document's `@context`).
        public var proofOptions: String
        /// RDFC-1.0 of the document without its proof.
        public var document: String
        /// `sha256(proofOptions) ‖ sha256(document)`, the 64 bytes that are signed.
        public var verifyData: [UInt8] {
            SHA256.hash(Array(proofOptions.utf8)) + SHA256.hash(Array(document.utf8))
        }
    }

    /// Canonicalizes `document` (its `proof`, if any, removed) and `proofOptions` (its `proofValue`,
    /// if any, removed; the document's `@context` added).
    public func canonicalForms(document: JSONObject, proofOptions: JSONObject) throws(VCError) -> CanonicalForms {
        var doc = document
        doc["proof"] = nil
        var options = JSONObject()
        options["@context"] = document["@context"] ?? .null
        for (k, v) in proofOptions.members where k != "proofValue" && k != "@context" { options[k] = v }
        let jsonldOptions = JSONLDOptions(safeMode: safeMode)
        var canonicalizer = self.canonicalizer
        canonicalizer.hashAlgorithm = .sha256
        let optionsQuads = try JSONLD.toRDF(.object(options), options: jsonldOptions, loader: loader)
        let documentQuads = try JSONLD.toRDF(.object(doc), options: jsonldOptions, loader: loader)
        return CanonicalForms(
            proofOptions: try canonicalizer.canonicalize(optionsQuads).nquads,
            document: try canonicalizer.canonicalize(documentQuads).nquads)
    }

    /// Signs `credential`, returning it with a `proof` entry appended.
    /// - Parameters:
    ///   - created: the proof's `created`, an XML Schema dateTime without milliseconds; default now.
    ///   - proofPurpose: default `assertionMethod`.
    /// - Throws: `VCError.invalidKey` if the key cannot sign, JSON-LD / canonicalization errors otherwise.
    public func sign(
        _ credential: JSONObject, key: Ed25519VerificationKey2020, created: String? = nil,
        proofPurpose: String = "assertionMethod"
    ) throws(VCError) -> JSONObject {
        guard let privateKey = key.privateKey else { throw .invalidKey(reason: "the key has no private half") }
        guard credential["@context"] != nil else { throw .invalidCredential(reason: "no @context") }
        var proof = JSONObject()
        proof["type"] = .string(Self.proofType)
        proof["created"] = .string(created ?? Self.dateTime(Date()))
        proof["verificationMethod"] = .string(key.id)
        proof["proofPurpose"] = .string(proofPurpose)
        let forms = try canonicalForms(document: credential, proofOptions: proof)
        let signature = privateKey.sign(forms.verifyData)
        proof["proofValue"] = .string("z" + Base58.encode(signature))
        var signed = credential
        signed["proof"] = nil
        signed["proof"] = .object(proof)
        return signed
    }

    /// What a verified proof established.
    public struct VerifiedProof: Sendable, Equatable {
        /// The credential's `issuer` id (`<base>/issuers/N`).
        public var issuer: String
        /// The proof's `verificationMethod` (`<base>/keys/M`), a key of `issuer`.
        public var verificationMethod: String
        /// The proof's `created`.
        public var created: String
    }

    /// Verifies `credential`'s Ed25519Signature2020 proof with `publicKey`, rule by rule:
    /// 1. `proofPurpose` is `assertionMethod`;
    /// 2. with `issuerBaseURL`, the credential's `issuer` is `<issuerBaseURL>/issuers/N` (a trailing `/`
    ///    of the pin is ignored);
    /// 3. the `verificationMethod` is a key of the credential's `issuer` (``IssuerKeyConvention``);
    /// 4. the signature verifies with `publicKey`.
    /// - Throws: `VCError.invalidCredential` when the proof or issuer is missing or malformed; one
    ///   rule case per failed rule (`proofPurposeNotAssertionMethod`, `issuerNotPinned`,
    ///   `verificationMethodNotOwnedByIssuer`, `signatureMismatch`); JSON-LD errors while canonicalizing.
    @discardableResult
    public func verify(_ credential: JSONObject, publicKey: [UInt8], issuerBaseURL: String? = nil) throws(VCError) -> VerifiedProof {
        guard case .object(let proof) = credential["proof"] else {
            throw .invalidCredential(reason: "no proof, or more than one")
        }
        guard proof["type"] == .string(Self.proofType) else {
            throw .invalidCredential(reason: "the proof type is not \(Self.proofType)")
        }
        guard case .string(let proofValue) = proof["proofValue"], proofValue.hasPrefix("z"),
            let signature = try? Base58.decode(String(proofValue.dropFirst())), signature.count == 64
        else { throw .invalidCredential(reason: "proofValue is not a multibase base58btc 64-byte signature") }
        guard let method = proof["verificationMethod"]?.stringValue, let purpose = proof["proofPurpose"]?.stringValue,
            let created = proof["created"]?.stringValue
        else { throw .invalidCredential(reason: "the proof lacks verificationMethod, proofPurpose or created") }
        guard let issuer = Self.issuerID(of: credential) else {
            throw .invalidCredential(reason: "the credential has no issuer (a URL, or an object with an id)")
        }
        guard purpose == "assertionMethod" else { throw .proofPurposeNotAssertionMethod(found: purpose) }
        if let issuerBaseURL {
            var pinned = issuerBaseURL
            while pinned.hasSuffix("/") { pinned.removeLast() }
            guard IssuerKeyConvention.base(ofIssuer: issuer) == pinned else { throw .issuerNotPinned(expected: pinned, found: issuer) }
        }
        guard IssuerKeyConvention.issuer(issuer, owns: method) else {
            throw .verificationMethodNotOwnedByIssuer(verificationMethod: method, issuer: issuer)
        }
        let forms = try canonicalForms(document: credential, proofOptions: proof)
        guard Ed25519.verify(signature: signature, message: forms.verifyData, publicKey: publicKey) else { throw .signatureMismatch }
        return VerifiedProof(issuer: issuer, verificationMethod: method, created: created)
    }

    /// The credential's `issuer`: a string, or an object's `id` (VC data model v1 allows both).
    static func issuerID(of credential: JSONObject) -> String? {
        switch credential["issuer"] {
        case .string(let id)?: id
        case .object(let object)?: object["id"]?.stringValue
        default: nil
        }
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` (UTC, no milliseconds), as jsonld-signatures writes `created`.
    public static func dateTime(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (y, m, d) = civilDate(daysSinceEpoch: days)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, secondOfDay / 3600, secondOfDay % 3600 / 60, secondOfDay % 60)
    }

    /// Gregorian date from days since 1970-01-01 (Howard Hinnant's algorithm).
    static func civilDate(daysSinceEpoch: Int) -> (Int, Int, Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }
}
