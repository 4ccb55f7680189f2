import Foundation
import IdosCrypto
import KwilKit
import TestSupport
import Testing
@testable import IdosDevNode

/// KGW sign-in over HTTP: the message names the configured public URL whatever `Host` the request carries,
/// and a session cookie vouches only for the key type it was opened with.
@Suite(.requiresPostgres)
struct GatewayHTTPTests {
    static let authnParam = #"{"jsonrpc":"2.0","id":1,"method":"kgw.authn_param","params":{}}"#

    /// `kgw.authn_param` sent by curl with a forged `Host` header; returns the result object.
    static func authnParam(_ node: LiveNode, host: String) async throws -> [String: Any] {
        let answer = try await ChildProcess.run("/usr/bin/curl", ["-sS", "--max-time", "10", "-H", "Host: \(host)", "-H", "Content-Type: application/json",
                                                                  "--data-binary", authnParam, node.baseURL + "/rpc/v1"])
        #expect(answer.status == 0, "curl: \(answer.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(answer.stdoutText.utf8)) as? [String: Any]
        return try #require(json?["result"] as? [String: Any])
    }

    @Test func theSignInNamesTheListenAddressByDefaultNotTheHostHeader() async throws {
        try await LiveNode.with { node in
            let result = try await Self.authnParam(node, host: "evil.example:666")
            #expect(result["domain"] as? String == node.baseURL)
            #expect(result["uri"] as? String == node.baseURL + "/kgw/v1/authn")
        }
    }

    @Test func theSignInNamesTheConfiguredPublicURL() async throws {
        try await LiveNode.with(configure: { $0.publicURL = "https://nodes.example.org/idos/" }) { node in
            let result = try await Self.authnParam(node, host: "evil.example")
            #expect(result["domain"] as? String == "https://nodes.example.org/idos")
            #expect(result["uri"] as? String == "https://nodes.example.org/idos/kgw/v1/authn")
        }
    }

    @Test func aSessionOpenedWithOneKeyTypeDoesNotVouchForAnother() async throws {
        let bob = TestActor.ed25519("bob")
        let getUser = Base64.encode(try Hex.decode("0000040000006d61696e080000006765745f757365720000"))
        try await LiveNode.with { node in
            let cookie = try await node.signIn(bob)
            func call(_ authType: String) async throws -> LiveNode.Exchange {
                try await node.rpc("user.call", ["body": ["payload": getUser, "challenge": ""], "auth_type": authType,
                                                 "sender": Hex.encode(bob.sender), "signature": ""], cookie: cookie)
            }
            let same = try await call("ed25519")
            #expect(same.errorCode == nil, "the session's own key type was refused: \(String(decoding: same.body, as: UTF8.self))")
            let other = try await call("secp256k1_ep")
            #expect(other.status == 401 && other.errorCode == -901)
        }
    }
}
