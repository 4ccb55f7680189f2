import ArgumentParser
import Foundation
import IssuerAPI
import IssuerEngine
import IssuerStore
import Logging
import ServiceLifecycle
import UnixSignals

extension IssuerCommand {
    /// `worker`: runs the job queue and its maintenance until SIGTERM.
    struct Worker: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the issuance workers: node writes, confirmations, retries, rescue and pruning.",
            discussion: """
            Claims jobs from the database, signs each node write once with one of the delegate keys (one nonce \
            stream per key, held by one worker process at a time), broadcasts, confirms and reads back. Several \
            worker processes on one database share the work. SIGTERM or SIGINT stops claiming, lets running jobs \
            finish and records their results, then exits 0.

            Re-issuance campaigns run only in workers given ISSUER_VC_ISSUER and ISSUER_ENCRYPTION_KEY_FILE (and the \
            VC keys: ISSUER_VC_KEY_FILES or ISSUER_VC_KEY_FILE, default the first signing key), as for `serve`.
            """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var nodes: NodeServiceOptions
        @Option(help: "Jobs running at once in this process.") var concurrency = 100
        @Option(help: "Seconds a claimed job's lease lasts; a killed worker's jobs run again after it (heartbeats extend it).")
        var lease: Double = 60
        @Option(name: .customLong("rescue-interval"), help: "Seconds between passes of the rescuer (expired leases).") var rescueInterval: Double = 15
        @Option(name: .customLong("retry-max"), help: "Longest wait in seconds between attempts of a failing job (exponential backoff's cap).")
        var retryMax: Double = 3600
        @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error.") var logLevel: String?
        @Option(name: .customLong("metrics-listen"),
                help: "host:port of a GET /metrics listener (Prometheus text; default $ISSUER_METRICS_LISTEN, else none).")
        var metricsListen: String?

        func validate() throws {
            guard (1...10_000).contains(concurrency) else { throw ValidationError("--concurrency must be between 1 and 10000") }
            guard lease >= 1, rescueInterval > 0 else { throw ValidationError("--lease must be at least 1 s and --rescue-interval positive") }
            guard retryMax >= 1 else { throw ValidationError("--retry-max must be at least 1 s") }
            if let listen = metricsListenAddress { _ = try ServiceSettings.hostPort(listen, variable: "--metrics-listen") }
        }

        /// `--metrics-listen`, else `ISSUER_METRICS_LISTEN`.
        var metricsListenAddress: String? {
            (metricsListen ?? ProcessInfo.processInfo.environment["ISSUER_METRICS_LISTEN"]).flatMap { $0.isEmpty ? nil : $0 }
        }

        func run() async throws {
            try await reportingFailures {
                let logger = CommandLogging.logger("idos-issuer.worker", level: logLevel)
                // Before any metric is created: swift-metrics objects made earlier would record nowhere.
                let registry = IssuerMetrics.bootstrap()
                let store: IssuerStore
                do { store = try IssuerStore(url: try database.url(), schema: database.schemaName, logger: logger) } catch let e as StoreError {
                    throw CLIFailure.malformed("\(e)")
                }
                var queue = QueueConfiguration()
                queue.concurrency = concurrency
                queue.lease = lease
                queue.retry.maximum = retryMax
                queue.heartbeatInterval = .milliseconds(Int64(lease * 1000 / 3))
                queue.rescueInterval = .milliseconds(Int64(rescueInterval * 1000))
                let urls = try nodes.urls()
                let allowPrivate = try ServiceSettings.webhookAllowPrivateFromEnvironment()
                // Campaigns need the VC keys and the issuer's encryption key; a worker without them leaves campaigns to others.
                var reissuer: CredentialReissuer?
                let issuerKey = try ServiceSettings.privateKey(try nodes.signerPaths()[0], variable: "ISSUER_SIGNING_KEY_FILES")
                if let keys = try ServiceSettings.campaignKeysFromEnvironment(issuerKey: issuerKey) {
                    var issuance = IssuanceService(store: store, issuerKey: issuerKey, encryptionKey: keys.encryptionKey)
                    issuance.maxAttempts = try ServiceSettings.jobMaxAttemptsFromEnvironment()
                    reissuer = CredentialReissuer(issuance: issuance, keys: VCKeyRing(issuerBaseURL: keys.vcIssuer, keys: keys.vcKeys))
                }
                let services = try WorkerServices(store: store, nodeURLs: urls,
                                                  writer: NodeWriterConfiguration(signers: try nodes.signers(), chainID: nodes.chainID),
                                                  queue: queue, issuance: {
                                                      $0.webhooks.policy.allowPrivate = allowPrivate
                                                      $0.reissuer = reissuer
                                                  }, logger: logger)
                var metricsApp: [any Service] = []
                if let address = metricsListenAddress {
                    let listen = try ServiceSettings.hostPort(address, variable: "--metrics-listen")
                    let exposition = MetricsExposition(registry: registry, store: store, pool: services.pool, logger: logger)
                    metricsApp = [IssuerAPI.metricsApplication(metrics: exposition, host: listen.host, port: listen.port, logger: logger) { port in
                        logger.notice("serving metrics", metadata: ["url": "http://\(listen.host):\(port)/metrics"])
                    }]
                }
                let group = ServiceGroup(configuration: .init(
                    services: [.init(service: store)] + services.services.map { .init(service: $0) } + metricsApp.map { .init(service: $0) },
                    gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
                logger.info("worker started", metadata: ["worker_id": "\(queue.workerID)", "nodes": "\(urls.count)", "campaigns": "\(reissuer != nil)"])
                try await group.run()
            }
        }
    }
}
