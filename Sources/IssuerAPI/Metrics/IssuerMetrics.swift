public import IssuerEngine
import CoreMetrics
public import Prometheus

/// The process's metrics backend: swift-metrics bootstrapped once with a Prometheus factory whose registry
/// `/metrics` renders. The engine and the API record through swift-metrics (`Counter`, `Timer`, `Gauge`), so
/// they never see Prometheus; names are `IssuerMetricNames`.
public enum IssuerMetrics {
    /// The registry every recorded metric lands in, shared with the `/metrics` handlers.
    public static let registry = PrometheusCollectorRegistry()

    /// Histogram buckets (seconds) per timer: requests and claims are fast, node calls slower, deliveries
    /// take from seconds (inserter) to hours (a write grant signed late).
    public static let buckets: [String: [Double]] = [
        IssuerMetricNames.httpRequestDuration: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        IssuerMetricNames.jobClaimDuration: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
        IssuerMetricNames.nodeRequestDuration: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
        IssuerMetricNames.credentialDeliveryDuration: [1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 21_600, 86_400],
    ]

    /// A Prometheus factory over `registry` with the buckets above.
    public static func factory(registry: PrometheusCollectorRegistry = registry) -> PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = buckets.mapValues { $0.map { Duration.nanoseconds(Int64(($0 * 1e9).rounded())) } }
        return factory
    }

    /// A `static let` runs its initializer exactly once (thread-safe), so the bootstrap happens once per process
    /// however many commands or tests ask for it (swift-metrics traps on a second bootstrap).
    private static let bootstrapOnce: Bool = {
        MetricsSystem.bootstrap(factory())
        return true
    }()

    /// Bootstraps swift-metrics with the Prometheus factory (once per process) and returns the shared registry.
    @discardableResult
    public static func bootstrap() -> PrometheusCollectorRegistry {
        _ = bootstrapOnce
        return registry
    }
}
