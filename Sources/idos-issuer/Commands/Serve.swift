import ArgumentParser
import CurlTransport
import Foundation
import Hummingbird
import IssuerAPI
import IssuerConsole
import IssuerEngine
import IssuerStore
import KwilKit
import Prometheus
import Logging
import ServiceLifecycle
import UnixSignals

extension IssuerCommand {
    /// `serve`: the KYC-provider API, the workers and maintenance in one process.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the KYC-provider API (and, unless --no-worker, the issuance workers).",
            discussion: """
            Settings come from the environment (or --config FILE, a JSON file with the same keys, dotted and lower case: \
            {"issuer": {"name": …}}):

            \(ServiceSettings.documentation)

            SIGTERM or SIGINT drains: in-flight requests and jobs finish, then the process exits 0.
            """)

        @Option(help: "A JSON settings file (environment variables win).") var config: String?
        @Flag(name: .customLong("no-worker"), help: "Serve the API only (API replicas; workers run elsewhere).") var noWorker = false
        @Flag(help: "Apply pending migrations before serving.") var migrate = false
        @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error.") var logLevel: String?

        func run() async throws {
            try await reportingFailures {
                let logger = CommandLogging.logger("idos-issuer", level: logLevel)
                let settings = try await ServiceSettings.load(configFile: config)
                // Before any metric is created: swift-metrics objects made earlier would record nowhere.
                let registry = IssuerMetrics.bootstrap()
                let store: IssuerStore
                do { store = try IssuerStore(url: settings.databaseURL, schema: settings.schema, logger: logger) } catch let e as StoreError {
                    throw CLIFailure.malformed("\(e)")
                }
                var queue = QueueConfiguration()
                queue.concurrency = 100
                var issuance = IssuanceService(store: store, issuerKey: settings.issuerKey, encryptionKey: settings.encryptionKey)
                issuance.maxAttempts = settings.jobMaxAttempts
                let vcKeys = VCKeyRing(issuerBaseURL: settings.api.vcIssuer, keys: settings.vcKeys)
                let reissuer = CredentialReissuer(issuance: issuance, keys: vcKeys)
                let services = try WorkerServices(store: store, nodeURLs: settings.nodeURLs,
                                                  writer: NodeWriterConfiguration(signers: settings.signers, chainID: settings.chainID),
                                                  queue: queue, issuance: {
                                                      $0.webhooks.policy.allowPrivate = settings.webhookAllowPrivate
                                                      $0.reissuer = reissuer
                                                  }, logger: logger)
                var api = APIServices(store: store, issuance: issuance, pool: services.pool, reader: settings.signers.first, vcKeys: vcKeys,
                                      configuration: settings.api)
                if let near = settings.api.nearRPCURL {
                    api.nearAccessKeys = NEARAccessKeys(rpcURL: near, transport: CurlTransport())
                }
                api.webhookURLPolicy.allowPrivate = settings.webhookAllowPrivate
                api.metrics = MetricsExposition(registry: registry, store: store, pool: services.pool, logger: logger)
                var metricsApp: [any Service] = []
                if let listen = settings.metricsListen {
                    api.metricsOnAPIListener = false
                    metricsApp = [IssuerAPI.metricsApplication(metrics: api.metrics, host: listen.host, port: listen.port, logger: logger) { port in
                        logger.notice("serving metrics", metadata: ["url": "http://\(listen.host):\(port)/metrics"])
                    }]
                }
                let background: [any Service] = noWorker ? [] : services.services
                let migrateFirst = migrate
                let console = try await IssuerConsole(store: store, pool: services.pool, logger: logger)
                let app = IssuerAPI.application(services: api, extraServices: [], logger: logger, extraRoutes: console.register) { port in
                    logger.notice("serving", metadata: ["url": "http://\(settings.api.http.host):\(port)", "worker": "\(!noWorker)"])
                }
                // On a store of its own: a PostgresClient runs once, and the service group runs `store`.
                try await VCKeyRegistration.prepare(databaseURL: settings.databaseURL, schema: settings.schema, migrate: migrateFirst,
                                                    keys: vcKeys, logger: logger)
                let group = ServiceGroup(configuration: .init(
                    services: [.init(service: store)] + background.map { .init(service: $0) } + metricsApp.map { .init(service: $0) }
                        + [.init(service: app)],
                    gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
                try await group.run()
            }
        }
    }
}
