public import HTTPTypes
public import Hummingbird
import Foundation

/// An RFC 9457 problem: what every API error becomes (`application/problem+json`). `type` is a stable URI
/// naming the problem (`https://idos-issuer.dev/problems/<slug>`), `title` its short name, `detail` this
/// occurrence, and `errors` the invalid fields of a validation problem. Never carries secrets or personal data.
public struct Problem: Error, Sendable, HTTPResponseError {
    public struct FieldError: Sendable, Equatable, Codable {
        public var field: String
        public var reason: String
        public init(field: String, reason: String) { self.field = field; self.reason = reason }
    }

    public var status: HTTPResponse.Status
    public var slug: String
    public var title: String
    public var detail: String
    public var errors: [FieldError]
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, _ slug: String, title: String, detail: String, errors: [FieldError] = [],
                headers: HTTPFields = [:]) {
        self.status = status; self.slug = slug; self.title = title; self.detail = detail; self.errors = errors; self.headers = headers
    }

    public static let typeBase = "https://idos-issuer.dev/problems/"

    /// The JSON body.
    public func body(requestID: String?) -> [UInt8] {
        var object: [String: Any] = ["type": Self.typeBase + slug, "title": title, "status": Int(status.code), "detail": detail]
        if !errors.isEmpty { object["errors"] = errors.map { ["field": $0.field, "reason": $0.reason] } }
        if let requestID { object["requestId"] = requestID }
        return Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data())
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        response(requestID: (context as? IssuerRequestContext)?.requestID)
    }

    /// The problem+json response.
    public func response(requestID: String?) -> Response {
        var fields = headers
        fields[.contentType] = "application/problem+json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: body(requestID: requestID))))
    }

    // MARK: Common problems

    public static func validation(_ errors: [FieldError]) -> Problem {
        Problem(.badRequest, "validation", title: "Invalid request",
                detail: errors.map { "\($0.field): \($0.reason)" }.joined(separator: "; "), errors: errors)
    }
    public static func badRequest(_ detail: String, _ slug: String = "bad-request") -> Problem {
        Problem(.badRequest, slug, title: "Bad request", detail: detail)
    }
    public static func unauthorized(_ detail: String) -> Problem {
        Problem(.unauthorized, "unauthorized", title: "Unauthorized", detail: detail, headers: [.wwwAuthenticate: "Bearer"])
    }
    public static func forbidden(_ detail: String) -> Problem { Problem(.forbidden, "forbidden", title: "Forbidden", detail: detail) }
    public static func notFound(_ detail: String) -> Problem { Problem(.notFound, "not-found", title: "Not found", detail: detail) }
    public static func conflict(_ slug: String, _ detail: String) -> Problem { Problem(.conflict, slug, title: "Conflict", detail: detail) }
    public static func gone(_ slug: String, _ detail: String) -> Problem { Problem(.gone, slug, title: "Gone", detail: detail) }
    public static func unavailable(_ detail: String) -> Problem {
        Problem(.serviceUnavailable, "unavailable", title: "Service unavailable", detail: detail, headers: [.retryAfter: "1"])
    }
}
