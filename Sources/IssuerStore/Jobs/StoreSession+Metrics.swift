import Foundation
internal import PostgresNIO

/// What `/metrics` reads from the database at scrape time: one statement on the trigger-kept job counts
/// (`jobCounts`), indexed dead letters and due jobs, and pending credentials.
public struct MetricsSample: Sendable, Equatable {
    /// Jobs per (kind, state).
    public var jobs: [QueueStats.Row]
    /// Age in seconds of the oldest due job (available or retryable, scheduled in the past); 0 when none.
    public var oldestDueAge: Double
    /// Dead letters per reason.
    public var deadLetters: [String: Int]
    /// Pending write-grant credentials whose grant's `not_usable_after` falls within the window.
    public var dwgAtRisk: Int

    public init(jobs: [QueueStats.Row] = [], oldestDueAge: Double = 0, deadLetters: [String: Int] = [:], dwgAtRisk: Int = 0) {
        self.jobs = jobs; self.oldestDueAge = oldestDueAge; self.deadLetters = deadLetters; self.dwgAtRisk = dwgAtRisk
    }
}

extension StoreSession {
    /// The metrics sample in one round trip.
    /// - Parameter dwgWindow: seconds ahead in which a pending write grant's end counts as at risk.
    public func metricsSample(dwgWindow: Double = 3600) async throws -> MetricsSample {
        let rows = try await map("""
            SELECT 'jobs', kind, state, sum(n)::float8 FROM (SELECT kind, state, n FROM job_counts
                                                             UNION ALL
                                                             SELECT kind, state, n FROM job_count_deltas) AS counts
            GROUP BY kind, state HAVING sum(n) <> 0
            UNION ALL
            SELECT 'dead', dead_reason, '', count(*)::float8 FROM jobs WHERE dead_reason IS NOT NULL GROUP BY dead_reason
            UNION ALL
            SELECT 'oldest', '', '', coalesce(extract(epoch FROM now() - min(scheduled_at))::float8, 0) FROM jobs
            WHERE state IN ('available', 'retryable') AND scheduled_at <= now()
            UNION ALL
            SELECT 'dwg', '', '', count(*)::float8 FROM credentials c JOIN write_grants g ON g.id = c.write_grant_id
            WHERE c.status = 'pending' AND c.delivery = 'dwg' AND g.not_usable_after_at < now() + make_interval(secs => \(dwgWindow))
            """) { try $0.decode((String, String, String, Double).self) }
        var sample = MetricsSample()
        for (family, a, b, value) in rows {
            switch family {
            case "jobs": if let state = JobState(rawValue: b) { sample.jobs.append(.init(kind: a, state: state, count: Int(value))) }
            case "dead": sample.deadLetters[a] = Int(value)
            case "oldest": sample.oldestDueAge = max(0, value)
            case "dwg": sample.dwgAtRisk = Int(value)
            default: break
            }
        }
        return sample
    }
}
