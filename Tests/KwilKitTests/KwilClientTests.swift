import Foundation
import IdosCrypto
import KwilKit
import Testing

/// An in-process node: answers JSON-RPC by method, records requests, and plays the KGW 401 + cookie flow.
final class ScriptedNode: HTTPTransport {
    private let lock = NSLock()
    /// Safe: every access goes through `lock` (written from the client actor, read by the test).
    nonisolated(unsafe) private var log: [(method: String, params: [String: Any], cookie: String?)] = []
    let answers: @Sendable (String, [String: Any], String?) -> (Int, [HTTPHeader], String)

    init(_ answers: @escaping @Sendable (String, [String: Any], String?) -> (Int, [HTTPHeader], String)) { self.answers = answers }

    var methods: [String] { lock.withLock { log.map(\.method) } }
    func params(of method: String) -> [String: Any]? { lock.withLock { log.last { $0.method == method }?.params } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let env = try JSONSerialization.jsonObject(with: Data(request.body)) as! [String: Any]
        let method = env["method"] as! String
        let params = env["params"] as! [String: Any]
        let cookie = request.headerPairs.first { $0.name == "Cookie" }?.value
        lock.withLock { log.append((method, params, cookie)) }
        let (status, headers, result) = answers(method, params, cookie)
        return HTTPResponse(status: status, headers: headers, body: Array("{\"jsonrpc\":\"2.0\",\"id\":\(env["id"]!),\(result)}".utf8))
    }
}

@Suite struct KwilClientTests {
    let ed = try! Ed25519Signer(secretKey: Hex.decode(TransactionTests.edSeed))

