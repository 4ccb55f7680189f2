import IdosCrypto
import KwilKit
import Testing

/// kwil-transport.md §11 B and C: the revoke_access_grant tx signed with secp256k1_ep and ed25519.
@Suite struct TransactionTests {
    static let payloadHex = "0000040000006d61696e130000007265766f6b655f6163636573735f6772616e74010001002c00000000000f00000000000000000475756964000000000001001100000001550e8400e29b41d4a716446655440001"
    static let secpKey = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
    static let edSeed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"

    func unsigned() throws -> Transaction {
        Transaction(description: "Revoke an Access Grant from idOS", payload: try Hex.decode(Self.payloadHex), nonce: 1, chainID: "kwil-testnet")
    }

    @Test func signedTextVector() throws {
        let text = try unsigned().signedMessage
        #expect(text == "Revoke an Access Grant from idOS\n\nPayloadType: execute\nPayloadDigest: 60dffb2ec84261e98e324c0c945a92ede73053a4\nFee: 0\nNonce: 1\n\nKwil Chain ID: kwil-testnet\n")
        #expect(text.utf8.count == 156)
        #expect(Hex.encode(EIP191.hash(text)) == "a9aadb79236b1da1c576ed62cb34ba34df18042dc9031e85091415ffb80eced4")
    }

    @Test func secp256k1Vector() throws {
        var tx = try unsigned()
        try tx.sign(with: EthPersonalSigner(privateKey: Hex.decode(Self.secpKey)))
        #expect(Hex.encode(tx.signature) == "f6838afd4e27f02913fea0dfe6df56a4246b246e7598a586b5959c5a5e2cc51949f230cb2d37435f1039719257321c411baddff18a49125da3a3034fa109f05d1c")
        #expect(tx.json() == #"{"signature":{"sig":"9oOK/U4n8CkT/qDf5t9WpCRrJG51mKWGtZWcWl4sxRlJ8jDLLTdDXxA5cZJXMhxBG63f8YpJEl2jowNPoQnwXRw=","type":"secp256k1_ep"},"body":{"desc":"Revoke an Access Grant from idOS","payload":"AAAEAAAAbWFpbhMAAAByZXZva2VfYWNjZXNzX2dyYW50AQABACwAAAAAAA8AAAAAAAAAAAR1dWlkAAAAAAABABEAAAABVQ6EAOKbQdSnFkRmVUQAAQ==","type":"execute","fee":"0","nonce":1,"chain_id":"kwil-testnet"},"sender":"f39fd6e51aad88f6f4ce6ab8827279cfffb92266","serialization":"concat"}"#)
        #expect(Hex.encode(tx.bodyBytes()) == "205265766f6b6520616e20416363657373204772616e742066726f6d2069644f53aa01" + Self.payloadHex + "076578656375746501013001000000000000000c6b77696c2d746573746e6574")
        #expect(Hex.encode(tx.binary()) == "00009e0141f6838afd4e27f02913fea0dfe6df56a4246b246e7598a586b5959c5a5e2cc51949f230cb2d37435f1039719257321c411baddff18a49125da3a3034fa109f05d1c0c736563703235366b315f6570b002205265766f6b6520616e20416363657373204772616e742066726f6d2069644f53aa010000040000006d61696e130000007265766f6b655f6163636573735f6772616e74010001002c00000000000f00000000000000000475756964000000000001001100000001550e8400e29b41d4a716446655440001076578656375746501013001000000000000000c6b77696c2d746573746e657406636f6e63617428f39fd6e51aad88f6f4ce6ab8827279cfffb92266")
        #expect(Hex.encode(tx.hash) == "ce82b5fe30363c4145de6417ce7d66abb5660ddcacb243217cc5082a1d8c649a")
        try tx.verify()
        var v0 = tx
        v0.signature[64] -= 27
        #expect(Hex.encode(v0.hash) == "d0df650c00c89c8c36287f172fe48e4e091e374c28d8f8ed3b34d6f098e1b520")
    }

    @Test func ed25519Vector() throws {
        var tx = try unsigned()
        let signer = try Ed25519Signer(secretKey: Hex.decode(Self.edSeed))
        #expect(signer.identifierHex == "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
        try tx.sign(with: signer)
        #expect(Base64.encode(tx.signature) == "0wmp55DYK66hFMALfY4WrUnDzXEA6tPOkJQ1IBWV4uKTL8lX7rglGa12HhzHk4X2aCyI2uqqxNIzwtLZoYBuBQ==")
        #expect(tx.signatureType == "ed25519")
        #expect(Hex.encode(tx.hash) == "fe0ef42510a18c3419f95fe18cadc250a8960b7f688855ee1ed681a65bf8eb60")
        try tx.verify()
    }

    @Test func tamperedTransactionsFailVerification() throws {
        var tx = try unsigned()
        try tx.sign(with: Ed25519Signer(secretKey: Hex.decode(Self.edSeed)))
        var t1 = tx; t1.nonce = 2
        #expect(throws: KwilError.invalidSignature("ed25519 signature does not match sender")) { try t1.verify() }
        var t2 = tx; t2.signatureType = "secp256k1_ep"
        #expect(throws: KwilError.invalidSignature("secp256k1_ep signature does not match sender")) { try t2.verify() }
        var t3 = tx; t3.signatureType = "ED25519"
        #expect(throws: KwilError.invalidSignature("unsupported signature type ED25519")) { try t3.verify() }
        var e = try unsigned()
        try e.sign(with: EthPersonalSigner(privateKey: Hex.decode(Self.secpKey)))
        e.chainID = "other"
        #expect(throws: KwilError.invalidSignature("secp256k1_ep signature does not match sender")) { try e.verify() }
    }

    @Test func eip191VerificationVectors() throws {
        let addr = try Hex.decode("01ab2a7a29fdc3a3ad10e3ea07f2c7882b76b2e2")
        #expect(EthPersonalSigner.verify(identifier: addr, message: Array("test message".utf8), signature: try Hex.decode("b98c74a03e9de2b99dac504eb0e63cfe464fa8b9cafc63c913efa6122815ad5a3560e90ce1367185b40fc58924a69a6ff975d62a73f3866b5ea003844ed113291b")))
        #expect(EthPersonalSigner.verify(identifier: addr, message: Array("kwil was here".utf8), signature: try Hex.decode("bc7acd4a00eec94ceed10bcf86d73f2c2b3b023f1d138b7c04248c724371fd39562c490be8431ed95ec1cebffc05bdb6e0d802c92fe8c8d6c6c7fb574fe321de1c")))
        #expect(!EthPersonalSigner.verify(identifier: addr, message: Array("kwil was there".utf8), signature: try Hex.decode("bc7acd4a00eec94ceed10bcf86d73f2c2b3b023f1d138b7c04248c724371fd39562c490be8431ed95ec1cebffc05bdb6e0d802c92fe8c8d6c6c7fb574fe321de1c")))
    }

    @Test func badKeysAreRejected() {
        #expect(throws: KwilError.invalidKey("ed25519 key must be a 32-byte seed or a 64-byte tweetnacl secret key")) { try Ed25519Signer(secretKey: [1, 2, 3]) }
        #expect(throws: KwilError.invalidKey("secp256k1 key must be 32 bytes in range")) { try EthPersonalSigner(privateKey: [UInt8](repeating: 0, count: 32)) }
    }
}
