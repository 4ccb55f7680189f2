import Logging
import IssuerStore
import IssuerEngine
import Foundation
import HTTPTypes
import Hummingbird
import IdosCrypto
import KwilKit
import VerifiableCredentials

/// Routes without auth: `GET /v1/issuer` (what a consumer needs to accept this issuer's credentials),
/// `GET /healthz` (the process answers), `GET /readyz` (the database and at least one node answer),
/// `GET /openapi.yaml`, and `GET /metrics` (Prometheus text; unless `ISSUER_METRICS_LISTEN` moves it to its own listener).
struct PublicController {
    let services: APIServices

    func register(on router: Router<IssuerRequestContext>) {
        router.get("/v1/issuer") { _, _ in await issuer() }
        router.get("/healthz") { _, _ in APIJSON.response(.ok, ["status": "ok"]) }
        router.get("/readyz") { _, _ in try await ready() }
        router.get("/openapi.yaml") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml"], body: .init(byteBuffer: ByteBuffer(bytes: OpenAPIDocument.bytes)))
        }
        if services.metricsOnAPIListener {
            router.get("/metrics") { _, _ in await metrics() }
        }
    }

    func metrics() async -> Response {
        Response(status: .ok, headers: [.contentType: MetricsExposition.contentType], body: .init(byteBuffer: await services.metrics.render()))
    }

    /// The issuer's public facts. `keys` lists every VC key a consumer should accept: the configured ones not
    /// retired by a rotation campaign (the current one first is `verificationMethod`).
    func issuer() async -> Response {
        let ring = services.vcKeys
        // Without the database, every configured key is published (a superset: nothing that verifies today stops).
        let stored = (try? await services.store.session.vcKeys()) ?? []
        let retired = Set(stored.filter { $0.retiredAt != nil }.map(\.version))
        let keys: [[String: Any]] = ring.records.reversed().filter { !retired.contains($0.version) || $0.version == ring.current }.map {
            ["id": ring.keyID($0.version), "type": "Ed25519VerificationKey2020", "controller": ring.controller,
             "publicKeyMultibase": $0.publicKeyMultibase, "current": $0.version == ring.current]
        }
        return APIJSON.response(.ok, [
            "name": services.configuration.issuerName, "issuerAuthPublicKey": services.issuance.issuerAuthPublicKey, "vcIssuer": services.configuration.vcIssuer,
            "verificationMethod": ring.keyID(ring.current), "publicKeyMultibase": ring.signingKey().publicKeyMultibase, "keys": keys,
            "encryptionPublicKey": Base64.encode(services.issuance.encryptionKey.publicKey),
        ])
    }

    func ready() async throws -> Response {
        do { _ = try await services.store.session.tableExists("jobs") } catch {
            throw Problem.unavailable("the database does not answer")
        }
        do { _ = try await services.pool.read(attempts: 2) { client throws(KwilError) in try await client.health() } } catch {
            throw Problem.unavailable("no idOS node answers: \(error)")
        }
        return APIJSON.response(.ok, ["status": "ready"])
    }
}

/// The OpenAPI document bundled with the build (the single source of truth: a test checks the router against it).
public enum OpenAPIDocument {
    public static let bytes: [UInt8] = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"), let data = FileManager.default.contents(atPath: url.path)
        else { return Array("openapi: 3.1.0\n".utf8) }
        return Array(data)
    }()
}
