import Foundation
import IdosCrypto
import KwilKit
import Testing

/// idos-issuer.md §13.4: add_user_as_inserter signed with the issuer ed25519 key, and its call payload.
@Suite struct IssuerTransactionTests {
    let uid = UUID(uuidString: "9f51b3b2-4cbe-4c2b-8ea3-0b0c1b2f1a11")!
    let payloadB64 = "AAAEAAAAbWFpbhQAAABhZGRfdXNlcl9hc19pbnNlcnRlcgEAAwAsAAAAAAAPAAAAAAAAAAAEdXVpZAAAAAAAAQARAAAAAZ9Rs7JMvkwrjqMLDBsvGhFIAAAAAAAPAAAAAAAAAAAEdGV4dAAAAAAAAQAtAAAAAVkra05XU25vWWhsQnJzRFEvMDFGVGZvSFE1Q2VYeWpERUhiUW1OREdPanc9IAAAAAAADwAAAAAAAAAABHRleHQAAAAAAAEABQAAAAF1c2Vy"

    @Test func addUserAsInserterTx() throws {
        let exec = ActionExecution(action: "add_user_as_inserter", rows: [[.uuid(uid), .text("Y+kNWSnoYhlBrsDQ/01FTfoHQ5CeXyjDEHbQmNDGOjw="), .text("user")]])
        #expect(Base64.encode(try exec.encoded()) == payloadB64)
        var tx = Transaction(description: "Add a user to idOS", payload: try exec.encoded(), nonce: 1, chainID: "idos-testnet")
        #expect(tx.signedMessage == "Add a user to idOS\n\nPayloadType: execute\nPayloadDigest: 58b4b0f91e886ceafc14abad8f43140e2ee4e814\nFee: 0\nNonce: 1\n\nKwil Chain ID: idos-testnet\n")
        // The 64-byte tweetnacl form of the same key signs identically.
        let seed = try Hex.decode(TransactionTests.edSeed)
        let tweet = seed + (try Hex.decode("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"))
        try tx.sign(with: Ed25519Signer(secretKey: tweet))
        let sig = "oyjwdgywYz3Ci3mC3cA1abo5DRzT/BTVRASdxpwgud8unpX8WTxPTsQP/v7O9PB54vyhRWfu9vJszErJZQ64CQ=="
        #expect(Base64.encode(tx.signature) == sig)
        #expect(tx.json() == "{\"signature\":{\"sig\":\"\(sig)\",\"type\":\"ed25519\"},\"body\":{\"desc\":\"Add a user to idOS\",\"payload\":\"\(payloadB64)\",\"type\":\"execute\",\"fee\":\"0\",\"nonce\":1,\"chain_id\":\"idos-testnet\"},\"sender\":\"d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a\",\"serialization\":\"concat\"}")
        try tx.verify()
    }

    @Test func getUserAsInserterCall() throws {
        let call = ActionCall(action: "get_user_as_inserter", arguments: [.uuid(uid)])
        #expect(Base64.encode(try call.encoded()) == "AAAEAAAAbWFpbhQAAABnZXRfdXNlcl9hc19pbnNlcnRlcgEALAAAAAAADwAAAAAAAAAABHV1aWQAAAAAAAEAEQAAAAGfUbOyTL5MK46jCwwbLxoR")
    }
}
