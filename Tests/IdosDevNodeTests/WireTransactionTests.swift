import Foundation
import IdosCrypto
import KwilKit
import TestSupport
import Testing
@testable import IdosDevNode

/// Signed Kwil transactions (built and signed with KwilKit) over real HTTP: broadcast sync=1, tx_query,
/// user.call with a KGW cookie, and the transport-level refusals of §6.3.
@Suite(.requiresPostgres)
struct WireTransactionTests {
    static func signedTx(_ key: Ed25519.PrivateKey, action: String, args: [KwilValue], nonce: UInt64, chain: String = "idos-devnode") throws -> Transaction {
        let payload = try ActionExecution(action: action, rows: [args]).encoded()
        var tx = Transaction(description: "devnode test", payload: payload, nonce: nonce, chainID: chain)
        try tx.sign(with: try Ed25519Signer(secretKey: key.seed))
        return tx
    }

    static func broadcast(_ node: LiveNode, _ tx: Transaction, sync: Int = 1) async throws -> LiveNode.Exchange {
        let body = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"user.broadcast\",\"params\":{\"tx\":\(tx.json()),\"sync\":\(sync)}}"
        return try await node.post("/rpc/v1", body: Data(body.utf8))
    }

    static func txCode(_ e: LiveNode.Exchange) -> TxCode? {
        (((e.json["error"] as? [String: Any])?["data"] as? [String: Any])?["code"] as? Int).flatMap { UInt32(exactly: $0) }.map(TxCode.init(rawValue:))
    }

    @Test func broadcastCallAndRefusals() async throws {
        try await withTestSchema { _, schema in
            let issuer = Ed25519.PrivateKey.generate()
            let issuerActor = TestActor(name: "issuer", key: .ed25519(issuer))
            let user = UUID()
            try await LiveNode.with(schema: schema, configure: { $0.delegates = [(inserterName: "acme", publicKeyHex: Hex.encode(issuer.publicKey))] }) { node in
                let add = try Self.signedTx(issuer, action: "add_user_as_inserter", args: [.uuid(user), .text("key"), .text("user")], nonce: 1)
                let ok = try await Self.broadcast(node, add)
                let result = try #require(ok.result)
                #expect(result["tx_hash"] as? String == Hex.encode(add.hash))
                #expect((result["result"] as? [String: Any])?["code"] as? Int == 0)
                let query = try await node.rpc("user.tx_query", ["tx_hash": Hex.encode(add.hash)])
                #expect((query.result?["height"] as? Int ?? 0) > 0)
                let account = try await node.rpc("user.account", ["id": ["identifier": Hex.encode(issuer.publicKey), "key_type": "ed25519"], "status": 0])
                #expect(account.result?["nonce"] as? Int == 1)

                // An identified call with the KGW cookie reads the new user.
                let cookie = try await node.signIn(issuerActor)
                let payload = try ActionCall(action: "get_user_as_inserter", arguments: [.uuid(user)]).encoded()
                let call = try await node.rpc("user.call", ["body": ["payload": Base64.encode(payload), "challenge": ""], "auth_type": "ed25519",
                                                           "sender": Hex.encode(issuer.publicKey), "signature": ""], cookie: cookie)
                let values = ((call.result?["query_result"] as? [String: Any])?["values"] as? [[Any]]) ?? []
                #expect(values.first?[3] as? String == "acme", "user.call answered \(call.status): \(String(decoding: call.body, as: UTF8.self))")

                // Replay (same nonce) and gap.
                #expect(Self.txCode(try await Self.broadcast(node, add)) == TxCode.invalidNonce)
                #expect(Self.txCode(try await Self.broadcast(node, try Self.signedTx(issuer, action: "get_user", args: [], nonce: 5))) == TxCode.invalidNonce)
                // Wrong chain.
                let wrongChain = try await Self.broadcast(node, try Self.signedTx(issuer, action: "get_user", args: [], nonce: 2, chain: "kwil-testnet"))
                #expect(wrongChain.errorCode == -201 && Self.txCode(wrongChain) == TxCode.wrongChain)
                // Bad signature: change the description after signing.
                var tampered = try Self.signedTx(issuer, action: "get_user", args: [], nonce: 2)
                tampered.description = "tampered"
                let bad = try await Self.broadcast(node, tampered)
                #expect(bad.errorCode == -201 && Self.txCode(bad) == TxCode.unknown)
                // Undecodable payload.
                var garbage = Transaction(description: "x", payload: [1, 2, 3], nonce: 2, chainID: "idos-devnode")
                try garbage.sign(with: try Ed25519Signer(secretKey: issuer.seed))
                #expect(Self.txCode(try await Self.broadcast(node, garbage)) == TxCode.encoding)
                // Unknown action and wrong argument types are mined with a failure code.
                let unknown = try await Self.broadcast(node, try Self.signedTx(issuer, action: "no_such_action", args: [], nonce: 2))
                #expect(((unknown.result?["result"] as? [String: Any])?["code"] as? Int) == Int(TxOutcome.failedCode))
                let wrongType = try await Self.broadcast(node, try Self.signedTx(issuer, action: "add_user_as_inserter",
                                                                                 args: [.text("x"), .text("k"), .text("user")], nonce: 3))
                #expect(((wrongType.result?["result"] as? [String: Any])?["log"] as? String) == "expected argument 1 to be uuid, got text")
            }
            // Restart: the committed nonce (3) survives.
            try await LiveNode.with(schema: schema) { node in
                let account = try await node.rpc("user.account", ["id": ["identifier": Hex.encode(issuer.publicKey), "key_type": "ed25519"], "status": 0])
                #expect(account.result?["nonce"] as? Int == 3)
            }
        }
    }
}