    @Test func executeFetchesNonceSignsAndBroadcasts() async throws {
        let node = ScriptedNode { method, params, _ in
            switch method {
            case "user.account": return (200, [], #""result":{"balance":"0","nonce":41}"#)
            case "user.broadcast":
                // The node side: decode the tx JSON and verify it as the node would.
                let tx = params["tx"] as! [String: Any], body = tx["body"] as! [String: Any], sig = tx["signature"] as! [String: Any]
                var t = Transaction(description: body["desc"] as! String, payload: try! Base64.decode(body["payload"] as! String),
                                    nonce: (body["nonce"] as! NSNumber).uint64Value, chainID: body["chain_id"] as! String)
                t.signature = try! Base64.decode(sig["sig"] as! String); t.signatureType = sig["type"] as! String
                t.sender = try! Hex.decode(tx["sender"] as! String)
                guard (try? t.verify()) != nil, t.nonce == 42, (params["sync"] as? NSNumber) == 1 else {
                    return (200, [], #""error":{"code":-201,"message":"rejected","data":{"code":3,"hash":"","message":"failed to verify"}}"#)
                }
                return (200, [], "\"result\":{\"tx_hash\":\"\(Hex.encode(t.hash))\",\"result\":{\"code\":0,\"gas\":0,\"log\":\"\"}}")
            default: return (200, [], #""error":{"code":-32601,"message":"unknown"}"#)
            }
        }
        let client = KwilClient(baseURL: "http://node.test/", transport: node)
        let exec = ActionExecution(action: "revoke_access_grant", rows: [[.uuid(UUID())]])
        let r = try await client.execute(exec, description: "d", chainID: "idos-testnet", signer: ed)
        #expect(r.code == 0 && r.txHash.count == 64)
        #expect(node.methods == ["user.account", "user.broadcast"])
        let id = node.params(of: "user.account")?["id"] as? [String: Any]
        #expect(id?["key_type"] as? String == "ed25519")
        #expect(id?["identifier"] as? String == ed.identifierHex)
    }

    @Test func rpcErrorsMapToActionableCases() async throws {
        let node = ScriptedNode { method, _, _ in
            switch method {
            case "user.broadcast": (200, [], #""error":{"code":-201,"message":"x","data":{"code":4,"hash":"","message":"invalid nonce"}}"#)
            case "user.tx_query": (200, [], #""error":{"code":-202,"message":"tx not found"}"#)
            case "user.estimate_price": (500, [], #""error":{"code":-32603,"message":"internal"}"#)
            default: (200, [], #""error":{"code":-300,"message":"ERROR: not allowed"}"#)
            }
        }
        let client = KwilClient(baseURL: "http://node.test", transport: node)
        var tx = Transaction(description: "d", payload: [0], nonce: 1, chainID: "c")
        try tx.sign(with: ed)
        await #expect(throws: KwilError.invalidNonce(message: "invalid nonce")) { try await client.broadcast(tx) }
        await #expect(throws: KwilError.rpc(code: -202, message: "tx not found")) { try await client.txQuery(hash: String(repeating: "0", count: 64)) }
        do { _ = try await client.estimatePrice(tx); Issue.record("expected an error") } catch { #expect(error.isRetryable) }
        await #expect(throws: KwilError.actionFailed(message: "ERROR: not allowed")) { try await client.call(ActionCall(action: "a", arguments: [])) }
    }

    @Test func kgwCookieFlowRetriesOnceAndDecodesRows() async throws {
        let node = ScriptedNode { method, params, cookie in
            switch method {
            case "user.health": return (200, [], #""result":{"chain_id":"c","block_height":5,"healthy":true,"mode":"open","gas":false}"#)
            case "kgw.authn_param": return (200, [], #""result":{"nonce":"n1","statement":"s","issue_at":"a","expiration_time":"b","chain_id":"c","domain":"http://node.test","version":"1","uri":"http://node.test/auth"}"#)
            case "kgw.authn":
                let sig = params["signature"] as! [String: Any]
                let text = KGWAuthParameters(nonce: "n1", statement: "s", issueAt: "a", expirationTime: "b", chainID: "c",
                                             domain: "http://node.test", uri: "http://node.test/auth").message
                let ok = Ed25519Signer.verify(identifier: try! Hex.decode(params["sender"] as! String), message: Array(text.utf8),
                                              signature: try! Base64.decode(sig["sig"] as! String))
                return ok ? (200, [HTTPHeader("Set-Cookie", "kgw_session=abc; Path=/; HttpOnly")], #""result":{}"#)
                          : (401, [], #""error":{"code":-901,"message":"bad sig"}"#)
            case "user.call":
                guard cookie == "kgw_session=abc" else { return (401, [], #""error":{"code":-901,"message":"not authorized"}"#) }
                return (200, [], #""result":{"query_result":{"column_names":["id","n","ok","blob","tags","amount"],"column_types":[{"name":"uuid","is_array":false,"metadata":[0,0]},{"name":"int8","is_array":false,"metadata":[0,0]},{"name":"bool","is_array":false,"metadata":[0,0]},{"name":"bytea","is_array":false,"metadata":[0,0]},{"name":"text","is_array":true,"metadata":[0,0]},{"name":"numeric","is_array":false,"metadata":[10,2]}],"values":[["550e8400-e29b-41d4-a716-446655440000","-7",true,"3q0=",["a",null],"1.50"],[null,null,null,null,null,null]]},"logs":"","error":null}"#)
            default: return (200, [], #""error":{"code":-32601,"message":"unknown"}"#)
            }
        }
        let client = KwilClient(baseURL: "http://node.test", transport: node)
        let result = try await client.call(ActionCall(action: "get_user", arguments: []), signer: ed)
        #expect(node.methods == ["user.health", "user.call", "kgw.authn_param", "kgw.authn", "user.call"])
        #expect(await client.hasSession(for: ed))
        #expect(result.rows[0] == [.uuid(UUID(uuidString: "550e8400-e29b-41d4-a716-446655440000")!), .int8(-7), .bool(true),
                                   .bytea([0xde, 0xad]), .array(.text, [.text("a"), .null(.text)]), .numeric("1.50", precision: 10, scale: 2)])
        #expect(result.rows[1][4] == .null(DataType.text.array))
        #expect(result.records[0]["n"] == .int8(-7))
        // Second call reuses the cookie: no new authentication.
        _ = try await client.call(ActionCall(action: "get_user", arguments: []), signer: ed)
        #expect(node.methods.filter { $0 == "kgw.authn" }.count == 1)
    }

    @Test func privateModeSignsChallenge() async throws {
        let node = ScriptedNode { method, params, _ in
            switch method {
            case "user.health": return (200, [], #""result":{"chain_id":"c","mode":"private","healthy":true}"#)
            case "user.challenge": return (200, [], #""result":{"challenge":"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"}"#)
            case "user.call":
                let body = params["body"] as! [String: Any]
                var m = try! CallMessage(call: ActionCall.decode(Base64.decode(body["payload"] as! String)))
                let text = m.signatureText(challenge: try! Base64.decode(body["challenge"] as! String))
                m.sender = try! Hex.decode(params["sender"] as! String)
                let ok = Ed25519Signer.verify(identifier: m.sender, message: Array(text.utf8), signature: try! Base64.decode(params["signature"] as! String))
                return ok ? (200, [], #""result":{"query_result":{"column_names":[],"column_types":[],"values":[]},"error":null}"#)
                          : (200, [], #""error":{"code":-1004,"message":"invalid signature"}"#)
            default: return (200, [], #""error":{"code":-32601,"message":"unknown"}"#)
            }
        }
        let client = KwilClient(baseURL: "http://node.test", transport: node)
        let r = try await client.call(ActionCall(action: "get_user", arguments: []), signer: ed)
        #expect(r.rows.isEmpty)
        #expect(node.methods == ["user.health", "user.challenge", "user.call"])
    }

    @Test func nonJSONBodyIsMalformedResponse() async {
        struct HTMLTransport: HTTPTransport {
            func send(_ request: HTTPRequest) async throws -> HTTPResponse { HTTPResponse(status: 502, headers: [], body: Array("<html>".utf8)) }
        }
        let client = KwilClient(baseURL: "http://node.test", transport: HTMLTransport())
        await #expect(throws: KwilError.malformedResponse(status: 502, reason: "body is not JSON")) { try await client.chainInfo() }
    }
}
