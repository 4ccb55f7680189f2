import Foundation

/// A bounded map whose entries all live for the same `lifetime`, so insertion order is expiry order: expired
/// entries are swept from the front of a queue (amortised O(1) per call, never a full scan), and when the map
/// is full the oldest entry is evicted to make room. What the KGW sign-in nonces, sessions, call challenges
/// and per-address rate limits of the devnode are kept in.
struct ExpiringStore<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    /// The most entries kept.
    let capacity: Int
    /// How long an entry lives after it is inserted.
    let lifetime: TimeInterval

    private var entries: [Key: (value: Value, expires: Date, generation: UInt64)] = [:]
    /// Insertion order: (key, generation); entries removed or replaced early leave stale items behind,
    /// recognised by their generation and skipped.
    private var order: [(key: Key, generation: UInt64)] = []
    private var head = 0
    private var nextGeneration: UInt64 = 0

    init(capacity: Int, lifetime: TimeInterval) {
        precondition(capacity > 0 && lifetime > 0, "an ExpiringStore needs a positive capacity and lifetime")
        self.capacity = capacity
        self.lifetime = lifetime
    }

    /// Live entries (expired ones not yet swept included).
    var count: Int { entries.count }

    /// Inserts or replaces `key`, expiring `lifetime` after `now`; sweeps expired entries first and evicts the
    /// oldest while the store is full.
    /// - Returns: how many live entries were evicted to make room (0 unless the store was full).
    @discardableResult
    mutating func insert(_ key: Key, _ value: Value, now: Date) -> Int {
        sweep(now: now)
        entries[key] = nil
        var evicted = 0
        while entries.count >= capacity, let oldest = popFront() {
            entries[oldest] = nil
            evicted += 1
        }
        nextGeneration &+= 1
        entries[key] = (value, now.addingTimeInterval(lifetime), nextGeneration)
        order.append((key, nextGeneration))
        return evicted
    }

    /// The live value of `key`, or nil when absent or expired.
    func value(_ key: Key, now: Date) -> Value? {
        guard let entry = entries[key], entry.expires > now else { return nil }
        return entry.value
    }

    /// Removes `key` and returns its value if it was still live.
    mutating func remove(_ key: Key, now: Date) -> Value? {
        guard let entry = entries.removeValue(forKey: key) else { return nil }
        return entry.expires > now ? entry.value : nil
    }

    /// Drops the expired entries at the front of the queue.
    mutating func sweep(now: Date) {
        while head < order.count {
            let item = order[head]
            if let entry = entries[item.key], entry.generation == item.generation {
                guard entry.expires <= now else { break }
                entries[item.key] = nil
            }
            head += 1
        }
        compact()
    }

    /// Pops the oldest live key from the queue (skipping stale items), or nil when none is left.
    private mutating func popFront() -> Key? {
        while head < order.count {
            let item = order[head]
            head += 1
            if entries[item.key]?.generation == item.generation {
                compact()
                return item.key
            }
        }
        compact()
        return nil
    }

    /// Releases the consumed front of the queue once it is at least half of it, and rebuilds the queue from
    /// the live entries when stale items (from early removals) outnumber them, so the queue stays within
    /// twice the capacity.
    private mutating func compact() {
        if head > 0, head >= order.count / 2 {
            order.removeFirst(head)
            head = 0
        }
        if order.count - head > 2 * capacity {
            order = entries.map { (key: $0.key, generation: $0.value.generation) }.sorted { $0.generation < $1.generation }
            head = 0
        }
    }
}
