/// Reads the members of one JSON object from a node's answer without trusting it: a missing or null member
/// takes its default, a member of the wrong JSON type or out of range is `KwilError.malformedResponse`.
struct JSONObjectReader {
    let what: String
    let members: [String: KwilJSON]

    /// - Throws: `.malformedResponse` when `json` is not an object.
    init(_ json: KwilJSON, _ what: String) throws(KwilError) {
        guard let members = json.object else { throw .malformedResponse(status: 200, reason: "\(what) is not an object") }
        self.what = what
        self.members = members
    }

    private func bad(_ key: String, _ expected: String) -> KwilError {
        .malformedResponse(status: 200, reason: "\(what).\(key) must be \(expected)")
    }

    /// The member, nil when absent or null.
    func value(_ key: String) -> KwilJSON? {
        guard let v = members[key], !v.isNull else { return nil }
        return v
    }

    func string(_ key: String, default fallback: String = "") throws(KwilError) -> String {
        guard let v = value(key) else { return fallback }
        guard let s = v.string else { throw bad(key, "a string") }
        return s
    }

    func bool(_ key: String, default fallback: Bool) throws(KwilError) -> Bool {
        guard let v = value(key) else { return fallback }
        guard let b = v.bool else { throw bad(key, "a boolean") }
        return b
    }

    /// An integer within `range` (the JSON number must be exact: no fraction, no overflow).
    func int(_ key: String, default fallback: Int64, in range: ClosedRange<Int64>) throws(KwilError) -> Int64 {
        guard let v = value(key) else { return fallback }
        guard let i = v.int, range.contains(i) else { throw bad(key, "an integer in \(range.lowerBound)...\(range.upperBound)") }
        return i
    }

    /// A TxCode (0…4294967295).
    func txCode(_ key: String) throws(KwilError) -> UInt32 {
        UInt32(try int(key, default: 0, in: 0...Int64(UInt32.max)))
    }

    func object(_ key: String) throws(KwilError) -> JSONObjectReader? {
        guard let v = value(key) else { return nil }
        return try JSONObjectReader(v, "\(what).\(key)")
    }
}
