import Logging
import IssuerStore
import IssuerEngine
import Foundation
import HTTPTypes
import Hummingbird
import IdosCrypto
import KwilKit

/// Routes without auth: `GET /v1/issuer` (what a consumer needs to accept this issuer's credentials),
/// `GET /healthz` (the process answers), `GET /readyz` (the database and at least one node answer),
/// `GET /openapi.yaml`, and `GET /metrics` (Prometheus text; unless `ISSUER_METRICS_LISTEN` moves it to its own listener).
struct PublicController {
    let services: APIServices

    func register(on router: Router<IssuerRequestContext>) {
        router.get("/v1/issuer") { _, _ in issuer() }
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

    func issuer() -> Response {
        let base = services.configuration.vcIssuer
        return APIJSON.response(.ok, [
            "name": services.configuration.issuerName, "issuerAuthPublicKey": services.issuance.issuerAuthPublicKey, "vcIssuer": base,
            "verificationMethod": base + "/keys/1", "publicKeyMultibase": Multibase.encodeEd25519PublicKey(services.vcKey.publicKey),
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
