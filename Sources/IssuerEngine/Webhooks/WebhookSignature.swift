public import Foundation
import IdosCrypto

/// How a delivery is signed, and how a receiver checks it (the README's recipe does the same in Python).
///
/// Headers: `Idos-Webhook-Timestamp: <unix seconds>` and `Idos-Webhook-Signature: v1=<hex>` where `<hex>` is
/// lower-case hex of HMAC-SHA256(key: the secret's UTF-8 bytes, message: `<timestamp>.<body>`). While a rotated
/// secret's overlap lasts the header carries one `v1=` per secret, the new one first: `v1=<new>,v1=<old>`; a
/// receiver accepts the delivery when any of them matches a secret it knows. The timestamp is fresh at every
/// attempt, so a receiver refuses replays by refusing old timestamps (5 minutes is a good tolerance).
public enum WebhookSignature {
    public static let timestampHeader = "Idos-Webhook-Timestamp"
    public static let signatureHeader = "Idos-Webhook-Signature"
    /// The event id (also in the body), for receivers that deduplicate before parsing.
    public static let idHeader = "Idos-Webhook-Id"
    /// The scheme tag of today's signatures.
    public static let scheme = "v1"
    /// The tolerance the README recommends to receivers (seconds).
    public static let recommendedTolerance: Int64 = 300

    /// Lower-case hex HMAC-SHA256 of `<timestamp>.<body>` under `secret`.
    public static func signature(secret: String, timestamp: Int64, body: [UInt8]) -> String {
        Hex.encode(HMACSHA256.authenticate(Array("\(timestamp).".utf8) + body, key: Array(secret.utf8)))
    }

    /// The `Idos-Webhook-Signature` value: `v1=<hex>` per secret, comma-separated, in the order given.
    public static func header(secrets: [String], timestamp: Int64, body: [UInt8]) -> String {
        secrets.map { "\(scheme)=\(signature(secret: $0, timestamp: timestamp, body: body))" }.joined(separator: ",")
    }

    /// A receiver's check: the timestamp is within `tolerance` seconds of `now`, and one `v1=` signature of
    /// `header` is the one `secret` makes (compared in constant time).
    public static func verify(header: String, timestamp: String, body: [UInt8], secret: String, now: Date = Date(),
                              tolerance: Int64 = recommendedTolerance) -> Bool {
        guard let ts = Int64(timestamp), abs(Int64(now.timeIntervalSince1970) - ts) <= tolerance else { return false }
        let expected = Array(signature(secret: secret, timestamp: ts, body: body).utf8)
        var matched = false
        for part in header.split(separator: ",") {
            let pieces = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            guard pieces.count == 2, pieces[0] == Substring(scheme) else { continue }
            let given = Array(pieces[1].utf8)
            if given.count == expected.count, zip(given, expected).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0 { matched = true }
        }
        return matched
    }
}
