public import IdosCrypto
public import IssuerStore
public import VerifiableCredentials

/// The VC signing keys `<vcIssuer>/keys/N` this service holds. New credentials are signed with the highest
/// version (`current`); older versions stay published by `GET /v1/issuer` until a rotation campaign retires
/// them. Every key's controller is `<vcIssuer>/issuers/1`.
public struct VCKeyRing: Sendable {
    public let issuerBaseURL: String
    /// Version → private key.
    public let keys: [Int: Ed25519.PrivateKey]

    /// - Parameter keys: version → key; at least one.
    public init(issuerBaseURL: String, keys: [Int: Ed25519.PrivateKey]) {
        precondition(!keys.isEmpty, "a VC key ring needs a key")
        var base = issuerBaseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.issuerBaseURL = base
        self.keys = keys
    }

    /// One key, version 1.
    public init(issuerBaseURL: String, key: Ed25519.PrivateKey) { self.init(issuerBaseURL: issuerBaseURL, keys: [1: key]) }

    /// The version new credentials are signed with: the highest.
    public var current: Int { keys.keys.max() ?? 1 }

    /// `<vcIssuer>/keys/N`.
    public func keyID(_ version: Int) -> String { issuerBaseURL + "/keys/\(version)" }

    /// `<vcIssuer>/issuers/1`: every credential's `issuer`.
    public var controller: String { Ed25519VerificationKey2020.controller(issuerBaseURL: issuerBaseURL) }

    /// The signing key of `version` (default `current`).
    public func signingKey(_ version: Int? = nil) -> Ed25519VerificationKey2020 {
        let v = version ?? current
        return Ed25519VerificationKey2020(id: keyID(v), controller: controller, privateKey: keys[v] ?? keys[current]!)
    }

    /// The keys as stored (`vc_keys`), by version.
    public var records: [VCKeyRecord] {
        keys.keys.sorted().map { VCKeyRecord(version: $0, publicKeyMultibase: Multibase.encodeEd25519PublicKey(keys[$0]!.publicKey)) }
    }

    /// The version named by a key id `<vcIssuer>/keys/N`, or by `N` itself; nil otherwise.
    public func version(named text: String) -> Int? {
        if let n = Int(text), n > 0 { return n }
        let prefix = issuerBaseURL + "/keys/"
        guard text.hasPrefix(prefix), let n = Int(text.dropFirst(prefix.count)), n > 0 else { return nil }
        return n
    }
}
