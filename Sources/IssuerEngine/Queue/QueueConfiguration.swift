import Foundation
public import IssuerStore

/// How a worker process runs the queue. Every default is named here.
public struct QueueConfiguration: Sendable, Equatable {
    /// This worker's name in `attempted_by` (default: host:pid:random).
    public var workerID: String
    /// Jobs running at once in this process (default 100).
    public var concurrency: Int = 100
    /// Jobs claimed per query (default 50).
    public var claimBatch: Int = 50
    /// Completions written per statement, at most (default 1000).
    public var completionBatch: Int = 1000
    /// Longest wait between claims when no NOTIFY arrives (default 1 s).
    public var pollInterval: Duration = .seconds(1)
    /// A claimed job's lease in seconds (default 60); the worker extends it every `heartbeatInterval`.
    public var lease: Double = 60
    /// How often leases of running jobs are extended (default 20 s, a third of the lease).
    public var heartbeatInterval: Duration = .seconds(20)
    /// Backoff of retried jobs.
    public var retry = RetryPolicy()
    /// How often expired leases are taken back (default 15 s).
    public var rescueInterval: Duration = .seconds(15)
    /// How often old final jobs are deleted (default 60 s).
    public var pruneInterval: Duration = .seconds(60)
    /// Retention per final state.
    public var retention = Retention()

    public init(workerID: String = QueueConfiguration.defaultWorkerID()) {
        self.workerID = workerID
    }

    /// `host:pid:xxxx`.
    public static func defaultWorkerID() -> String {
        "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(String(UInt16.random(in: 0...UInt16.max), radix: 16))"
    }

    /// Checks the settings; the message names the setting.
    public func validate() throws(QueueConfigurationError) {
        if concurrency < 1 { throw .invalid("concurrency must be at least 1") }
        if claimBatch < 1 { throw .invalid("claim batch must be at least 1") }
        if completionBatch < 1 { throw .invalid("completion batch must be at least 1") }
        if lease < 1 { throw .invalid("lease must be at least 1 second") }
        if heartbeatInterval >= .seconds(lease) { throw .invalid("heartbeat interval must be shorter than the lease") }
    }
}

/// A queue setting that cannot work.
public enum QueueConfigurationError: Error, Equatable, CustomStringConvertible {
    case invalid(String)
    public var description: String { if case .invalid(let m) = self { m } else { "" } }
}
