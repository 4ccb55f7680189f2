public import IdosCrypto
public import IssuerEngine
public import IssuerStore
public import KwilKit

/// What the API's controllers use: the store, the issuance service (the outbox), the node pool for reads
/// (the DWG text, readiness), and the keys that sign credentials.
public struct APIServices: Sendable {
    public let store: IssuerStore
    public let issuance: IssuanceService
    public let pool: NodePool
    /// A delegate key for identified node reads.
    public let reader: Ed25519Signer?
    /// The VC signing keys (`<vcIssuer>/keys/N`; new credentials are signed with the highest N).
    public var vcKeys: VCKeyRing
    public let configuration: IssuerConfiguration
    /// Checks NEAR named accounts' keys (`ISSUER_NEAR_RPC_URL`); nil refuses such proofs.
    public var nearAccessKeys: NEARAccessKeys?
    /// Seconds a write grant must still be valid for a credential to be accepted (the node writer's sign margin).
    public var writeGrantMargin: Double = 15
    /// What `GET /metrics` renders (`IssuerMetrics.registry` plus the database gauges).
    public var metrics: MetricsExposition
    /// Whether the API router serves `GET /metrics` (false when `ISSUER_METRICS_LISTEN` gives it its own listener).
    public var metricsOnAPIListener = true
    /// Where webhooks may point (`ISSUER_WEBHOOK_ALLOW_PRIVATE` lifts the refusal of non-public addresses).
    public var webhookURLPolicy = WebhookURLPolicy()

    public init(store: IssuerStore, issuance: IssuanceService, pool: NodePool, reader: Ed25519Signer?, vcKeys: VCKeyRing,
                configuration: IssuerConfiguration) {
        self.store = store; self.issuance = issuance; self.pool = pool; self.reader = reader; self.vcKeys = vcKeys
        self.configuration = configuration
        metrics = MetricsExposition(store: store, pool: pool)
    }

    /// One VC key, `<vcIssuer>/keys/1`.
    public init(store: IssuerStore, issuance: IssuanceService, pool: NodePool, reader: Ed25519Signer?, vcKey: Ed25519.PrivateKey,
                configuration: IssuerConfiguration) {
        self.init(store: store, issuance: issuance, pool: pool, reader: reader,
                  vcKeys: VCKeyRing(issuerBaseURL: configuration.vcIssuer, key: vcKey), configuration: configuration)
    }

    /// Re-issues campaign credentials with these keys (previews; the worker's handler re-issues).
    public var reissuer: CredentialReissuer { CredentialReissuer(issuance: issuance, keys: vcKeys) }
    /// Campaigns: plan, preview, transitions.
    public var campaigns: CampaignService { CampaignService(store: store, reissuer: reissuer) }

    var mutation: Mutation { Mutation(store: store, retention: configuration.limits.idempotencyRetentionDays * 86_400) }
}
