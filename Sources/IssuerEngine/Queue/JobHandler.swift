public import Logging
public import IssuerStore

/// Runs the jobs of one kind. Handlers return a `JobOutcome` (or throw a `JobError`); any other error
/// counts as a retryable failure. A handler must be safe to run again for the same job: a job runs at
/// least once, and its effects must happen exactly once (node writes do, through their stored tx).
public protocol JobHandler: Sendable {
    /// The `kind` of the jobs it runs.
    var kind: String { get }
    /// The longest one attempt may take; past it the attempt is cancelled and retried.
    var timeout: Duration { get }
    /// Whether the job signs node writes: a worker whose process holds no signer lane does not claim it.
    var needsSigner: Bool { get }
    /// Runs one attempt.
    func run(_ job: ClaimedJob, logger: Logger) async throws -> JobOutcome
}

extension JobHandler {
    /// 60 seconds.
    public var timeout: Duration { .seconds(60) }
    /// False.
    public var needsSigner: Bool { false }
}

/// A handler that does nothing and completes (benchmarks, tests).
public struct NoopJobHandler: JobHandler {
    public let kind: String
    public init(kind: String = "noop") { self.kind = kind }
    public func run(_ job: ClaimedJob, logger: Logger) async throws -> JobOutcome { .completed }
}
