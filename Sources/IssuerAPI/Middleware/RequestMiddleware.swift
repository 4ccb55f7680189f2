import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// First on every request: a request id (the client's `X-Request-Id` when it is a sane token, else a new
/// UUID) on the context's logger and the response, one access-log line (method, route, status, ms — never
/// bodies, keys or personal data), and every error turned into problem+json. An error that is not a
/// `Problem` or an HTTP error becomes a 500 that names only the request id.
struct RequestMiddleware: RouterMiddleware {
    typealias Context = IssuerRequestContext
    /// The routes' methods by path: a known path asked with another method is 405, not 404.
    var allowedMethods = AllowedMethods()

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let given = request.headers[.requestID].flatMap { Self.isSaneRequestID($0) ? $0 : nil }
        context.requestID = given ?? UUID().uuidString.lowercased()
        context.logger[metadataKey: "request_id"] = "\(context.requestID)"
        let started = ContinuousClock.now
        var response: Response
        do {
            response = try await next(request, context)
        } catch let problem as Problem {
            response = problem.response(requestID: context.requestID)
        } catch let error as HTTPError {
            if error.status == .notFound, let methods = allowedMethods.methods(for: request.uri.path) {
                response = Problem(.methodNotAllowed, "method-not-allowed", title: "Method not allowed",
                                   detail: "\(request.method.rawValue) is not allowed on \(request.uri.path); use \(methods.joined(separator: ", "))")
                    .response(requestID: context.requestID)
                response.headers[.allow] = methods.joined(separator: ", ")
            } else {
                response = Self.problem(for: error).response(requestID: context.requestID)
            }
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(String(describing: type(of: error))): \(error)"])
            response = Problem(.internalServerError, "internal", title: "Internal error",
                                   detail: "an unexpected error occurred; quote request id \(context.requestID)").response(requestID: context.requestID)
        }
        response.headers[.requestID] = context.requestID
        let ms = Double((ContinuousClock.now - started).components.attoseconds) / 1e15 + Double((ContinuousClock.now - started).components.seconds) * 1000
        context.logger.info("request", metadata: ["method": "\(request.method.rawValue)", "route": "\(context.endpointPath ?? request.uri.path)",
                                                  "status": "\(response.status.code)", "ms": "\(String(format: "%.1f", ms))"])
        return response
    }

    /// 1–64 ASCII letters, digits, `-` and `_` (anything else, an empty value too, gets a fresh id).
    static func isSaneRequestID(_ value: String) -> Bool {
        !value.isEmpty && value.utf8.count <= 64
            && value.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x41...0x5a).contains($0) || (0x61...0x7a).contains($0) || $0 == 0x2d || $0 == 0x5f }
    }

    /// Hummingbird's own errors (404 route, 413 body, 405 method) as problems.
    static func problem(for error: HTTPError) -> Problem {
        switch error.status {
        case .notFound: .notFound(error.body ?? "no such route")
        case .contentTooLarge: Problem(.contentTooLarge, "body-too-large", title: "Request body too large", detail: error.body ?? "the body is too large")
        case .methodNotAllowed: Problem(.methodNotAllowed, "method-not-allowed", title: "Method not allowed", detail: error.body ?? "method not allowed")
        default: Problem(error.status, "http-\(error.status.code)", title: error.status.reasonPhrase, detail: error.body ?? error.status.reasonPhrase)
        }
    }
}

extension HTTPField.Name {
    static let requestID = HTTPField.Name("X-Request-Id")!
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    static let idempotentReplayed = HTTPField.Name("Idempotent-Replayed")!
}
