import PostgresNIO
import ServiceLifecycle

/// Runs the node's `PostgresClient` as a service and tells others when its `run()` has been entered, so
/// the schema set-up that runs before the server starts never leases a connection ahead of `run()`
/// (PostgresNIO warns "run() hasn't been called yet" when that happens).
struct PostgresClientService: Service {
    let client: PostgresClient
    private let startedContinuation: AsyncStream<Void>.Continuation
    /// Ends once `run()` has been entered.
    let started: AsyncStream<Void>

    init(_ client: PostgresClient) {
        self.client = client
        (started, startedContinuation) = AsyncStream<Void>.makeStream()
    }

    func run() async throws {
        // Finishing right before entering run(): run() marks the client running before it first suspends,
        // and whoever awaits `started` is scheduled after that.
        startedContinuation.finish()
        await client.run()
    }

    /// Waits until `run()` has been entered.
    func waitUntilRunning() async {
        for await _ in started {}
    }
}
