import Foundation
import PostgresNIO
import PostgresURL

/// Everything `idos-devnode` is started with. Only the executable reads flags; tests build this directly.
public struct DevNodeConfiguration: Sendable {
    /// Host to listen on. Default `127.0.0.1`.
    public var host: String = "127.0.0.1"
    /// Port to listen on; 0 picks a free one (see `DevNode.run(onListening:)`). Default 8484.
    public var port: Int = 8484
    /// PostgreSQL URL (`postgres://user[:password]@host:port/db[?sslmode=disable]`).
    public var databaseURL: String
    /// The schema holding the node's state. Default `idos_devnode`. Lower-case identifier only.
    public var schema: String = "idos_devnode"
    /// The chain id (`body.chain_id` must match it). Default `idos-devnode`.
    public var chainId: String = "idos-devnode"
    /// When true, identified calls need no KGW cookie. Default false (as idOS's gateway).
    public var open: Bool = false
    /// Kwil's private RPC mode: `user.health` says `mode: "private"` and every identified `user.call` must be
    /// signed over a `user.challenge` challenge (kwil-transport.md §7.3) instead of riding a KGW cookie.
    /// Default false (open mode, as idOS nodes run).
    public var privateMode: Bool = false
    /// The base URL clients reach the node at, used as the KGW sign-in `domain` (and `uri` = it +
    /// `/kgw/v1/authn`): `http[s]://host[:port][/path]`, no query; a trailing slash is dropped. Default nil:
    /// `http://<host>:<port>` (`https` with TLS; the bound port when `port` is 0).
    public var publicURL: String?
    /// Inserters and delegate keys registered at start (idempotent): (inserter name, ed25519 public key hex).
    public var delegates: [(inserterName: String, publicKeyHex: String)] = []
    /// The database owner identity, as `@caller` spells it (EIP-55 address or lower-case ed25519 hex).
    /// OWNER actions run only for it. Default none: no one may run them.
    public var owner: String?
    /// Time between blocks. Default 500 ms.
    public var blockInterval: Duration = .milliseconds(500)
    /// PEM certificate chain and key for HTTPS; both or neither. Default plain HTTP.
    public var tlsCertificatePath: String?
    public var tlsKeyPath: String?
    /// The faults in force at start. Default none.
    public var faults = FaultSettings()
    /// Bounds on the mempool, waits, connections, sign-ins and challenges.
    public var limits = DevNodeLimits()

    public init(databaseURL: String) {
        self.databaseURL = databaseURL
    }

    /// Checks the configuration.
    /// - Throws: `DevNodeError.invalidConfiguration` naming the bad field.
    public func validate() throws {
        guard NodeStore.isValidSchemaName(schema) else {
            throw DevNodeError.invalidConfiguration("schema must be a lower-case SQL identifier ([a-z_][a-z0-9_]*), got '\(schema)'")
        }
        guard !chainId.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw DevNodeError.invalidConfiguration("chain id must not be empty")
        }
        for delegate in delegates {
            guard !delegate.inserterName.isEmpty else { throw DevNodeError.invalidConfiguration("--delegate needs an inserter name") }
            guard delegate.publicKeyHex.utf8.count == 64, delegate.publicKeyHex.allSatisfy(\.isHexDigit) else {
                throw DevNodeError.invalidConfiguration("--delegate key must be a 32-byte ed25519 public key in hex, got '\(delegate.publicKeyHex)'")
            }
        }
        if (tlsCertificatePath == nil) != (tlsKeyPath == nil) {
            throw DevNodeError.invalidConfiguration("--tls-cert and --tls-key go together")
        }
        _ = try clientConfiguration()
        _ = try normalizedPublicURL()
        try faults.validate()
        try limits.validate()
    }

    /// `publicURL` checked and without a trailing slash, or nil when not set.
    /// - Throws: `DevNodeError.invalidConfiguration` for anything but an http(s) URL with a host and no
    ///   query, fragment or credentials.
    func normalizedPublicURL() throws -> String? {
        guard let publicURL else { return nil }
        guard let url = URLComponents(string: publicURL), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host, !host.isEmpty, url.query == nil, url.fragment == nil, url.user == nil, url.password == nil
        else {
            throw DevNodeError.invalidConfiguration("--public-url must be http(s)://host[:port][/path] without query or fragment, got '\(publicURL)'")
        }
        var text = publicURL
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }

    /// The URL KGW sign-ins name: `publicURL` (normalized) or `http[s]://host:port` with the bound `port`.
    func resolvedPublicURL(boundPort: Int) -> String {
        if let url = try? normalizedPublicURL() { return url }
        let scheme = tlsCertificatePath == nil ? "http" : "https"
        let host = self.host.contains(":") ? "[\(self.host)]" : self.host
        return "\(scheme)://\(host):\(boundPort)"
    }

    /// The node's PostgreSQL client: `databaseURL` parsed by `PostgresURL.DatabaseURL`, `search_path` = `schema`,
    /// up to 40 connections.
    /// - Throws: `DevNodeError.invalidConfiguration` for a URL that is not `postgres://user@host:port/db`.
    func clientConfiguration() throws -> PostgresClient.Configuration {
        do {
            return try DatabaseURL(databaseURL).clientConfiguration(searchPath: schema, maximumConnections: 40)
        } catch let error as DatabaseURLError {
            throw DevNodeError.invalidConfiguration(error.message)
        }
    }
}
