import Foundation
import HTTPTypes
import Hummingbird
import IdosCrypto
import IssuerStore

/// Runs a POST/PUT/PATCH: the work in one transaction; with an `Idempotency-Key`, exactly once per key.
///
/// The first request with a key claims it; its response (status, body) is stored in the same transaction as
/// its work, so a stored response always means the work happened. The same key with the same method, path and
/// body (compared as canonical JSON) replays that response with `Idempotent-Replayed: true`; with anything else it is 409. A concurrent
/// duplicate waits for the first (up to 10 s) and then replays it, or gets 409 if it is still running. A
/// 4xx answer is stored and replayed too; a 5xx frees the key. Keys are kept `retention` seconds.
struct Mutation: Sendable {
    let store: IssuerStore
    let retention: Double

    typealias Work = @Sendable (StoreSession) async throws -> (HTTPResponse.Status, Any)

    func run(_ request: Request, context: IssuerRequestContext, caller: APICaller, body: [UInt8],
             _ work: (StoreSession) async throws -> (HTTPResponse.Status, [String: Any])) async throws -> Response {
        try await runPrepared(request, context: context, caller: caller, body: body, prepare: {}) { session, _ in try await work(session) }
    }

    /// As `run`, with `prepare` (reads and node calls that must not hold a transaction open) run once the key is
    /// claimed and before the transaction: a replay answers from the stored response without preparing again,
    /// and what `prepare` throws is answered (and, below 500, stored) like the work's errors.
    func runPrepared<Prepared>(_ request: Request, context: IssuerRequestContext, caller: APICaller, body: [UInt8],
                       prepare: () async throws -> Prepared,
                       _ work: (StoreSession, Prepared) async throws -> (HTTPResponse.Status, [String: Any])) async throws -> Response {
        guard let key = request.headers[.idempotencyKey] else {
            let prepared = try await prepare()
            let (status, object) = try await store.withTransaction { session in
                let (status, object) = try await work(session, prepared)
                return (status, APIJSON.bytes(object))
            }
            return Self.response(status, object, replayed: false)
        }
        guard (1...255).contains(key.utf8.count), key.unicodeScalars.allSatisfy({ $0.value >= 0x21 && $0.value <= 0x7e }) else {
            throw Problem.validation([.init(field: "Idempotency-Key", reason: "must be 1–255 visible ASCII characters")])
        }
        let hash = Hex.encode(SHA256.hash(Array("\(request.method.rawValue) \(request.uri.path)\n".utf8) + Self.canonical(body)))
        let clock = ContinuousClock(), start = clock.now
        while let existing = try await store.session.claimIdempotencyKey(providerID: caller.providerID, key: key, requestHash: hash,
                                                                          retention: retention) {
            guard existing.requestHash == hash else {
                throw Problem.conflict("idempotency-key-reused", "this Idempotency-Key was used with another request (method, path or body)")
            }
            if existing.state == .done, let status = existing.status, let body = existing.body {
                return Self.response(HTTPResponse.Status(code: status), body, replayed: true)
            }
            guard clock.now - start < .seconds(10) else {
                throw Problem.conflict("idempotency-key-in-progress", "a request with this Idempotency-Key is still being processed")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        do {
            let prepared = try await prepare()
            let (status, bytes) = try await store.withTransaction { session in
                let (status, object) = try await work(session, prepared)
                let bytes = APIJSON.bytes(object)
                try await session.completeIdempotencyKey(providerID: caller.providerID, key: key, status: Int(status.code), body: bytes, headers: [:])
                return (status, bytes)
            }
            return Self.response(status, bytes, replayed: false)
        } catch let problem as Problem where problem.status.code < 500 {
            try await store.session.completeIdempotencyKey(providerID: caller.providerID, key: key, status: Int(problem.status.code),
                                                           body: problem.body(requestID: nil), headers: [:])
            throw problem
        } catch {
            try? await store.session.releaseIdempotencyKey(providerID: caller.providerID, key: key)
            throw error
        }
    }

    /// The body as canonical JSON (sorted keys), so the same request is recognised whatever its key order or
    /// spacing; bytes that are not JSON are taken as they are.
    static func canonical(_ body: [UInt8]) -> [UInt8] {
        guard let value = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]),
              let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed]) else { return body }
        return Array(data)
    }

    static func response(_ status: HTTPResponse.Status, _ bytes: [UInt8], replayed: Bool) -> Response {
        var headers: HTTPFields = [.contentType: status.code >= 400 ? "application/problem+json" : "application/json"]
        if replayed { headers[.idempotentReplayed] = "true" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
