public import IssuerStore

/// What the node-writing job handlers share.
public struct IssuanceContext: Sendable {
    public let store: IssuerStore
    public let writer: NodeWriter
    /// Seconds a job waits before looking at its in-flight write again; the lane wakes it sooner when the
    /// block arrives (default 1).
    public var confirmWait: Double = 1
    /// A write grant is not signed into a tx with fewer seconds than this left before `not_usable_after`
    /// (default 15): it would likely land too late.
    public var signMargin: Double = 15
    /// Read a confirmed credential back from a node before calling it delivered (default true).
    public var readBack = true
    /// Webhook deliveries: the SSRF guard (`ISSUER_WEBHOOK_ALLOW_PRIVATE`), timeout and HTTP client.
    public var webhooks = WebhookDeliverySettings()
    /// Re-issues campaign credentials; nil in a worker without the VC keys and the issuer's encryption key
    /// (it then leaves campaigns to workers that have them).
    public var reissuer: CredentialReissuer?

    public init(store: IssuerStore, writer: NodeWriter) {
        self.store = store
        self.writer = writer
    }

    /// The handlers of every issuance job kind, campaigns when `reissuer` is set, and webhook deliveries when
    /// `webhooks.transport` is set.
    public func handlers() -> [any JobHandler] {
        var handlers: [any JobHandler] = [CreateUserHandler(context: self), DeliverCredentialHandler(context: self),
                                          EditPublicNotesHandler(context: self), UpdateUserKeyHandler(context: self)]
        if let reissuer {
            handlers.append(ReissueCampaignHandler(store: store, reissuer: reissuer, nodeCount: writer.pool.count))
        }
        if let transport = webhooks.transport {
            handlers.append(WebhookDeliveryHandler(store: store, settings: webhooks, transport: transport))
        }
        return handlers
    }
}
