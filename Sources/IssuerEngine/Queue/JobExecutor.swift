import Foundation
public import Logging
public import IssuerStore

/// Runs one claimed job through its handler and classifies the result as a `JobOutcome` (River's
/// executor): thrown `JobError`s map to their outcome, a timeout and any other error to a retry.
public enum JobExecutor {
    /// The outcome of one attempt; never throws.
    public static func execute(_ job: ClaimedJob, handler: (any JobHandler)?, logger: Logger) async -> JobOutcome {
        guard let handler else { return .discard(.poison, message: "no handler for job kind '\(job.kind)'") }
        do {
            return try await withTimeout(handler.timeout) { try await handler.run(job, logger: logger) }
        } catch let error as JobError {
            return error.outcome
        } catch is AttemptTimedOut {
            return .retry(reason: "attempt timed out after \(handler.timeout)")
        } catch is CancellationError {
            return .retry(reason: "attempt cancelled (worker shutting down)", after: 0)
        } catch {
            return .retry(reason: String(describing: error))
        }
    }

    private struct AttemptTimedOut: Error {}

    private static func withTimeout<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: limit)
                throw AttemptTimedOut()
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw AttemptTimedOut() }
            return first
        }
    }
}
