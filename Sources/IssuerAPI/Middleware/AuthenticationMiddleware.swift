import Logging
import IssuerEngine
import Foundation
import HTTPTypes
import Hummingbird
import IssuerStore

/// Resolves `Authorization: Bearer <api key>` to the caller (provider and scopes) and spends one token of the
/// provider's rate-limit bucket, shared by every replica through PostgreSQL. A malformed, unknown or revoked
/// key is 401 at once; no header leaves the caller empty (public routes work; others answer 401 when they
/// ask for a scope). Past the limit: 429 with `Retry-After`.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = IssuerRequestContext
    let store: IssuerStore
    let rateLimit: RateLimit

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else { return try await next(request, context) }
        guard header.hasPrefix("Bearer "), let prefix = APIKey.prefix(of: String(header.dropFirst(7))) else {
            throw Problem.unauthorized("Authorization must be 'Bearer idos_…' with a key from `idos-issuer api-keys create`")
        }
        let key = String(header.dropFirst(7))
        guard let record = try await store.session.liveAPIKey(prefix: prefix), APIKey.matches(key, storedHash: record.secretHash) else {
            throw Problem.unauthorized("the API key is unknown or revoked")
        }
        var context = context
        context.caller = APICaller(providerID: record.providerID, providerName: record.providerName, keyID: record.id, scopes: Set(record.scopes))
        context.logger[metadataKey: "provider"] = "\(record.providerName)"
        if let wait = try await store.session.takeRateLimitToken(providerID: record.providerID, rate: rateLimit.perSecond, burst: rateLimit.burst) {
            throw Problem(.tooManyRequests, "rate-limited", title: "Too many requests",
                          detail: "more than \(rateLimit.perSecond) requests/s (bursts of \(Int(rateLimit.burst))) for this provider",
                          headers: [.retryAfter: String(Int(wait.rounded(.up)))])
        }
        return try await next(request, context)
    }
}

/// Requests per second per provider, with bursts.
public struct RateLimit: Sendable, Equatable {
    /// Sustained rate (default 50/s).
    public var perSecond: Double = 50
    /// Bucket size (default 200).
    public var burst: Double = 200
    public init(perSecond: Double = 50, burst: Double = 200) { self.perSecond = perSecond; self.burst = burst }
}
