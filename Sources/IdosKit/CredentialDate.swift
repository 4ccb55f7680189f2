public import Foundation
internal import VerifiableCredentials

/// Dates as the idOS credential builder writes them: JavaScript's `toISOString()` (UTC, milliseconds),
/// e.g. `2022-01-01T00:00:00.000Z`; and `issuanceDate` as `vc.issue` writes it (no milliseconds).
public enum CredentialDate {
    /// Parses `YYYY-MM-DD` (UTC midnight, as `new Date("…")` does) or an RFC 3339 date-time with optional
    /// fraction and offset. Nil if it is neither.
    public static func parse(_ text: String) -> Date? {
        let full = ISO8601DateFormatter()
        full.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = full.date(from: text) { return d }
        full.formatOptions = [.withInternetDateTime]
        if let d = full.date(from: text) { return d }
        guard text.utf8.count == 10 else { return nil }
        full.formatOptions = [.withFullDate]
        full.timeZone = TimeZone(identifier: "UTC")
        return full.date(from: text)
    }

    /// `YYYY-MM-DDTHH:MM:SS.sssZ`.
    public static func isoString(_ date: Date) -> String {
        var ms = Int((date.timeIntervalSince1970 * 1000).rounded(.down))
        let seconds = Int((Double(ms) / 1000).rounded(.down))
        ms -= seconds * 1000
        let base = w3cDate(Date(timeIntervalSince1970: TimeInterval(seconds)))
        return String(base.dropLast()) + "." + String(format: "%03d", ms) + "Z"
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` (UTC, no fraction), as `vc.issue` writes `issuanceDate`.
    public static func w3cDate(_ date: Date) -> String {
        Ed25519Signature2020.dateTime(date)
    }
}
