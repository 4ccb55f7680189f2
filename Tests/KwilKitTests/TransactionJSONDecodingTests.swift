import Foundation
import IdosCrypto
import KwilKit
import Testing

/// `Transaction(json:)`: a node reads the §11 B/C tx JSON back into the same tx (same hash, verifies), and
/// each malformed field is named.
@Suite struct TransactionJSONDecodingTests {
    static let secpVectorJSON = #"{"signature":{"sig":"9oOK/U4n8CkT/qDf5t9WpCRrJG51mKWGtZWcWl4sxRlJ8jDLLTdDXxA5cZJXMhxBG63f8YpJEl2jowNPoQnwXRw=","type":"secp256k1_ep"},"body":{"desc":"Revoke an Access Grant from idOS","payload":"AAAEAAAAbWFpbhMAAAByZXZva2VfYWNjZXNzX2dyYW50AQABACwAAAAAAA8AAAAAAAAAAAR1dWlkAAAAAAABABEAAAABVQ6EAOKbQdSnFkRmVUQAAQ==","type":"execute","fee":"0","nonce":1,"chain_id":"kwil-testnet"},"sender":"f39fd6e51aad88f6f4ce6ab8827279cfffb92266","serialization":"concat"}"#

    @Test func readsTheSecp256k1VectorBackToItsHash() throws {
        let tx = try Transaction(json: Data(Self.secpVectorJSON.utf8))
        #expect(Hex.encode(tx.hash) == "ce82b5fe30363c4145de6417ce7d66abb5660ddcacb243217cc5082a1d8c649a")
        #expect(tx.json() == Self.secpVectorJSON)
        try tx.verify()
    }

    /// Strings are quoted as Go's encoding/json does (HTML-safe), byte for byte.
    @Test func descriptionsAreEscapedLikeGo() throws {
        let tx = Transaction(description: "a\"b\\c\n\r\t<>&\u{2028}\u{2029}\u{01}é✓", payload: [], nonce: 1, chainID: "c")
        #expect(tx.json().contains(#""desc":"a\"b\\c\n\r\t\u003c\u003e\u0026\u2028\u2029\u0001é✓","#), "\(tx.json())")
        #expect(try Transaction(json: Data(tx.json().utf8)).description == tx.description)
    }

    @Test func randomSignedTransactionsRoundTrip() throws {
        for i in 0..<50 {
            let signer = try Ed25519Signer(secretKey: secureRandomBytes(32))
            var tx = Transaction(description: "tx \(i) ✓ \"quoted\"\n", payload: secureRandomBytes(Int.random(in: 0...300)),
                                 fee: i % 2 == 0 ? "0" : "12345", nonce: UInt64.random(in: 0...UInt64(Int64.max)), chainID: "chain-\(i)")
            try tx.sign(with: signer)
            let back = try Transaction(json: Data(tx.json().utf8))
            #expect(back == tx)
            #expect(back.hash == tx.hash)
            try back.verify()
        }
    }

    @Test(arguments: [
        ("[]", "tx must be a JSON object"),
        (#"{"signature":{}}"#, "tx needs body and signature"),
        (#"{"signature":{},"body":{"payload":"!!"}}"#, "body.payload must be base64"),
        (#"{"signature":{},"body":{"payload":"","nonce":-1}}"#, "body.nonce must be a non-negative integer"),
        (#"{"signature":{},"body":{"payload":"","nonce":1.5}}"#, "body.nonce must be a non-negative integer"),
        (#"{"signature":{},"body":{"payload":"","nonce":"1"}}"#, "body.nonce must be a non-negative integer"),
        (#"{"signature":{},"body":{"payload":"","nonce":1e30}}"#, "body.nonce must be a non-negative integer"),
        (#"{"signature":{},"body":{"payload":"","nonce":18446744073709551615}}"#, "body.nonce must be a non-negative integer"),
        (#"{"signature":{},"body":{"payload":"","nonce":true}}"#, "body.nonce must be a non-negative integer"),
        (#"{"signature":{},"body":{"payload":"","nonce":1},"sender":"0xab"}"#, "sender must be hex without 0x"),
        (#"{"signature":{"sig":"%"},"body":{"payload":"","nonce":1},"sender":"ab"}"#, "signature.sig must be base64"),
    ])
    func malformedFieldsAreNamed(json: String, reason: String) {
        #expect(throws: KwilError.malformedEncoding(context: reason)) { _ = try Transaction(json: Data(json.utf8)) }
    }
}
