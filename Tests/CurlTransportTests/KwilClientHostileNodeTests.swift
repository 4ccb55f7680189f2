import CurlTransport
import Foundation
import IdosCrypto
import KwilKit
import TestSupport
import Testing

/// `KwilClient` over `CurlTransport` against a node that lies: out-of-range nonces and heights, wrong JSON
/// types, absurd codes. Every answer becomes `KwilError.malformedResponse` (never a trap, never a silently
/// wrapped number).
@Suite struct KwilClientHostileNodeTests {
    static let signer = try! Ed25519Signer(secretKey: Array(repeating: 7, count: 32))

    static func expectMalformed(_ answers: [String: String], sourceLocation: SourceLocation = #_sourceLocation,
                                _ call: @escaping @Sendable (KwilClient) async throws(KwilError) -> Void) async throws {
        try await HostileNode.with(answers) { url in
            let client = KwilClient(baseURL: url, transport: CurlTransport())
            do {
                try await call(client)
                Issue.record("expected malformedResponse", sourceLocation: sourceLocation)
            } catch let error as KwilError {
                guard case .malformedResponse = error else {
                    Issue.record("expected malformedResponse, got \(error)", sourceLocation: sourceLocation)
                    return
                }
            }
        }
    }

    @Test(arguments: ["-1", "9223372036854775807", "18446744073709551615", "1e30", "4.5", #""41""#, "true", "[]"])
    func accountNoncesOutOfRangeOrOfTheWrongTypeAreMalformed(nonce: String) async throws {
        try await Self.expectMalformed(["user.account": HostileNode.result(#"{"balance":"0","nonce":\#(nonce)}"#)]) { client throws(KwilError) in
            _ = try await client.accountNonce(identifier: Self.signer.identifier, keyType: "ed25519")
        }
    }

    @Test func executeNeverSignsANonceThatWouldOverflow() async throws {
        try await Self.expectMalformed(["user.account": HostileNode.result(#"{"nonce":9223372036854775807}"#)]) { client throws(KwilError) in
            _ = try await client.execute(ActionExecution(action: "get_user", rows: [[]]), description: "d", chainID: "c", signer: Self.signer)
        }
    }

    @Test(arguments: ["18446744073709551615", "-5", "1e300", #""7""#, "null"])
    func heightsOutOfRangeOrOfTheWrongTypeAreMalformed(height: String) async throws {
        if height == "null" {
            // A missing or null height reads as 0: a node may leave it out.
            try await HostileNode.with(["user.chain_info": HostileNode.result(#"{"chain_id":"c","block_height":null}"#)]) { (url: String) async throws in
                let info = try await KwilClient(baseURL: url, transport: CurlTransport()).chainInfo()
                #expect(info.blockHeight == 0)
            }
            return
        }
        try await Self.expectMalformed(["user.chain_info": HostileNode.result(#"{"chain_id":"c","block_height":\#(height)}"#)]) { client throws(KwilError) in
            _ = try await client.chainInfo()
        }
        try await Self.expectMalformed(["user.tx_query": HostileNode.result(#"{"tx_hash":"00","height":\#(height)}"#)]) { client throws(KwilError) in
            _ = try await client.txQuery(hash: String(repeating: "0", count: 64))
        }
    }

    @Test func wrongJSONTypesAreMalformed() async throws {
        try await Self.expectMalformed(["user.chain_info": HostileNode.result(#"{"chain_id":42}"#)]) { client throws(KwilError) in
            _ = try await client.chainInfo()
        }
        try await Self.expectMalformed(["user.health": HostileNode.result(#"{"chain_id":"c","healthy":"yes"}"#)]) { client throws(KwilError) in
            _ = try await client.health()
        }
        try await Self.expectMalformed(["user.chain_info": HostileNode.result(#"["not","an","object"]"#)]) { client throws(KwilError) in
            _ = try await client.chainInfo()
        }
        try await Self.expectMalformed(["user.tx_query": HostileNode.result(#"{"tx_hash":"00","height":3,"tx_result":{"code":-1,"log":""}}"#)]) {
            client throws(KwilError) in _ = try await client.txQuery(hash: String(repeating: "0", count: 64))
        }
        try await Self.expectMalformed(["user.tx_query": HostileNode.result(#"{"tx_hash":"00","height":3,"tx_result":{"code":4294967296}}"#)]) {
            client throws(KwilError) in _ = try await client.txQuery(hash: String(repeating: "0", count: 64))
        }
        try await Self.expectMalformed(["user.chain_info": #"{"jsonrpc":"2.0","id":1,"error":{"code":1e40,"message":"x"}}"#]) { client throws(KwilError) in
            _ = try await client.chainInfo()
        }
    }

    @Test func hostileQueryResultsAreMalformed() async throws {
        let cases = [
            #"{"query_result":{"column_names":["n"],"column_types":[{"name":"int8","is_array":false,"metadata":[70000,0]}],"values":[]},"error":null}"#,
            #"{"query_result":{"column_names":["n"],"column_types":[{"name":"int8","is_array":false,"metadata":[0,0]}],"values":[["1e30"]]},"error":null}"#,
            #"{"query_result":{"column_names":["n"],"column_types":[{"name":"int8","is_array":false,"metadata":[0,0]}],"values":[[1.5]]},"error":null}"#,
            #"{"query_result":{"column_names":["b"],"column_types":[{"name":"bool","is_array":false,"metadata":[0,0]}],"values":[["true"]]},"error":null}"#,
            #"{"query_result":{"column_names":["u"],"column_types":[{"name":"uuid","is_array":false,"metadata":[0,0]}],"values":[["nope"]]},"error":null}"#,
            #"{"query_result":{"column_names":["t"],"column_types":[{"name":"text","is_array":true,"metadata":[0,0]}],"values":[["a"]]},"error":null}"#,
            #"{"query_result":{"column_names":["n","m"],"column_types":[{"name":"int8","is_array":false,"metadata":[0,0]}],"values":[]},"error":null}"#,
            #"{"query_result":{"column_names":"n","column_types":[],"values":[]},"error":null}"#,
            #"{"query_result":{"column_names":[],"column_types":[],"values":[]},"error":7}"#,
        ]
        for body in cases {
            try await Self.expectMalformed(["user.call": HostileNode.result(body)]) { client throws(KwilError) in
                _ = try await client.call(ActionCall(action: "get_user", arguments: []))
            }
        }
    }
}
