public import Foundation
public import IssuerStore
import VerifiableCredentials

/// A campaign and a preview as JSON objects: what `GET /v1/reissue-campaigns/{id}` answers and what
/// `idos-issuer reissue status --json` prints (one spelling for both).
public enum CampaignView {
    public static func json(_ c: CampaignRecord, _ p: CampaignProgress) -> [String: Any] {
        [
            "id": id(c.id), "status": c.status.rawValue, "selected": c.selected, "reissued": p.reissued, "revoked": p.revoked,
            "failed": p.failed, "pending": p.pending, "inFlight": p.inFlight, "revoking": p.revoking - p.revokeFailed, "skipped": p.skipped,
            "filter": parse(c.filter) ?? [String: Any](), "ratePerSecond": c.ratePerSecond ?? NSNull(),
            "concurrencyPerNode": c.concurrencyPerNode, "haltErrorRate": c.haltErrorRate, "haltMinItems": c.haltMinItems,
            "haltReason": c.haltReason ?? NSNull(), "retireKeyVersion": c.retireVCKeyVersion ?? NSNull(),
            "publicNotes": c.publicNotes.flatMap(parse) ?? NSNull(), "credentialFields": c.credentialFields.flatMap(parse) ?? NSNull(),
            "createdAt": timestamp(c.createdAt), "startedAt": c.startedAt.map(timestamp) ?? NSNull(),
            "endedAt": c.endedAt.map(timestamp) ?? NSNull(),
        ]
    }

    public static func json(_ preview: CampaignPreview, dryRun: Bool) -> [String: Any] {
        func value(_ v: JSONValue?) -> Any { v.flatMap { parse(JSONSerializer.serialize($0)) } ?? NSNull() }
        return [
            "dryRun": dryRun, "selected": preview.selected,
            "samples": preview.samples.map { s -> [String: Any] in
                [
                    "credentialId": id(s.credentialID),
                    "publicNotes": ["before": value(s.notesBefore.map(JSONValue.object)), "after": value(s.notesAfter.map(JSONValue.object))],
                    "credentialChanges": s.vcChanges.map { ["field": $0.field, "before": value($0.before), "after": value($0.after)] },
                    "error": s.error ?? NSNull(),
                ]
            },
        ]
    }

    static func id(_ uuid: UUID) -> String { uuid.uuidString.lowercased() }
    static func timestamp(_ date: Date) -> String { date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt)) }
    static func parse(_ text: String) -> Any? { try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) }
}
