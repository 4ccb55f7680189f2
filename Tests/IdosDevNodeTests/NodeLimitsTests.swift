import Foundation
import IdosCrypto
import KwilKit
import TestSupport
import Testing
@testable import IdosDevNode

/// The devnode's bounds, each asserted by the specific answer it gives: a full mempool, a sync broadcast
/// whose block does not come, an idle connection, a fault setting that would overflow a clock.
@Suite(.requiresPostgres)
struct NodeLimitsTests {
    static func addUser(_ key: Ed25519.PrivateKey, nonce: UInt64) throws -> Transaction {
        try WireTransactionTests.signedTx(key, action: "add_user_as_inserter", args: [.uuid(UUID()), .text("k"), .text("user")], nonce: nonce)
    }

    @Test func aFullMempoolRefusesWithTheRetryableMempoolFullCode() async throws {
        let issuer = Ed25519.PrivateKey.generate()
        try await LiveNode.with(configure: {
            $0.delegates = [(inserterName: "acme", publicKeyHex: Hex.encode(issuer.publicKey))]
            $0.limits.mempoolMaxTxs = 2
            $0.faults.pause = true
        }) { node in
            for nonce in 1...2 { #expect(try await WireTransactionTests.broadcast(node, try Self.addUser(issuer, nonce: UInt64(nonce)), sync: 0).errorCode == nil) }
            let third = try await WireTransactionTests.broadcast(node, try Self.addUser(issuer, nonce: 3), sync: 0)
            #expect(third.errorCode == -201 && WireTransactionTests.txCode(third) == TxCode.mempoolFull)
            // KwilKit reads it as a rejection worth retrying.
            let client = KwilClient(baseURL: node.baseURL, transport: LiveNode.transport())
            let error = await #expect(throws: KwilError.self) { _ = try await client.broadcast(try Self.addUser(issuer, nonce: 3), sync: false) }
            #expect(error == .broadcastRejected(txCode: TxCode.mempoolFull.rawValue, message: "mempool is full"))
            #expect(error?.isRetryable == true)
            // Once blocks flow again the mempool drains and takes txs.
            _ = try await node.post("/devnode/faults", body: Data("{}".utf8))
            // The first block after the pause may not have come yet: "mempool full" is retryable, so retry as a client would.
            var resumed = try await WireTransactionTests.broadcast(node, try Self.addUser(issuer, nonce: 3), sync: 1)
            for _ in 0..<50 where WireTransactionTests.txCode(resumed) == TxCode.mempoolFull {
                try await Task.sleep(for: .milliseconds(200))
                resumed = try await WireTransactionTests.broadcast(node, try Self.addUser(issuer, nonce: 3), sync: 1)
            }
            #expect((resumed.result?["result"] as? [String: Any])?["code"] as? Int == 0, "\(String(decoding: resumed.body, as: UTF8.self))")
        }
    }

    @Test func aSyncBroadcastGivesUpWithCommitTimeoutAndTheTxIsMinedLater() async throws {
        let issuer = Ed25519.PrivateKey.generate()
        try await LiveNode.with(configure: {
            $0.delegates = [(inserterName: "acme", publicKeyHex: Hex.encode(issuer.publicKey))]
            $0.limits.syncBroadcastTimeout = .milliseconds(100)
            $0.faults.pause = true
        }) { node in
            let tx = try Self.addUser(issuer, nonce: 1)
            let waited = try await WireTransactionTests.broadcast(node, tx, sync: 1)
            #expect(waited.errorCode == -201 && WireTransactionTests.txCode(waited) == TxCode.commitTimeout)
            let pending = try await node.rpc("user.tx_query", ["tx_hash": Hex.encode(tx.hash)])
            #expect(pending.result?["height"] as? Int == -1, "still in the mempool")
            _ = try await node.post("/devnode/faults", body: Data("{}".utf8))
            let client = KwilClient(baseURL: node.baseURL, transport: LiveNode.transport())
            var mined = try await client.txQuery(hash: Hex.encode(tx.hash))
            while mined.height < 0 {
                try await Task.sleep(for: .milliseconds(20))
                mined = try await client.txQuery(hash: Hex.encode(tx.hash))
            }
            #expect(mined.code == 0)
        }
    }

    @Test func anIdleConnectionIsClosedByTheNode() async throws {
        try await LiveNode.with(configure: { $0.limits.httpIdleTimeout = .milliseconds(200) }) { node in
            let port = try #require(Int(node.baseURL.split(separator: ":").last ?? ""))
            // A connection that never sends a byte.
            let silent = try RawSocket(port: port)
            #expect(await silent.readUntilClosed() == .closed)
            // A keep-alive connection is served, then closed once it idles.
            let used = try RawSocket(port: port)
            let body = #"{"jsonrpc":"2.0","id":1,"method":"user.ping","params":{}}"#
            used.send(Array("POST /rpc/v1 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8))
            guard case let .bytes(answer) = await used.read() else { Issue.record("no answer on a fresh connection"); return }
            #expect(String(decoding: answer, as: UTF8.self).contains("pong"))
            #expect(await used.readUntilClosed() == .closed)
        }
    }

    @Test(arguments: [
        #"{"latency_ms":9223372036854775807}"#,
        #"{"latency_ms":{"fixed":1,"jitter":9223372036854775807}}"#,
        #"{"latency_ms":9223372036854775000,"latency_jitter_ms":9223372036854775000}"#,
        #"{"timeout_rate":1,"timeout_ms":9223372036854775807}"#,
        #"{"latency_ms":3600001}"#,
        #"{"latency_ms":1e300}"#,
    ])
    func aFaultSettingThatWouldOverflowIsABadRequest(json: String) async throws {
        try await LiveNode.with { node in
            let answer = try await node.post("/devnode/faults", body: Data(json.utf8))
            #expect(answer.status == 400, "\(String(decoding: answer.body, as: UTF8.self))")
            #expect(try await node.get("/devnode/faults").json["latency_ms"] as? Int == 0, "the setting is unchanged")
            #expect(try await node.rpc("user.ping").status == 200, "the node still answers")
        }
    }

    @Test func configurationRefusesAnEmptyChainIdAndABadPublicURL() {
        for chain in ["", "  "] {
            var configuration = DevNodeConfiguration(databaseURL: "postgres://u@127.0.0.1:5432/db")
            configuration.chainId = chain
            #expect(throws: DevNodeError.invalidConfiguration("chain id must not be empty")) { try configuration.validate() }
        }
        for url in ["ftp://node.example", "node.example", "http://node.example/?a=1", "http://user:pw@node.example"] {
            var configuration = DevNodeConfiguration(databaseURL: "postgres://u@127.0.0.1:5432/db")
            configuration.publicURL = url
            #expect(throws: DevNodeError.invalidConfiguration(
                "--public-url must be http(s)://host[:port][/path] without query or fragment, got '\(url)'")) { try configuration.validate() }
        }
        var limits = DevNodeConfiguration(databaseURL: "postgres://u@127.0.0.1:5432/db")
        limits.limits.mempoolMaxTxs = 0
        #expect(throws: DevNodeError.invalidConfiguration("mempool max txs must be positive, got 0")) { try limits.validate() }
    }

    @Test func theDefaultListenAddressIsLoopback() {
        let configuration = DevNodeConfiguration(databaseURL: "postgres://u@127.0.0.1:5432/db")
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.resolvedPublicURL(boundPort: 8484) == "http://127.0.0.1:8484")
    }
}
