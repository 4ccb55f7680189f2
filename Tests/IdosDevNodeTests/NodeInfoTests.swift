import Foundation
import IdosCrypto
import KwilKit
import TestSupport
import Testing
@testable import IdosDevNode

/// `user.estimate_price`, `user.challenge` and `user.health`'s `mode` behave as a Kwil node's do, and the
/// private RPC mode authenticates calls with challenges (kwil-transport.md §7.3).
@Suite(.requiresPostgres)
struct NodeInfoTests {
    @Test func estimatePriceReadsTheTxAndPricesItAtZeroWithGasDisabled() async throws {
        let key = Ed25519.PrivateKey.generate()
        let tx = try WireTransactionTests.signedTx(key, action: "get_user", args: [], nonce: 1)
        let signed = try JSONSerialization.jsonObject(with: Data(tx.json().utf8))
        // kwil-js asks with an unsigned tx: fee, nonce and signature.sig null.
        let unsigned: [String: Any] = ["signature": ["sig": NSNull(), "type": "ed25519"], "sender": Hex.encode(key.publicKey), "serialization": "concat",
                                       "body": ["desc": "", "payload": Base64.encode(tx.payload), "type": "execute", "fee": NSNull(), "nonce": NSNull(),
                                                "chain_id": "idos-devnode"]]
        try await LiveNode.with { node in
            #expect(try await node.rpc("user.chain_info").result?["gas"] as? Bool == false)
            for request in [signed, unsigned] {
                let answer = try await node.rpc("user.estimate_price", ["tx": request])
                #expect(answer.result?["price"] as? String == "0", "\(String(decoding: answer.body, as: UTF8.self))")
            }
            var badPayload = unsigned
            badPayload["body"] = ["payload": "not base64!", "type": "execute"]
            let refused = try await node.rpc("user.estimate_price", ["tx": badPayload])
            #expect(refused.status == 400 && refused.errorCode == -32602)
            #expect(try await node.rpc("user.estimate_price").errorCode == -32602, "no tx at all")
            let client = KwilClient(baseURL: node.baseURL, transport: LiveNode.transport())
            #expect(try await client.estimatePrice(tx) == "0")
        }
    }

    @Test func challengesAreFreshAndRateLimitedPerClient() async throws {
        try await LiveNode.with(configure: { $0.limits.challengesPerSecond = 0.001 }) { node in
            var seen = Set<String>()
            for _ in 0..<60 {
                let challenge = try #require(try await node.rpc("user.challenge").result?["challenge"] as? String)
                #expect(challenge.utf8.count == 64 && Hex.isHex(challenge))
                seen.insert(challenge)
            }
            #expect(seen.count == 60)
            let refused = try await node.rpc("user.challenge")
            #expect(refused.errorCode == -1006, "a burst of 60, then −1006 (the sustained rate here is one per 1000 s)")
            #expect((refused.json["error"] as? [String: Any])?["message"] as? String == "too many challenge requests")
        }
    }

    @Test func healthReportsTheConfiguredMode() async throws {
        try await withTestSchema { _, schema in
            try await LiveNode.with(schema: schema) { (node: LiveNode) async throws in
                #expect(try await node.rpc("user.health").result?["mode"] as? String == "open")
            }
            try await LiveNode.with(schema: schema, configure: { $0.privateMode = true }) { (node: LiveNode) async throws in
                #expect(try await node.rpc("user.health").result?["mode"] as? String == "private")
            }
        }
    }

    @Test func privateModeCallsAreSignedOverASingleUseChallenge() async throws {
        let issuer = Ed25519.PrivateKey.generate(), user = UUID()
        try await LiveNode.with(configure: {
            $0.privateMode = true
            $0.delegates = [(inserterName: "acme", publicKeyHex: Hex.encode(issuer.publicKey))]
        }) { node in
            #expect(try await WireTransactionTests.broadcast(node, try WireTransactionTests.signedTx(
                issuer, action: "add_user_as_inserter", args: [.uuid(user), .text("k"), .text("user")], nonce: 1)).errorCode == nil)
            let signer = try Ed25519Signer(secretKey: issuer.seed)
            // KwilClient reads the mode from user.health and signs over a challenge; no KGW cookie is involved.
            let client = KwilClient(baseURL: node.baseURL, transport: LiveNode.transport())
            let read = try await client.call(ActionCall(action: "get_user_as_inserter", arguments: [.uuid(user)]), signer: signer)
            #expect(read.first("inserter") == .text("acme"))

            // The refusals, with a real node's codes and messages.
            func challenge() async throws -> [UInt8] { try Hex.decode(try #require(try await node.rpc("user.challenge").result?["challenge"] as? String)) }
            func send(_ message: CallMessage) async throws -> (Int?, String?) {
                let params = try #require(try JSONSerialization.jsonObject(with: Data(message.json().utf8)) as? [String: Any])
                let answer = try await node.rpc("user.call", params)
                return (answer.errorCode, (answer.json["error"] as? [String: Any])?["message"] as? String)
            }
            var unsigned = try CallMessage(call: ActionCall(action: "get_user_as_inserter", arguments: [.uuid(user)]))
            unsigned.identify(as: signer)
            #expect(try await send(unsigned) == (-1001, "signed call message with challenge required"))
            var shortChallenge = unsigned
            shortChallenge.signature = [1, 2, 3]
            shortChallenge.challenge = [0, 1]
            #expect(try await send(shortChallenge) == (-1002, "incorrect challenge data length"))
            var signed = unsigned
            try signed.sign(challenge: try await challenge(), with: signer)
            #expect(try await send(signed).0 == nil)
            #expect(try await send(signed) == (-1001, "invalid challenge"), "a challenge is single use")
            var forged = unsigned
            try forged.sign(challenge: try await challenge(), with: try Ed25519Signer(secretKey: Ed25519.PrivateKey.generate().seed))
            forged.sender = signer.identifier
            #expect(try await send(forged) == (-1004, "invalid signature on call message"))
        }
    }
}
