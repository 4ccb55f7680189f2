/// Issues blank node identifiers `prefix0`, `prefix1`, … in order, remembering what it issued (RDFC-1.0 §4.5).
struct IdentifierIssuer: Sendable {
    let prefix: String
    private(set) var counter = 0
    private(set) var issued: [String: String] = [:]
    /// Existing identifiers in the order they were issued.
    private(set) var order: [String] = []

    init(prefix: String) { self.prefix = prefix }

    /// The identifier for `existing`, issuing a new one if needed.
    mutating func issue(_ existing: String) -> String {
        if let id = issued[existing] { return id }
        let id = prefix + String(counter)
        counter += 1
        issued[existing] = id
        order.append(existing)
        return id
    }

    subscript(existing: String) -> String? { issued[existing] }
}
