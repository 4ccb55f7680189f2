public import IdosCrypto

/// An issuer's Ed25519VerificationKey2020 with the idOS naming convention: for an issuer base URL
/// `B`, the key id (verificationMethod) is `B/keys/1` and its controller (the credential's issuer) is
/// `B/issuers/1` (`@idos-network/credentials` `issuerToKey`).
public struct Ed25519VerificationKey2020: Sendable, CustomStringConvertible {
    /// The verification method id, `${issuer}/keys/1`.
    public let id: String
    /// The controller, `${issuer}/issuers/1`; what the credential's `issuer` names.
    public let controller: String
    /// The 32-byte public key.
    public let publicKey: [UInt8]
    /// The signing key, if this side may sign.
    public let privateKey: Ed25519.PrivateKey?

    /// `${issuerBaseURL}/issuers/1`: the controller a credential's `issuer` names.
    public static func controller(issuerBaseURL: String) -> String { trimmed(issuerBaseURL) + "/issuers/1" }

    /// `${issuerBaseURL}/keys/1`: the key id, the proof's `verificationMethod`.
    public static func keyID(issuerBaseURL: String) -> String { trimmed(issuerBaseURL) + "/keys/1" }

    /// A signing key for `issuerBaseURL` (a trailing `/` is ignored).
    public init(issuerBaseURL: String, privateKey: Ed25519.PrivateKey) {
        self.id = Self.keyID(issuerBaseURL: issuerBaseURL)
        self.controller = Self.controller(issuerBaseURL: issuerBaseURL)
        self.publicKey = privateKey.publicKey
        self.privateKey = privateKey
    }

    /// A signing key with an explicit id and controller (e.g. `B/keys/2` of `B/issuers/1`; see
    /// ``IssuerKeyConvention`` for which pairs verify).
    public init(id: String, controller: String, privateKey: Ed25519.PrivateKey) {
        self.id = id
        self.controller = controller
        self.publicKey = privateKey.publicKey
        self.privateKey = privateKey
    }

    /// A verification-only key for `issuerBaseURL`.
    public init(issuerBaseURL: String, publicKey: [UInt8]) {
        self.id = Self.keyID(issuerBaseURL: issuerBaseURL)
        self.controller = Self.controller(issuerBaseURL: issuerBaseURL)
        self.publicKey = publicKey
        self.privateKey = nil
    }

    /// `z6Mk…`: multibase base58btc of the multicodec-prefixed public key.
    public var publicKeyMultibase: String { Multibase.encodeEd25519PublicKey(publicKey) }

    public var description: String { "Ed25519VerificationKey2020(\(id), \(publicKeyMultibase))" }

    private static func trimmed(_ s: String) -> String {
        var s = s
        while s.hasSuffix("/") { s.removeLast() }
        return s
    }
}
