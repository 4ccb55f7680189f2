import Foundation
import IdosCrypto
import KwilKit
import TestSupport
import Testing
@testable import IdosDevNode

/// The JSON-RPC envelope, the KGW sign-in, the fault endpoints and stats, over real HTTP on loopback.
@Suite(.requiresPostgres)
struct HTTPEnvelopeTests {
    @Test func envelopeRulesAndStatuses() async throws {
        try await LiveNode.with { node in
            let notJSON = try await node.post("/rpc/v1", body: Data("{".utf8))
            #expect(notJSON.status == 400 && notJSON.errorCode == -32700)
            for id in ["0", "null", "\"\""] {
                let bad = try await node.post("/rpc/v1", body: Data(#"{"jsonrpc":"2.0","id":\#(id),"method":"user.ping","params":{}}"#.utf8))
                #expect(bad.status == 400 && bad.errorCode == -32600, "id \(id)")
            }
            let version = try await node.post("/rpc/v1", body: Data(#"{"jsonrpc":"1.0","id":1,"method":"user.ping","params":{}}"#.utf8))
            #expect(version.errorCode == -32600)
            let unknown = try await node.rpc("user.schema")
            #expect(unknown.status == 404 && unknown.errorCode == -32601)
            let arrayParams = try await node.post("/rpc/v1", body: Data(#"{"jsonrpc":"2.0","id":"x","method":"user.ping","params":[]}"#.utf8))
            #expect(arrayParams.status == 400 && arrayParams.errorCode == -32602)
            let ping = try await node.post("/rpc/v1", body: Data(#"{"jsonrpc":"2.0","id":"abc","method":"user.ping","params":{"message":"hi"}}"#.utf8))
            #expect(ping.status == 200 && ping.json["id"] as? String == "abc" && ping.result?["message"] as? String == "pong")
            let info = try await node.rpc("user.chain_info")
            #expect(info.result?["chain_id"] as? String == "idos-devnode" && info.result?["gas"] as? Bool == false)
            let version2 = try await node.rpc("user.version")
            #expect(version2.result?["api_ver"] as? String == "0.3.0")
            let health = try await node.rpc("user.health")
            #expect(health.result?["mode"] as? String == "open" && health.result?["healthy"] as? Bool == true)
            let challenge = try await node.rpc("user.challenge")
            #expect((challenge.result?["challenge"] as? String)?.count == 64)
            let account = try await node.rpc("user.account", ["id": ["identifier": "f39fd6e51aad88f6f4ce6ab8827279cfffb92266", "key_type": "secp256k1"], "status": 0])
            #expect(account.result?["nonce"] as? Int == 0 && account.result?["id"] == nil)
            let missing = try await node.rpc("user.tx_query", ["tx_hash": String(repeating: "ab", count: 32)])
            #expect(missing.errorCode == -202)
        }
    }

    @Test func identifiedCallsNeedAKGWCookieForThatIdentity() async throws {
        try await withTestSchema { _, schema in
            let alice = TestActor.evm("alice"), bob = TestActor.ed25519("bob")
            let getUser = Base64.encode(try Hex.decode("0000040000006d61696e080000006765745f757365720000"))
            try await LiveNode.with(schema: schema) { node in
                let params: [String: Any] = ["body": ["payload": getUser, "challenge": ""], "auth_type": "secp256k1_ep",
                                             "sender": Hex.encode(alice.sender), "signature": ""]
                let noCookie = try await node.rpc("user.call", params)
                #expect(noCookie.status == 401 && noCookie.errorCode == -901)
                let bobCookie = try await node.signIn(bob)
                let wrongIdentity = try await node.rpc("user.call", params, cookie: bobCookie)
                #expect(wrongIdentity.errorCode == -901)
                let aliceCookie = try await node.signIn(alice)
                let allowed = try await node.rpc("user.call", params, cookie: aliceCookie)
                #expect(allowed.errorCode != -901)
                _ = try await node.rpc("kgw.logout", ["account": Hex.encode(alice.sender)], cookie: aliceCookie)
                #expect(try await node.rpc("user.call", params, cookie: aliceCookie).errorCode == -901)
            }
            try await LiveNode.with(schema: schema, configure: { $0.open = true }) { (node: LiveNode) async throws in
                let params: [String: Any] = ["body": ["payload": getUser, "challenge": ""], "auth_type": "secp256k1_ep",
                                             "sender": Hex.encode(alice.sender), "signature": ""]
                #expect(try await node.rpc("user.call", params).errorCode != -901, "--open serves identified calls without a cookie")
            }
        }
    }

    @Test func faultEndpointsAndStats() async throws {
        var start = FaultSettings()
        start.latencyMs = 1
        try await LiveNode.with(configure: { $0.faults = start }) { (node: LiveNode) async throws in
            let initial = try await node.get("/devnode/faults")
            #expect((initial.json["latency_ms"] as? Int) == 1)
            let set = try await node.post("/devnode/faults", body: Data(#"{"error_rate":1,"latency_ms":{"fixed":2,"jitter":1}}"#.utf8))
            #expect(set.status == 200 && (set.json["latency_jitter_ms"] as? Int) == 1)
            let failing = try await node.rpc("user.ping")
            #expect(failing.status == 503)
            let bad = try await node.post("/devnode/faults", body: Data(#"{"error_rate":2}"#.utf8))
            #expect(bad.status == 400)
            _ = try await node.post("/devnode/faults", body: Data(#"{"timeout_rate":1,"timeout_ms":300}"#.utf8))
            let hung = try await node.rpc("user.ping")
            #expect(hung.status == 504 && hung.errorCode == -32001, "the timeout fault answers 504 with the JSON-RPC timeout code")
            let latency = try await node.post("/devnode/faults", body: Data(#"{"latency_ms":200}"#.utf8))
            #expect(latency.status == 200 && (latency.json["latency_ms"] as? Int) == 200 && (latency.json["timeout_rate"] as? Double) == 0)
            #expect(try await node.rpc("user.ping").status == 200, "latency delays the answer but does not fail it")
            _ = try await node.post("/devnode/faults", body: Data(#"{"pause":true}"#.utf8))
            #expect(try await node.rpc("user.ping").status == 200)
            let stats = try await node.get("/devnode/stats")
            #expect(stats.json["height"] as? Int == 0 && stats.json["mempool_size"] as? Int == 0)
        }
    }
}
