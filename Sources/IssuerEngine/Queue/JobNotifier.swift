import IssuerStore
import Logging

/// Listens on the store's job channel and rings the producer's doorbell for every NOTIFY. NOTIFY is only
/// a hint: the producer polls anyway, so a lost connection costs latency, never jobs. Reconnects with
/// backoff and rings once after each (notifications sent meanwhile were lost).
struct JobNotifier: Sendable {
    let store: IssuerStore
    let doorbell: Doorbell
    let logger: Logger

    func run() async {
        var backoff: Duration = .milliseconds(250)
        while !Task.isCancelled {
            do {
                doorbell.ring()
                try await store.listenForJobs { doorbell.ring() }
            } catch {
                if Task.isCancelled { return }
                logger.debug("job notifications unavailable; polling until reconnected", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(10))
                continue
            }
            backoff = .milliseconds(250)
        }
    }
}
