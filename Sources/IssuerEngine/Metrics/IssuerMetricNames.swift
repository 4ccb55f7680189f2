import Foundation

/// The names of every metric the issuer exports (Prometheus text format on `/metrics`). They are a contract
/// with dashboards and alert rules (`deploy/grafana`, `deploy/prometheus`) and are listed in the README;
/// change them only with both. Labels never carry personal data or keys: routes are templates, nodes are
/// URLs without credentials, everything else is a small closed set (kind, state, reason, status).
public enum IssuerMetricNames {
    /// Counter {method, route, status}: HTTP requests answered (every route: probes and `/metrics` too;
    /// `route` is the matched template, `unmatched` when no route matched).
    public static let httpRequests = "idos_issuer_http_requests_total"
    /// Histogram {method, route, status}: seconds from request to response head.
    public static let httpRequestDuration = "idos_issuer_http_request_duration_seconds"
    /// Gauge {kind, state}: jobs in the database (sampled at scrape time).
    public static let jobs = "idos_issuer_jobs"
    /// Gauge: age in seconds of the oldest due job (available or retryable, scheduled in the past); 0 when none.
    public static let queueOldestAge = "idos_issuer_queue_oldest_due_age_seconds"
    /// Gauge {reason}: dead letters (jobs with a dead reason) in the database.
    public static let deadLetters = "idos_issuer_dead_letters"
    /// Gauge: pending write-grant credentials whose grant's `not_usable_after` is within the risk window (1 h).
    public static let dwgDeadlinesAtRisk = "idos_issuer_dwg_deadlines_at_risk"
    /// Histogram: seconds one claim query of the queue worker took.
    public static let jobClaimDuration = "idos_issuer_job_claim_duration_seconds"
    /// Histogram {node}: seconds of each call to an idOS node (successful or not).
    public static let nodeRequestDuration = "idos_issuer_node_request_duration_seconds"
    /// Counter {node}: node calls that failed by the node's fault (transport, timeout, 5xx-class RPC errors).
    public static let nodeErrors = "idos_issuer_node_errors_total"
    /// Gauge {node}: 1 while the node's circuit breaker lets requests through (closed or half open), 0 when open.
    public static let nodeUp = "idos_issuer_node_up"
    /// Histogram {delivery}: seconds from a credential's acceptance (created_at) to its delivery (read back from a node).
    public static let credentialDeliveryDuration = "idos_issuer_credential_delivery_seconds"
    /// Counter: scrapes whose database sample failed (the other metrics are still served).
    public static let metricsSampleErrors = "idos_issuer_metrics_sample_errors_total"
    /// Counter {outcome}: webhook delivery attempts by outcome: `delivered` (a 2xx), `rejected` (another
    /// status), `unreachable` (no answer: transport error, timeout, a name that does not resolve), `blocked`
    /// (the URL or its addresses are refused); each at 0 from the start.
    public static let webhookDeliveries = "idos_issuer_webhook_deliveries_total"

    /// Every name, for tests and the README.
    public static let all = [httpRequests, httpRequestDuration, jobs, queueOldestAge, deadLetters, dwgDeadlinesAtRisk, jobClaimDuration,
                             nodeRequestDuration, nodeErrors, nodeUp, credentialDeliveryDuration, metricsSampleErrors, webhookDeliveries]

    /// A node URL as a label: scheme, host, port and path only (no user, password, query or fragment).
    public static func nodeLabel(_ url: String) -> String {
        guard var parts = URLComponents(string: url) else { return "invalid" }
        parts.user = nil; parts.password = nil; parts.query = nil; parts.fragment = nil
        return parts.string ?? "invalid"
    }
}

extension Duration {
    /// Whole nanoseconds (what swift-metrics' `Timer` records).
    public var wholeNanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
