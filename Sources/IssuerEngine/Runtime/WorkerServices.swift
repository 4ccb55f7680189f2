public import CurlTransport
public import IssuerStore
import KwilKit
public import Logging
public import ServiceLifecycle

/// Everything a worker process runs, wired once: the node pool over libcurl, the node writer (signer
/// lanes), the queue worker with the issuance handlers, the rescuer and the pruner. `idos-issuer worker`
/// and `serve` put `services` into their ServiceGroup (after the store itself).
public struct WorkerServices: Sendable {
    public let pool: NodePool
    public let writer: NodeWriter
    public let worker: QueueWorker
    public let rescuer: JobRescuer
    public let pruner: JobPruner

    /// The services, in start order.
    public var services: [any Service] { [writer, worker, rescuer, pruner] }

    /// - Parameters:
    ///   - nodeURLs: the idOS nodes (one replicated chain: any healthy one will do).
    ///   - requestTimeout: seconds per node request (default 30).
    ///   - extraHandlers: more job handlers (tests, benchmarks).
    public init(store: IssuerStore, nodeURLs: [String], writer writerConfiguration: NodeWriterConfiguration, queue: QueueConfiguration,
                issuance configure: (inout IssuanceContext) -> Void = { _ in }, extraHandlers: [any JobHandler] = [],
                requestTimeout: Double = 30, transport: CurlTransport.Configuration = CurlTransport.Configuration(), logger: Logger) throws {
        let curl = try CurlTransport(configuration: transport)
        pool = NodePool(clients: nodeURLs.map { (url: $0, client: KwilClient(baseURL: $0, transport: curl, timeout: requestTimeout)) })
        writer = NodeWriter(store: store, pool: pool, configuration: writerConfiguration, logger: logger)
        var context = IssuanceContext(store: store, writer: writer)
        context.webhooks.transport = try CurlTransport(configuration: WebhookDeliverySettings.transportConfiguration(logger: transport.logger))
        configure(&context)
        let writer = writer
        worker = try QueueWorker(store: store, handlers: context.handlers() + extraHandlers, configuration: queue, logger: logger,
                                 canSign: { await writer.canWrite })
        rescuer = JobRescuer(store: store, interval: queue.rescueInterval, logger: logger)
        pruner = JobPruner(store: store, retention: queue.retention, interval: queue.pruneInterval, logger: logger)
    }
}
