import Foundation
import TestSupport
import Testing
@testable import IdosDevNode

/// `--tls-cert/--tls-key`: the node serves JSON-RPC over HTTPS; a client that trusts the certificate gets
/// answers, one that does not is refused by its own verification.
@Suite(.enabled(if: TestEnvironment.databaseURL != nil, "needs PostgreSQL: set IDOS_TEST_DATABASE_URL (make test does)"))
struct DevNodeTLSTests {
    /// A self-signed P-256 certificate for 127.0.0.1 made with `openssl`; returns (certificate, key) paths.
    static func selfSignedCertificate() throws -> (String, String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("devnode-tls-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let cert = dir + "/cert.pem", key = dir + "/key.pem"
        let made = try ProcessRunner.run("/usr/bin/openssl", [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert,
        ])
        #expect(made.status == 0, "openssl: \(made.stderr)")
        return (cert, key)
    }

    @Test func servesJSONRPCOverHTTPS() async throws {
        let (cert, key) = try Self.selfSignedCertificate()
        let schema = LiveNode.freshSchema()
        defer { Task { try? await LiveNode.dropSchema(schema) } }
        try await LiveNode.with(schema: schema, configure: { $0.tlsCertificatePath = cert; $0.tlsKeyPath = key }) { node in
            let url = node.baseURL.replacingOccurrences(of: "http://", with: "https://") + "/rpc/v1"
            let body = #"{"jsonrpc":"2.0","id":1,"method":"user.chain_info","params":{}}"#
            let trusted = try ProcessRunner.run("/usr/bin/curl", ["-sS", "--max-time", "10", "--cacert", cert, "-H", "Content-Type: application/json",
                                                                  "--data-binary", body, url])
            #expect(trusted.status == 0, "curl: \(trusted.stderr)")
            #expect(trusted.stdoutText.contains(#""chain_id":"idos-devnode""#), "\(trusted.stdoutText)")
            let untrusted = try ProcessRunner.run("/usr/bin/curl", ["-sS", "--max-time", "10", "--data-binary", body, url])
            #expect(untrusted.status == 60, "certificate verification must fail without the CA: \(untrusted.stderr)")
            let plain = try ProcessRunner.run("/usr/bin/curl", ["-sS", "--max-time", "10", "--data-binary", body,
                                                                node.baseURL + "/rpc/v1"])
            #expect(plain.status != 0 || !plain.stdoutText.contains("chain_id"), "plain HTTP must not be served on a TLS port")
        }
    }
}
