import Foundation
import HTTPTypes
import IdosCrypto
import IssuerAPI
import IssuerEngine
import IssuerStore
import IssuerTestSupport
import TestSupport
import Testing

/// `GET /metrics` over a whole issuer world: the Prometheus text names every `idos_issuer_*` family, the
/// HTTP counters move with requests (route templates, not raw paths), and seed flow 1 moves the job,
/// claim, node and delivery metrics.
@Suite(.requiresPostgres)
struct MetricsTests {
    /// One sample line: `name{label="value",…} value`.
    struct Sample: Equatable {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    /// The samples of a Prometheus text exposition (comments skipped). A deliberately small reader: the
    /// independent parse is `Tests/metrics/check_metrics.py` (prometheus_client).
    static func parse(_ text: String) -> [Sample] {
        text.split(separator: "\n").compactMap { line -> Sample? in
            guard !line.hasPrefix("#"), let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { return nil }
            let series = line[..<space]
            guard let brace = series.firstIndex(of: "{") else { return Sample(name: String(series), labels: [:], value: value) }
            var labels: [String: String] = [:]
            for pair in series[series.index(after: brace)..<series.index(before: series.endIndex)].split(separator: "\",") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2 else { continue }
                labels[String(parts[0])] = parts[1].replacingOccurrences(of: "\"", with: "")
            }
            return Sample(name: String(series[..<brace]), labels: labels, value: value)
        }
    }

    /// The value of the series `name` whose labels include `labels` (summed when several match; 0 when none).
    static func value(_ samples: [Sample], _ name: String, _ labels: [String: String] = [:]) -> Double {
        samples.filter { sample in sample.name == name && labels.allSatisfy { key, value in sample.labels[key] == value } }
            .reduce(0) { $0 + $1.value }
    }

    static func scrape(_ api: APIWorld) async throws -> (text: String, samples: [Sample]) {
        let answer = try await api.call(.get, "/metrics", key: .some(nil))
        #expect(answer.status == 200)
        #expect(answer.headers[.contentType]?.hasPrefix("text/plain") == true)
        let text = String(decoding: answer.body, as: UTF8.self)
        return (text, parse(text))
    }

    @Test func metricsNameEveryFamilyAndMoveWithRequestsAndJobs() async throws {
        IssuerMetrics.bootstrap()
        try await APIWorld.with { api in
            let http = IssuerMetricNames.httpRequests
            let healthz: [String: String] = ["method": "GET", "route": "/healthz", "status": "200"]
            let before = try await Self.scrape(api).samples
            for _ in 0..<3 { #expect(try await api.call(.get, "/healthz", key: .some(nil)).status == 200) }
            let unknownID = UUID().uuidString.lowercased()
            #expect(try await api.call(.get, "/no/such/route/\(unknownID)", key: .some(nil)).status == 404)
            let users = try await api.call(.get, "/v1/users/\(unknownID)")
            #expect(users.status == 404)
            let after = try await Self.scrape(api).samples
            #expect(Self.value(after, http, healthz) >= Self.value(before, http, healthz) + 3)
            #expect(Self.value(after, http, ["route": "/metrics", "status": "200"]) >= 1)
            #expect(Self.value(after, http, ["route": "unmatched", "status": "404"]) >= 1)
            // The route template, never the raw path (no ids in labels).
            #expect(Self.value(after, http, ["method": "GET", "status": "404"]) >= 2)
            #expect(!after.contains { $0.labels.values.contains { $0.contains(unknownID) } }, "a raw path leaked into a label")
            #expect(Self.value(after, IssuerMetricNames.httpRequestDuration + "_count", healthz) >= 3)

            // Seed flow 1: a user and a DWG credential, delivered by the workers through the devnode.
            let wallet = OnboardingTests.Wallet(key: .evm(.generate()))
            let (userID, _) = try await OnboardingTests.onboard(api, wallet: wallet)
            let grant = try await api.call(.post, "/v1/users/\(userID)/write-grants", json: [String: Any]())
            #expect(grant.status == 201)
            let grantMessage = try #require(grant.json["message"] as? String)
            let issued = try await api.call(.post, "/v1/credentials", json: [
                "userId": userID, "writeGrant": ["id": try #require(grant.json["id"] as? String), "signature": wallet.sign(grantMessage)],
                "credential": ["fields": OnboardingTests.fields, "subject": OnboardingTests.subject],
            ])
            #expect(issued.status == 202)
            let credentialID = try #require(issued.json["id"] as? String)
            try await api.eventually("/v1/credentials/\(credentialID)", "delivered") { $0["status"] as? String == "delivered" }

            // The delivery job's completion is written by the completer a moment after the status.
            var final: (text: String, samples: [Sample]) = ("", [])
            for _ in 0..<50 {
                try await Task.sleep(for: .milliseconds(1100))   // past the sampler's 1 s reuse interval
                final = try await Self.scrape(api)
                if Self.value(final.samples, IssuerMetricNames.jobs, ["kind": IssuanceJobs.deliverCredential, "state": "completed"]) >= 1 { break }
            }
            let samples = final.samples
            for name in IssuerMetricNames.all {
                #expect(final.text.contains("# TYPE \(name) "), "no family \(name)")
            }
            #expect(Self.value(samples, IssuerMetricNames.jobs, ["kind": IssuanceJobs.deliverCredential, "state": "completed"]) >= 1)
            #expect(Self.value(samples, IssuerMetricNames.jobs, ["kind": IssuanceJobs.createUser, "state": "completed"]) >= 1)
            #expect(Self.value(samples, IssuerMetricNames.credentialDeliveryDuration + "_count", ["delivery": "dwg"]) >= 1)
            #expect(Self.value(samples, IssuerMetricNames.jobClaimDuration + "_count") >= 2)
            #expect(Self.value(samples, IssuerMetricNames.nodeRequestDuration + "_count") >= 1)
            let nodes = Set(samples.filter { $0.name == IssuerMetricNames.nodeUp }.compactMap { $0.labels["node"] })
            #expect(!nodes.isEmpty && nodes.allSatisfy { $0.hasPrefix("http://") })
            #expect(Self.value(samples, IssuerMetricNames.nodeUp) >= 1)
            for reason in DeadReason.allCases {
                #expect(samples.contains { $0.name == IssuerMetricNames.deadLetters && $0.labels["reason"] == reason.rawValue })
            }
            #expect(samples.contains { $0.name == IssuerMetricNames.dwgDeadlinesAtRisk })
            #expect(samples.contains { $0.name == IssuerMetricNames.queueOldestAge })

            // DWG at risk: the same credential made pending again counts once its grant's end (24 h away) is inside the window.
            let session = api.world.store.session
            let id = try #require(UUID(uuidString: credentialID))
            try await session.setCredentialStatus(id: id, .pending)
            #expect(try await session.metricsSample(dwgWindow: 3600).dwgAtRisk == 0)
            #expect(try await session.metricsSample(dwgWindow: 2 * 86_400).dwgAtRisk == 1)
            try await session.setCredentialStatus(id: id, .delivered)
            #expect(try await session.metricsSample(dwgWindow: 2 * 86_400).dwgAtRisk == 0)
        }
    }
}
