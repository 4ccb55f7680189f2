import Foundation
import IdosCrypto
import VerifiableCredentials

/// Verifiable credentials: canonicalizations/s (JSON-LD → RDFC-1.0 N-Quads, safe mode) and credentials
/// signed/s (Ed25519Signature2020: two canonicalizations, two SHA-256, one Ed25519) on the §13.6
/// credential, beside pyld + pycryptodome on the same document with the same bundled contexts; and the
/// share of signing time spent canonicalizing.
@MainActor
func runVCBenchmarks(_ report: BenchReport) async throws {
    let document = try JSONParser.parse(vcBenchDocument)
    guard case let .object(credential) = document else { return }
    let seedHex = "4afb738a47b339399110f12b2555db83fa845fc20b9fb180e312733f3712ae0b"
    let key = Ed25519VerificationKey2020(issuerBaseURL: "https://vc-issuers.example.com/idos", privateKey: try Ed25519.PrivateKey(Hex.decode(seedHex)))
    let suite = Ed25519Signature2020()
    let safe = JSONLDOptions(safeMode: true)

    var proof = JSONObject()
    proof["type"] = "Ed25519Signature2020"
    proof["created"] = "2022-01-01T00:00:00Z"
    proof["verificationMethod"] = .string(key.id)
    proof["proofPurpose"] = "assertionMethod"

    let canon = try Bench.opsPerSecond(seconds: 2) { _ = try JSONLD.canonicalize(document, options: safe); return 1 }
    let forms = try Bench.opsPerSecond(seconds: 2) { _ = try suite.canonicalForms(document: credential, proofOptions: proof); return 1 }
    let sign = try Bench.opsPerSecond(seconds: 2) { _ = try suite.sign(credential, key: key, created: "2022-01-01T00:00:00Z"); return 1 }

    // The same work in pyld, in the same run.
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("idos-bench-vc-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    try Data(vcBenchDocument.utf8).write(to: dir.appendingPathComponent("doc.json"))
    try Data(JSONSerializer.serialize(.object(proof)).utf8).write(to: dir.appendingPathComponent("proof.json"))
    let refDir = ProcessInfo.processInfo.environment["IDOS_BENCH_REF_DIR"] ?? ".build/bench-ref"
    let py = Bench.runReference(["python3", "\(refDir)/vc_ref.py", "Sources/VerifiableCredentials/Contexts", dir.appendingPathComponent("doc.json").path,
                                 dir.appendingPathComponent("proof.json").path, seedHex])

    report.add(BenchRow(suite: "vc", name: "canonicalize §13.6 credential (JSON-LD→RDFC-1.0)", unit: "ops/s", ours: canon,
                        reference: py["vc_canon"], referenceName: "pyld URDNA2015"))
    report.add(BenchRow(suite: "vc", name: "sign §13.6 credential (Ed25519Signature2020)", unit: "credentials/s", ours: sign,
                        reference: py["vc_sign"], referenceName: "pyld + pycryptodome Ed25519"))
    report.add(BenchRow(suite: "vc", name: "share of signing spent canonicalizing", unit: "% of sign time", ours: 100 * sign / forms,
                        reference: nil, referenceName: nil))
}

/// idos-issuer.md §13.6, before its proof.
let vcBenchDocument = #"""
{"@context":["https://www.w3.org/2018/credentials/v1","https://idos-network.github.io/idos-sdk-js/credentials/idos-credentials-v1.json","https://w3id.org/security/suites/ed25519-2020/v1"],"type":["VerifiableCredential"],"issuer":"https://vc-issuers.example.com/idos/issuers/1","id":"https://vc-issuers.example.com/idos/credentials/z6MkszZtxCmA2Ce4vUV132PCuLQmwnaDD5mw2L23fGNnsiX3","level":"basic+liveness","issued":"2022-01-01T00:00:00.000Z","approvedAt":"2022-01-01T00:00:00.000Z","expirationDate":"2030-01-01T00:00:00.000Z","credentialSubject":{"@context":"https://idos-network.github.io/idos-sdk-js/credentials/idos-credential-subject-v2.json","id":"uuid:z6MkszZtxCmA2Ce4vUV132PCuLQmwnaDD5mw2L23fGNnsiX3","firstName":"John","familyName":"Lennon","dateOfBirth":"1980-01-01T00:00:00.000Z","idDocumentCountry":"US","idDocumentNumber":"123456789","idDocumentType":"PASSPORT","idDocumentFrontFile":"<~7WNEbF<GL6+A\"sDA8bt#D.RU,~>","selfieFile":"<~;e9cWBk7~>"},"issuanceDate":"2022-01-01T00:00:00Z"}
"""#
