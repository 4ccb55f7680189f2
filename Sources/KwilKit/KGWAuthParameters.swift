/// What `kgw.authn_param` returns (§8), and the SIWE-like message composed from it.
public struct KGWAuthParameters: Hashable, Sendable, Decodable {
    public var nonce: String
    public var statement: String
    public var issueAt: String
    public var expirationTime: String
    public var chainID: String
    public var domain: String
    public var version: String
    public var uri: String
    public var origin: String?

    enum CodingKeys: String, CodingKey {
        case nonce, statement, domain, version, uri, origin
        case issueAt = "issue_at", expirationTime = "expiration_time", chainID = "chain_id"
    }

    /// Parameters as KGW would return them.
    public init(nonce: String, statement: String, issueAt: String, expirationTime: String, chainID: String,
                domain: String, version: String = "1", uri: String, origin: String? = nil) {
        self.nonce = nonce; self.statement = statement; self.issueAt = issueAt; self.expirationTime = expirationTime
        self.chainID = chainID; self.domain = domain; self.version = version; self.uri = uri; self.origin = origin
    }

    /// The message to sign (`composeAuthMsg`); `Origin:` only when KGW sent a non-empty origin.
    public var message: String {
        var m = "\(domain) wants you to sign in with your account:\n\n"
        if !statement.isEmpty { m += "\(statement)\n" }
        m += "\nURI: \(uri)\n"
        if let origin, !origin.isEmpty { m += "Origin: \(origin)\n" }
        m += "Version: 1\nChain ID: \(chainID)\nNonce: \(nonce)\nIssue At: \(issueAt)\nExpiration Time: \(expirationTime)\n"
        return m
    }
}
