public import IssuerEngine
public import IssuerStore
public import Logging
public import Prometheus
public import Hummingbird
import CoreMetrics

/// What `GET /metrics` answers: the database gauges (jobs by kind and state, the oldest due job's age, dead
/// letters by reason, write grants at risk) sampled at scrape time with one grouped query, the nodes' breaker
/// states, then the whole registry in the Prometheus text format.
public struct MetricsExposition: Sendable {
    /// The Prometheus text exposition format, version 0.0.4.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    public let registry: PrometheusCollectorRegistry
    let sampler: DatabaseGaugeSampler
    let pool: NodePool

    /// - Parameters:
    ///   - dwgWindow: seconds ahead in which a pending write grant's end counts as at risk (default 1 h).
    ///   - minInterval: scrapes closer together than this reuse the last database sample (default 1 s).
    public init(registry: PrometheusCollectorRegistry = IssuerMetrics.registry, store: IssuerStore, pool: NodePool, dwgWindow: Double = 3600,
                minInterval: Duration = .seconds(1), logger: Logger = Logger(label: "idos-issuer.metrics")) {
        self.registry = registry
        self.pool = pool
        sampler = DatabaseGaugeSampler(store: store, dwgWindow: dwgWindow, minInterval: minInterval, logger: logger)
    }

    /// Samples the gauges and renders every metric.
    public func render() async -> ByteBuffer {
        await sampler.refresh()
        for status in await pool.statuses() {
            CoreMetrics.Gauge(label: IssuerMetricNames.nodeUp, dimensions: [("node", IssuerMetricNames.nodeLabel(status.url))])
                .record(status.breaker == .open ? 0 : 1)
        }
        return ByteBuffer(bytes: registry.emitToBuffer())
    }

    /// The `/metrics` response.
    public func response() async -> Response {
        Response(status: .ok, headers: [.contentType: Self.contentType], body: .init(byteBuffer: await render()))
    }
}

/// Sets the database gauges from `StoreSession.metricsSample`: a series seen once and gone from the sample
/// (a state emptied) is set to 0 rather than left at its last value. Dead-letter reasons start at 0 so that
/// rates work from the first dead letter.
actor DatabaseGaugeSampler {
    let store: IssuerStore
    let dwgWindow: Double
    let minInterval: Duration
    let logger: Logger
    private var lastSample: ContinuousClock.Instant?
    private var seenJobSeries: Set<[String]> = []

    init(store: IssuerStore, dwgWindow: Double, minInterval: Duration, logger: Logger) {
        self.store = store; self.dwgWindow = dwgWindow; self.minInterval = minInterval; self.logger = logger
        _ = CoreMetrics.Counter(label: IssuerMetricNames.metricsSampleErrors)   // the series exists (at 0) before the first error
    }

    func refresh() async {
        let now = ContinuousClock.now
        if let lastSample, now - lastSample < minInterval { return }
        lastSample = now
        let sample: MetricsSample
        do { sample = try await store.session.metricsSample(dwgWindow: dwgWindow) } catch {
            CoreMetrics.Counter(label: IssuerMetricNames.metricsSampleErrors).increment()
            logger.warning("metrics: sampling the database failed", metadata: ["error": "\(error)"])
            return
        }
        var current: [[String]: Int] = [:]
        for row in sample.jobs { current[[row.kind, row.state.rawValue], default: 0] += row.count }
        seenJobSeries.formUnion(current.keys)
        for series in seenJobSeries {
            CoreMetrics.Gauge(label: IssuerMetricNames.jobs, dimensions: [("kind", series[0]), ("state", series[1])]).record(current[series] ?? 0)
        }
        for reason in DeadReason.allCases {
            CoreMetrics.Gauge(label: IssuerMetricNames.deadLetters, dimensions: [("reason", reason.rawValue)]).record(sample.deadLetters[reason.rawValue] ?? 0)
        }
        CoreMetrics.Gauge(label: IssuerMetricNames.queueOldestAge).record(sample.oldestDueAge)
        CoreMetrics.Gauge(label: IssuerMetricNames.dwgDeadlinesAtRisk).record(sample.dwgAtRisk)
    }
}
