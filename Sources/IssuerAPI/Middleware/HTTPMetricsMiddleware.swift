import Foundation
import HTTPTypes
import Hummingbird
import IssuerEngine
import CoreMetrics

/// Outermost on every router: counts each request and times it to the response head, by method, route
/// template (`/v1/users/{id}`, never the raw path; `unmatched` when no route matched) and status.
struct HTTPMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        do {
            let response = try await next(request, context)
            record(request, context, status: response.status.code, since: started)
            return response
        } catch {
            record(request, context, status: (error as? any HTTPResponseError)?.status.code ?? 500, since: started)
            throw error
        }
    }

    private func record(_ request: Request, _ context: Context, status: Int, since started: ContinuousClock.Instant) {
        let method = switch request.method {
        case .get, .head, .post, .put, .patch, .delete, .options: request.method.rawValue
        default: "other"   // a closed set: arbitrary method tokens must not make new series
        }
        let route = context.endpointPath.flatMap { $0.hasPrefix("/") ? $0 : nil } ?? "unmatched"
        let dimensions = [("method", method), ("route", route), ("status", String(status))]
        CoreMetrics.Counter(label: IssuerMetricNames.httpRequests, dimensions: dimensions).increment()
        CoreMetrics.Timer(label: IssuerMetricNames.httpRequestDuration, dimensions: dimensions).recordNanoseconds((ContinuousClock.now - started).wholeNanoseconds)
    }
}
