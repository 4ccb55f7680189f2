import Synchronization

/// The jobs this worker has claimed and not yet recorded as finished: the producer's capacity count and
/// the lease keeper's list.
final class InFlightJobs: Sendable {
    private let jobs = Mutex<Set<Int64>>([])

    var count: Int { jobs.withLock { $0.count } }
    var ids: [Int64] { jobs.withLock { Array($0) } }

    func insert(_ ids: some Sequence<Int64>) { jobs.withLock { $0.formUnion(ids) } }
    func remove(_ ids: some Sequence<Int64>) { jobs.withLock { $0.subtract(ids) } }
}
