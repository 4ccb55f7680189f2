import Foundation

/// Everything `idos-issuer serve` needs, typed. Only the executable reads the environment and files into it
/// (`ISSUER_*` variables, or a `--config` JSON file with the same keys in lower case, dotted: `issuer.listen`).
/// Each property's doc gives its variable and default.
public struct IssuerConfiguration: Sendable {
    public struct HTTP: Sendable {
        /// `ISSUER_LISTEN`, host:port (default `127.0.0.1:8080`).
        public var host = "127.0.0.1"
        public var port = 8080
        /// `ISSUER_MAX_BODY_BYTES` (default 1 MiB).
        public var maxBodyBytes = 1 << 20
        public init() {}
    }

    public struct Limits: Sendable {
        /// `ISSUER_RATE_LIMIT_PER_SECOND` (default 50) and `ISSUER_RATE_LIMIT_BURST` (default 200), per provider.
        public var rateLimit = RateLimit()
        /// `ISSUER_IDEMPOTENCY_RETENTION_DAYS` (default 30).
        public var idempotencyRetentionDays: Double = 30
        /// `ISSUER_CHALLENGE_TTL_SECONDS` (default 600).
        public var challengeTTL: Double = 600
        /// `ISSUER_WRITE_GRANT_VALIDITY_SECONDS`: a write grant's default validity (default 86400).
        public var writeGrantValidity: Double = 86_400
        public init() {}
    }

    public var http = HTTP()
    public var limits = Limits()
    /// `ISSUER_NAME`: shown in every wallet challenge (required).
    public var issuerName: String
    /// `ISSUER_VC_ISSUER`: the VC issuer base URL; credentials name `<base>/issuers/1` and are signed by `<base>/keys/1`.
    public var vcIssuer: String
    /// `ISSUER_NEAR_RPC_URL`: a NEAR RPC endpoint to check that a named account's key is a full-access key
    /// (default none: proofs from named NEAR accounts are refused).
    public var nearRPCURL: String?

    public init(issuerName: String, vcIssuer: String) {
        self.issuerName = issuerName
        self.vcIssuer = vcIssuer.hasSuffix("/") ? String(vcIssuer.dropLast()) : vcIssuer
    }
}
