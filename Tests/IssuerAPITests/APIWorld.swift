import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IdosCrypto
import IssuerAPI
import IssuerEngine
import IssuerStore
import IssuerTestSupport
import KwilKit
import Logging
import NIOCore
import TestSupport

/// The API over a whole issuer world (store, devnode, workers): requests go through the real router and
/// middleware (HummingbirdTesting `.router`), the node writes happen for real.
struct APIWorld: Sendable {
    let world: IssuanceWorld
    let client: any TestClientProtocol
    let services: APIServices
    /// issue + read for provider "acme".
    let key: String
    /// read only, provider "acme".
    let readKey: String
    /// issue + read for another provider.
    let otherKey: String

    static let issuerName = "Acme KYC (test)"
    static let vcIssuer = "https://issuer.example/idos"

    /// - Parameters:
    ///   - queueSettings, issuanceSettings: passed to `IssuanceWorld.with` (the workers' queue and handlers).
    ///   - configure: adjusts the API's services (e.g. its webhook URL policy) before the router is built.
    static func with<T: Sendable>(rateLimit: RateLimit = RateLimit(perSecond: 1000, burst: 1000),
                                  queueSettings: @escaping @Sendable (inout QueueConfiguration) -> Void = { _ in },
                                  issuanceSettings: @escaping @Sendable (inout IssuanceContext) -> Void = { _ in },
                                  configure: @escaping @Sendable (inout APIServices) -> Void = { _ in },
                                  vcKeys: [Int: Ed25519.PrivateKey]? = nil,
                                  _ body: @escaping @Sendable (APIWorld) async throws -> T) async throws -> T {
        try await IssuanceWorld.with(queueSettings: queueSettings, issuanceSettings: issuanceSettings, vcKeys: vcKeys, vcIssuer: vcIssuer) { world in
            var configuration = IssuerConfiguration(issuerName: issuerName, vcIssuer: vcIssuer)
            configuration.limits.rateLimit = rateLimit
            configuration.http.maxBodyBytes = 64 * 1024
            var configured = APIServices(store: world.store, issuance: world.service, pool: world.services.pool,
                                       reader: try Ed25519Signer(secretKey: world.issuerKey.seed), vcKey: world.issuerKey, configuration: configuration)
            if let vcKeys {
                configured.vcKeys = VCKeyRing(issuerBaseURL: vcIssuer, keys: vcKeys)
                _ = try await world.store.session.registerVCKeys(configured.vcKeys.records)   // as `serve` does at start
            }
            configure(&configured)
            let services = configured
            let keys = try await world.store.withTransaction { session in
                (try await APIKey.create(providerName: "acme", scopes: ["issue", "read"], in: session).key,
                 try await APIKey.create(providerName: "acme", scopes: ["read"], in: session).key,
                 try await APIKey.create(providerName: "other", scopes: ["issue", "read"], in: session).key)
            }
            let app = Application(router: IssuerAPI.router(services: services), logger: StoreFixture.logger)
            let result = try await app.test(.router) { client in
                let result = try await body(APIWorld(world: world, client: client, services: services, key: keys.0, readKey: keys.1, otherKey: keys.2))
                TestTrace.note("\(world.nodeSchema.suffix(6)) api body done")
                return result
            }
            TestTrace.note("\(world.nodeSchema.suffix(6)) api test done")
            return result
        }
    }

    struct Answer: @unchecked Sendable {   // `json` holds Foundation JSON values, read only by the test that made it
        var status: Int
        var headers: HTTPFields
        var body: [UInt8]
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:] }
        var problemType: String? { (json["type"] as? String)?.replacingOccurrences(of: Problem.typeBase, with: "") }
        var fieldErrors: [String] { (json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String } }
    }

    /// One request; `json` is serialized, `raw` sent as is.
    func call(_ method: HTTPRequest.Method, _ path: String, json: Any? = nil, raw: String? = nil, key: String?? = .none,
              headers extra: HTTPFields = [:]) async throws -> Answer {
        var headers = extra
        let bearer: String? = switch key { case .none: self.key; case .some(let k): k }
        if let bearer { headers[.authorization] = "Bearer \(bearer)" }
        var body: ByteBuffer?
        if let json { body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json)) }
        if let raw { body = ByteBuffer(string: raw) }
        if body != nil { headers[.contentType] = "application/json" }
        return try await client.execute(uri: path, method: method, headers: headers, body: body) { response in
            Answer(status: Int(response.status.code), headers: response.headers, body: Array(response.body.readableBytesView))
        }
    }

    /// Waits for `check` on the answer of GET `path` (every 100 ms, 60 s at most).
    func eventually(_ path: String, _ what: String, _ check: @escaping @Sendable ([String: Any]) -> Bool) async throws {
        try await world.eventually(what, report: world.report) {
            let answer = try await call(.get, path)
            return answer.status == 200 && check(answer.json)
        }
    }
}
