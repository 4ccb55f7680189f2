import Foundation
import Hummingbird
import HTTPTypes

/// JSON out: objects with sorted keys, RFC 3339 UTC timestamps (`2026-12-02T10:00:00Z`), lower-case UUIDs.
enum APIJSON {
    static func timestamp(_ date: Date) -> String { date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt)) }
    static func id(_ uuid: UUID) -> String { uuid.uuidString.lowercased() }

    static func bytes(_ object: Any) -> [UInt8] {
        Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8))
    }

    static func response(_ status: HTTPResponse.Status, _ object: Any, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: bytes(object))))
    }

    /// A JSON value from text (public notes are stored as text).
    static func parse(_ text: String) -> Any? { try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) }
}
