public import Foundation

/// The one date form that Kwil's gateway (`issue_at`, `expiration_time`) and idOS write grants
/// (`not_usable_before`, …) use: `YYYY-MM-DDTHH:MM:SSZ`, UTC, whole seconds, no fraction
/// (Postgres pattern `YYYY-MM-DD"T"HH24:MI:SS"Z"`).
public enum UTCTimestamp {
    /// `date` as `YYYY-MM-DDTHH:MM:SSZ` (fractions of a second dropped).
    public static func string(from date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// Unix seconds of a strict `YYYY-MM-DDTHH:MM:SSZ` text; nil for any other text or an impossible date.
    public static func unixSeconds(_ text: String) -> Int64? {
        let b = Array(text.utf8)
        guard b.count == 20, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54, b[13] == 0x3A, b[16] == 0x3A, b[19] == 0x5A else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for i in range {
                guard b[i] >= 0x30, b[i] <= 0x39 else { return nil }
                value = value * 10 + Int(b[i] - 0x30)
            }
            return value
        }
        guard let y = number(0..<4), let mo = number(5..<7), let d = number(8..<10), let h = number(11..<13),
              let mi = number(14..<16), let s = number(17..<19),
              (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, s < 60 else { return nil }
        var components = DateComponents()
        components.year = y; components.month = mo; components.day = d
        components.hour = h; components.minute = mi; components.second = s
        var calendar = Calendar(identifier: .gregorian)
        guard let utc = TimeZone(identifier: "UTC") else { return nil }
        calendar.timeZone = utc
        guard let date = calendar.date(from: components), calendar.component(.day, from: date) == d else { return nil }
        return Int64(date.timeIntervalSince1970)
    }
}
