/// IdosDevNode: a local idOS node. It speaks Kwil 0.10 JSON-RPC (`POST /rpc/v1`, KGW sign-in included),
/// verifies and mines transactions into blocks, runs the idOS schema's actions against its own PostgreSQL
/// schema, and injects faults on request (`/devnode/faults`). `DevNode` is the entry point.
import Foundation
public import Logging
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import NIOCore
import NIOSSL
import PostgresNIO
import ServiceLifecycle
import UnixSignals

/// A configured devnode, ready to run.
public struct DevNode: Sendable {
    public let configuration: DevNodeConfiguration
    let logger: Logger

    /// - Throws: `DevNodeError.invalidConfiguration` when `configuration.validate()` fails.
    public init(configuration: DevNodeConfiguration, logger: Logger) throws {
        try configuration.validate()
        self.configuration = configuration
        self.logger = logger
    }

    /// Runs the node until the task is cancelled or a graceful shutdown is triggered: sets up the schema,
    /// registers the `--delegate`s, restores the head block, then serves HTTP and produces blocks.
    /// - Parameters:
    ///   - shutdownSignals: handle SIGTERM/SIGINT (the executable) or not (tests cancel the task).
    ///   - onListening: called with the bound port once the server accepts connections.
    public func run(shutdownSignals: Bool = true, onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let postgres = try configuration.clientConfiguration()
        let client = PostgresClient(configuration: postgres, backgroundLogger: logger)
        let clientService = PostgresClientService(client)
        let store = NodeStore(client: client, schema: configuration.schema, logger: logger)
        let faults = FaultInjector(configuration.faults)
        let runtime = DevNodeRuntime(configuration: configuration, store: store,
                                     head: (0, Int64(Date().timeIntervalSince1970), String(repeating: "0", count: 64)), faults: faults,
                                     publicURL: configuration.resolvedPublicURL(boundPort: configuration.port), logger: logger)
        let state = runtime.state
        let producer = BlockProducer(interval: configuration.blockInterval, store: store, state: state, faults: faults,
                                     owner: configuration.owner, logger: logger)

        let router = Router(context: DevNodeRequestContext.self)
        let rpc = RPCController(runtime: runtime)
        router.post("/rpc/v1") { request, context in try await rpc.handle(request, context: context) }
        DevNodeAdminController(runtime: runtime).register(on: router)

        let idle = configuration.limits.httpIdleTimeout.components
        let http1 = HTTP1Channel.Configuration(idleTimeout: .nanoseconds(idle.seconds * 1_000_000_000 + idle.attoseconds / 1_000_000_000))
        let server: HTTPServerBuilder
        if let cert = configuration.tlsCertificatePath, let key = configuration.tlsKeyPath {
            let chain = try NIOSSLCertificate.fromPEMFile(cert).map { NIOSSLCertificateSource.certificate($0) }
            let tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem)))
            server = try .tls(.http1(configuration: http1), tlsConfiguration: tls)
        } else {
            server = .http1(configuration: http1)
        }
        var app = Application(
            router: router, server: server,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "idos-devnode"),
            services: [clientService, producer],
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                await runtime.sessions.setPublicURL(configuration.resolvedPublicURL(boundPort: port))
                await onListening(port)
            },
            logger: logger)
        app.beforeServerStarts {
            await clientService.waitUntilRunning()
            try await store.setUp()
            for delegate in configuration.delegates {
                try await store.registerDelegate(inserterName: delegate.inserterName, publicKeyHex: delegate.publicKeyHex)
            }
            let head = try await store.head()
            await state.restore(height: head.height, timestamp: head.timestamp, hash: head.hash)
            logger.info("devnode ready", metadata: ["chain_id": "\(configuration.chainId)", "height": "\(head.height)",
                                                    "schema": "\(configuration.schema)", "open": "\(configuration.open)",
                                                    "private": "\(configuration.privateMode)"])
        }
        var groupConfiguration = ServiceGroupConfiguration(services: [app], gracefulShutdownSignals: shutdownSignals ? [.sigterm, .sigint] : [],
                                                           logger: logger)
        // A graceful shutdown lets in-flight requests finish (each is bounded); one that still hangs is cancelled.
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(15)
        let group = ServiceGroup(configuration: groupConfiguration)
        // Cancelling the caller's task (what tests do) shuts the node down gracefully. The group runs in its own
        // task so that the cancellation does not reach it directly: cancelled at once, the database client would
        // stop under requests still being answered, which then wait for a connection forever.
        let running = Task { try await group.run() }
        try await withTaskCancellationHandler {
            try await running.value
        } onCancel: {
            Task { await group.triggerGracefulShutdown() }
        }
    }
}
