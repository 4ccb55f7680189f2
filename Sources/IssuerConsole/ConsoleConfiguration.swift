/// The console's knobs (defaults suit production; tests shorten nothing but may raise the refresh).
public struct ConsoleConfiguration: Sendable {
    /// Seconds a session lasts after login (default 12 h).
    public var sessionLifetime: Double = 12 * 3600
    /// Failed logins per operator name or client address within `loginWindow` seconds before a lockout.
    public var loginLimit = 5
    public var loginWindow: Double = 15 * 60
    /// Seconds a name or address stays locked after `loginLimit` failures (default 5 min).
    public var loginLockout: Double = 5 * 60
    /// Attempts a retried or redriven job gets on top of those it used (default 5).
    public var extraAttempts = 5
    /// Seconds between refreshes of the queue page (and of a job page until the job is final).
    public var refreshSeconds = 10
    /// The window of the queue page's throughput and error rate, seconds (default 5 min).
    public var healthWindow: Double = 300

    public init() {}
}
