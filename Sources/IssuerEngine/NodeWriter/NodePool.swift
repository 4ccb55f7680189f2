public import Foundation
public import KwilKit
import Logging
import CoreMetrics

/// The idOS nodes this issuer talks to. They are one replicated chain, so any healthy node will do: requests
/// go to the first node whose circuit breaker allows it (rotating the start), and a failure that says the
/// node, not the request, is at fault (transport, timeout, 5xx-class RPC errors) counts against that node
/// and moves on to the next.
public actor NodePool {
    /// What the console and metrics show per node.
    public struct NodeStatus: Sendable, Equatable {
        public var url: String
        public var breaker: CircuitBreaker.State
        /// Exponentially weighted average latency of successful requests, in milliseconds.
        public var latencyMs: Double
        public var lastError: String?
        public var requests: Int
        public var failures: Int
    }

    private struct Node {
        let url: String
        /// The URL as a metrics label (no credentials, query or fragment).
        let label: String
        let client: KwilClient
        var breaker: CircuitBreaker
        var latencyMs: Double = 0
        var lastError: String?
        var requests = 0
        var failures = 0
    }

    private var nodes: [Node]
    /// How many nodes the pool has (a campaign's concurrency cap is per node).
    public nonisolated let count: Int
    private var cursor = 0
    private let now: @Sendable () -> Date

    /// A pool over `clients` (url, client); `now` is injected for tests.
    public init(clients: [(url: String, client: KwilClient)], breaker: CircuitBreaker = CircuitBreaker(),
                now: @escaping @Sendable () -> Date = Date.init) {
        nodes = clients.map { Node(url: $0.url, label: IssuerMetricNames.nodeLabel($0.url), client: $0.client, breaker: breaker) }
        count = clients.count
        self.now = now
        // Each node's error series exists from the start (at 0), so rates and alerts see the first error.
        for node in nodes { _ = CoreMetrics.Counter(label: IssuerMetricNames.nodeErrors, dimensions: [("node", node.label)]) }
    }

    /// The node URLs, in configured order.
    public var urls: [String] { nodes.map(\.url) }

    /// Runs `body` against a healthy node, failing over to the next on node-side failures. When every
    /// breaker is open, the node whose cooldown ends first is tried anyway.
    /// - Returns: the result and the URL of the node that produced it.
    /// - Throws: the last node's error when every node tried failed.
    public func run<T: Sendable>(_ body: @Sendable (KwilClient) async throws(KwilError) -> T) async throws(KwilError) -> (T, String) {
        var lastError = KwilError.transport("no idOS node is available (every circuit breaker is open)")
        let count = nodes.count
        let start = cursor
        cursor = (cursor + 1) % max(1, count)
        let moment = now()
        var order = (0..<count).map { (start + $0) % count }.filter { nodes[$0].breaker.allowsRequest(now: moment) }
        if order.isEmpty, let soonest = nodes.indices.min(by: { (nodes[$0].breaker.openUntil ?? moment) < (nodes[$1].breaker.openUntil ?? moment) }) {
            // Every breaker is open: rather than fail without trying, test the node whose cooldown ends first.
            nodes[soonest].breaker.forceTrial()
            order = [soonest]
        }
        for index in order {
            let client = nodes[index].client
            let began = ContinuousClock.now
            do {
                let result = try await body(client)
                let elapsed = ContinuousClock.now - began
                Self.observe(nodes[index].label, elapsed, fault: false)
                record(index, error: nil, latencyMs: elapsed.seconds * 1000)
                return (result, nodes[index].url)
            } catch {
                let fault = Self.isNodeFault(error)
                Self.observe(nodes[index].label, ContinuousClock.now - began, fault: fault)
                guard fault else {
                    record(index, error: nil, latencyMs: nil)
                    throw error
                }
                record(index, error: error, latencyMs: nil)
                lastError = error
            }
        }
        throw lastError
    }

    /// `run` for idempotent reads: a retryable failure is tried again (on the next node) up to `attempts`
    /// times with a short pause, so a read that is one step of a longer procedure (a lane's resync) does not
    /// fail the whole procedure on one flaky answer.
    public func read<T: Sendable>(attempts: Int = 4, _ body: @Sendable (KwilClient) async throws(KwilError) -> T) async throws(KwilError) -> T {
        var attempt = 1
        while true {
            do { return try await run(body).0 } catch {
                guard error.isRetryable || Self.isNodeFault(error), attempt < attempts else { throw error }
                attempt += 1
                try? await Task.sleep(for: .milliseconds(25 * attempt))
            }
        }
    }

    /// Metrics of one call: its duration, and a node error when the node was at fault.
    private static func observe(_ node: String, _ elapsed: Duration, fault: Bool) {
        let dimensions = [("node", node)]
        CoreMetrics.Timer(label: IssuerMetricNames.nodeRequestDuration, dimensions: dimensions).recordNanoseconds(elapsed.wholeNanoseconds)
        if fault { CoreMetrics.Counter(label: IssuerMetricNames.nodeErrors, dimensions: dimensions).increment() }
    }

    /// Each node's status.
    public func statuses() -> [NodeStatus] {
        nodes.map { NodeStatus(url: $0.url, breaker: $0.breaker.state, latencyMs: $0.latencyMs, lastError: $0.lastError,
                               requests: $0.requests, failures: $0.failures) }
    }

    /// Whether an error means the node (not the request) failed: worth trying another node.
    public static func isNodeFault(_ error: KwilError) -> Bool {
        switch error {
        case .transport, .timedOut, .queueFull, .malformedResponse: true
        case .rpc: error.isRetryable
        case .broadcastRejected(let code, _): TxCode(rawValue: code) == .mempoolFull
        default: false
        }
    }

    private func record(_ index: Int, error: KwilError?, latencyMs: Double?) {
        nodes[index].requests += 1
        if let error {
            nodes[index].failures += 1
            nodes[index].lastError = error.description
            nodes[index].breaker.recordFailure(now: now())
        } else {
            nodes[index].breaker.recordSuccess()
            if let latencyMs { nodes[index].latencyMs = nodes[index].latencyMs == 0 ? latencyMs : 0.8 * nodes[index].latencyMs + 0.2 * latencyMs }
        }
    }
}
