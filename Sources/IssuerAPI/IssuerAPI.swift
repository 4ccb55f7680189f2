public import ServiceLifecycle
public import Hummingbird
public import Logging

/// IssuerAPI: the HTTP API a KYC provider integrates against (Hummingbird). Handlers decode and validate a
/// request, call `IssuanceService` inside one transaction (rows + jobs: the outbox), and return JSON; they
/// never push to a node. Errors are RFC 9457 problem+json (`Problem`); auth is a Bearer API key with scopes;
/// every POST/PUT/PATCH honours `Idempotency-Key` (`Mutation`). The routes are listed in `openapi.yaml`.
public enum IssuerAPI {
    /// The router with every route and middleware; `extraRoutes` adds more (the console) before the 405 table is made.
    public static func router(services: APIServices, extraRoutes: (Router<IssuerRequestContext>) -> Void = { _ in }) -> Router<IssuerRequestContext> {
        let router = Router(context: IssuerRequestContext.self)
        let allowed = AllowedMethods()
        router.add(middleware: HTTPMetricsMiddleware())
        router.add(middleware: RequestMiddleware(allowedMethods: allowed))
        router.add(middleware: AuthenticationMiddleware(store: services.store, rateLimit: services.configuration.limits.rateLimit))
        PublicController(services: services).register(on: router)
        WalletChallengeController(services: services).register(on: router)
        UserController(services: services).register(on: router)
        WriteGrantController(services: services).register(on: router)
        CredentialController(services: services).register(on: router)
        WebhookController(services: services).register(on: router)
        CampaignController(services: services).register(on: router)
        extraRoutes(router)
        allowed.record(router.routes.map { (path: "\($0.path)", method: $0.method.rawValue) })
        return router
    }

    /// The application: the API on `configuration.http`, with `services` (store, workers…) in its ServiceGroup.
    public static func application(services: APIServices, extraServices: [any Service], logger: Logger,
                                   extraRoutes: (Router<IssuerRequestContext>) -> Void = { _ in },
                                   onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(router: router(services: services, extraRoutes: extraRoutes),
                    configuration: .init(address: .hostname(services.configuration.http.host, port: services.configuration.http.port),
                                         serverName: "idos-issuer"),
                    services: extraServices,
                    onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
                    logger: logger)
    }

    /// The metrics listener (`ISSUER_METRICS_LISTEN`): only `GET /metrics`, no auth, its requests counted too.
    public static func metricsApplication(metrics: MetricsExposition, host: String, port: Int, logger: Logger,
                                          onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: HTTPMetricsMiddleware())
        router.get("/metrics") { _, _ in await metrics.response() }
        return Application(router: router,
                           configuration: .init(address: .hostname(host, port: port), serverName: "idos-issuer-metrics"),
                           onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
                           logger: logger)
    }
}
