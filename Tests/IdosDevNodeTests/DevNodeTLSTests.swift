import Foundation
import KwilKit
import TestSupport
import Testing
@testable import IdosDevNode

/// `--tls-cert/--tls-key`: the node serves JSON-RPC over HTTPS; a client that trusts the certificate gets
/// answers, one that does not is refused by its own verification.
@Suite(.requiresPostgres)
struct DevNodeTLSTests {
    @Test func servesJSONRPCOverHTTPS() async throws {
        let tls = try SelfSignedCertificate.make()
        let cert = tls.certificatePath, key = tls.keyPath
        try await LiveNode.with(configure: { $0.tlsCertificatePath = cert; $0.tlsKeyPath = key }) { node in
            let url = node.baseURL.replacingOccurrences(of: "http://", with: "https://") + "/rpc/v1"
            let body = #"{"jsonrpc":"2.0","id":1,"method":"user.chain_info","params":{}}"#
            let trusted = try await ChildProcess.run("/usr/bin/curl", ["-sS", "--max-time", "10", "--cacert", cert, "-H", "Content-Type: application/json",
                                                                  "--data-binary", body, url])
            #expect(trusted.status == 0, "curl: \(trusted.stderr)")
            #expect(trusted.stdoutText.contains(#""chain_id":"idos-devnode""#), "\(trusted.stdoutText)")
            let untrusted = try await ChildProcess.run("/usr/bin/curl", ["-sS", "--max-time", "10", "--data-binary", body, url])
            #expect(untrusted.status == 60, "certificate verification must fail without the CA: \(untrusted.stderr)")
            let plain = try await ChildProcess.run("/usr/bin/curl", ["-sS", "--max-time", "10", "--data-binary", body,
                                                                node.baseURL + "/rpc/v1"])
            #expect(plain.status != 0 || !plain.stdoutText.contains("chain_id"), "plain HTTP must not be served on a TLS port")
        }
    }
}
