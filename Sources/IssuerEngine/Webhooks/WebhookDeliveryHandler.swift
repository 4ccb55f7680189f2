public import CurlTransport
import CoreMetrics
import Foundation
import IssuerStore
public import KwilKit
public import Logging

/// How webhook deliveries are made (part of `IssuanceContext`).
public struct WebhookDeliverySettings: Sendable {
    /// The SSRF guard, applied again before every attempt.
    public var policy = WebhookURLPolicy()
    /// Seconds one POST may take (connect included); past it the attempt fails and is retried.
    public var requestTimeout: Double = 10
    /// The HTTP client for receivers (its own connections, never the node pool's); without one, no
    /// delivery handler runs in this worker. `WorkerServices` sets a CurlTransport.
    public var transport: (any HTTPTransport)?

    public init() {}

    /// The libcurl settings for receivers: 4 connections, 5 s to connect, at most 1 MiB of answer read.
    public static func transportConfiguration(logger: Logger? = nil) -> CurlTransport.Configuration {
        var configuration = CurlTransport.Configuration()
        configuration.workers = 4
        configuration.connectTimeout = 5
        configuration.maxResponseBytes = 1 << 20
        configuration.logger = logger
        return configuration
    }
}

/// `webhook_delivery`: POSTs one event to one endpoint, signed with the endpoint's secret(s) and a fresh
/// timestamp. Any 2xx acknowledges it; any other status, a timeout or a refused address is a failed attempt,
/// retried with the queue's backoff (a 429 or 503 with `Retry-After` waits that long, at most an hour) until
/// the job's attempts are used up (then the delivery is `failed` and the job a `transient_exhausted` dead
/// letter). The body is the event's stored payload, identical in every attempt and round. Neither the secret
/// nor the body is ever logged or stored in the job's errors.
struct WebhookDeliveryHandler: JobHandler {
    let store: IssuerStore
    let settings: WebhookDeliverySettings
    let transport: any HTTPTransport

    var kind: String { WebhookOutbox.deliveryKind }
    /// Resolution (5 s at most) and the request, with room to record the outcome.
    var timeout: Duration { .seconds(settings.requestTimeout + 20) }

    /// The counter's outcomes: acknowledged (2xx), answered otherwise, no answer (transport error, timeout,
    /// unresolvable name), refused before connecting (the URL or its addresses are not allowed).
    static let outcomes = ["delivered", "rejected", "unreachable", "blocked"]

    init(store: IssuerStore, settings: WebhookDeliverySettings, transport: any HTTPTransport) {
        self.store = store
        self.settings = settings
        self.transport = transport
        for outcome in Self.outcomes { _ = Counter(label: IssuerMetricNames.webhookDeliveries, dimensions: [("outcome", outcome)]) }
    }

    func run(_ job: ClaimedJob, logger: Logger) async throws -> JobOutcome {
        let args = try IssuanceJobs.decode(WebhookOutbox.DeliveryArgs.self, job.args)
        let session = store.session
        guard let endpoint = try await session.webhookEndpoint(id: args.endpointId) else {
            return .cancel(message: "the webhook endpoint was deleted")
        }
        guard let delivery = try await session.webhookDelivery(endpointID: args.endpointId, eventID: args.eventId),
              let event = try await session.webhookEvent(id: args.eventId) else {
            throw JobError.poison("no delivery of event \(args.eventId) to endpoint \(args.endpointId)")
        }
        if delivery.round != args.round { return .cancel(message: "superseded by delivery round \(delivery.round)") }
        if delivery.status == .delivered { return .completed }
        let metadata: Logger.Metadata = ["webhook_id": "\(endpoint.id.webhookText)", "event_id": "\(event.id.webhookText)",
                                         "event_type": "\(event.type)", "attempt": "\(job.attempt)"]
        let last = job.attempt >= job.maxAttempts

        let pinned: [String]
        switch await settings.policy.check(endpoint.url) {
        case .allowed(_, let addresses): pinned = addresses
        case .unresolved(_, let reason):
            return try await failed(args, job: job, last: last, httpStatus: nil, reason: reason, outcome: "unreachable", logger: logger, metadata)
        case .refused(let reason):
            return try await failed(args, job: job, last: last, httpStatus: nil, reason: "refused: \(reason)", outcome: "blocked", logger: logger, metadata)
        }

        let body = Array(event.payload.utf8)
        let timestamp = Int64(Date().timeIntervalSince1970)
        var request = HTTPRequest(method: "POST", url: endpoint.url, headers: [
            HTTPHeader("Content-Type", "application/json"),
            HTTPHeader("User-Agent", "idos-issuer-webhooks/1"),
            HTTPHeader(WebhookSignature.idHeader, event.id.webhookText),
            HTTPHeader(WebhookSignature.timestampHeader, String(timestamp)),
            HTTPHeader(WebhookSignature.signatureHeader,
                       WebhookSignature.header(secrets: endpoint.signingSecrets(at: Date()), timestamp: timestamp, body: body)),
        ], body: body, timeout: settings.requestTimeout)
        request.pinnedAddresses = pinned

        let response: HTTPResponse
        do {
            response = try await transport.send(request)
        } catch let error as CancellationError {
            throw error
        } catch {
            return try await failed(args, job: job, last: last, httpStatus: nil, reason: "no answer: \(error)", outcome: "unreachable",
                                    logger: logger, metadata)
        }
        guard (200..<300).contains(response.status) else {
            var after: Double?
            if response.status == 429 || response.status == 503, let text = response.values(of: "Retry-After").first,
               let seconds = Double(text.trimmingCharacters(in: .whitespaces)), seconds >= 0 {
                after = min(seconds, 3600)
            }
            return try await failed(args, job: job, last: last, httpStatus: response.status, reason: "the receiver answered HTTP \(response.status)",
                                    outcome: "rejected", after: after, logger: logger, metadata)
        }
        try await session.recordWebhookAttempt(endpointID: args.endpointId, eventID: args.eventId, round: args.round, status: .delivered,
                                               httpStatus: response.status, error: nil)
        Counter(label: IssuerMetricNames.webhookDeliveries, dimensions: [("outcome", "delivered")]).increment()
        logger.info("webhook delivered", metadata: metadata.merging(["status": "\(response.status)"]) { $1 })
        return .completed
    }

    /// Records a failed attempt (the delivery fails with the job's last attempt) and asks for a retry, which
    /// the queue turns into a dead letter after the last attempt.
    private func failed(_ args: WebhookOutbox.DeliveryArgs, job: ClaimedJob, last: Bool, httpStatus: Int?, reason: String, outcome: String,
                        after: Double? = nil, logger: Logger, _ metadata: Logger.Metadata) async throws -> JobOutcome {
        try await store.session.recordWebhookAttempt(endpointID: args.endpointId, eventID: args.eventId, round: args.round,
                                                     status: last ? .failed : .pending, httpStatus: httpStatus, error: reason)
        Counter(label: IssuerMetricNames.webhookDeliveries, dimensions: [("outcome", outcome)]).increment()
        logger.notice("webhook attempt failed", metadata: metadata.merging(["reason": "\(reason)", "last": "\(last)"]) { $1 })
        return .retry(reason: reason, after: after)
    }
}
