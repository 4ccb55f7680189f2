import Foundation

/// How the console writes times, ages and identifiers. Times are UTC; addresses are masked.
enum ConsoleFormat {
    /// `2026-12-02 14:05:07 UTC`.
    static func time(_ date: Date?) -> String {
        guard let date else { return "—" }
        let c = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d UTC", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    /// `3 h 12 min`, `45 s`, `2 d 4 h` (the two largest units).
    static func duration(_ seconds: Double) -> String {
        let s = Int(max(0, seconds.rounded()))
        if s < 60 { return "\(s) s" }
        if s < 3600 { return "\(s / 60) min" + (s % 60 > 0 ? " \(s % 60) s" : "") }
        if s < 86_400 { return "\(s / 3600) h" + ((s % 3600) / 60 > 0 ? " \((s % 3600) / 60) min" : "") }
        return "\(s / 86_400) d" + ((s % 86_400) / 3600 > 0 ? " \((s % 86_400) / 3600) h" : "")
    }

    /// "in 6 h" / "3 h ago" relative to `now`.
    static func relative(_ date: Date?, now: Date) -> String {
        guard let date else { return "—" }
        let delta = date.timeIntervalSince(now)
        return delta >= 0 ? "in \(duration(delta))" : "\(duration(-delta)) ago"
    }

    /// A wallet address with its middle hidden: `0x1234…cdef` (enough to match what a user reads out).
    static func mask(_ address: String) -> String {
        let chars = Array(address)
        guard chars.count > 12 else { return String(repeating: "•", count: max(chars.count - 2, 0)) + String(chars.suffix(2)) }
        return String(chars.prefix(6)) + "…" + String(chars.suffix(4))
    }

    /// `12,345`.
    static func count(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (i, c) in digits.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + String(out.reversed())
    }

    /// A percentage with one decimal, or "—" when there is nothing to divide.
    static func percent(_ part: Int, of whole: Int) -> String {
        whole == 0 ? "—" : String(format: "%.1f %%", 100 * Double(part) / Double(whole))
    }
}
