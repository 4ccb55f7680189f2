import IdosCrypto
import KwilKit
import Testing

/// kwil-transport.md §11 D: private-mode call signature for get_user with challenge 0x00..0x1f.
@Suite struct CallMessageTests {
    @Test func privateModeVector() throws {
        var msg = try CallMessage(call: ActionCall(action: "get_user", arguments: []))
        let challenge = (0..<32).map { UInt8($0) }
        #expect(msg.signatureText(challenge: challenge) == "Kwil view call.\n\nNamespace: main\nMethod: get_user\nDigest: e53ab76f08bda20fd93426bc7e551f14d84b4349\nChallenge: 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n")
        try msg.sign(challenge: challenge, with: EthPersonalSigner(privateKey: Hex.decode(TransactionTests.secpKey)))
        #expect(Hex.encode(msg.signature) == "927c6d221a064daa6112fa6515a1374a1a154d80b699b73b0c5cb94c719e67193e008f236032570f10004d81e39b99ec7b2aa5b4b0538b6239b9d8e26b65a0fd1b")
        #expect(msg.json() == #"{"body":{"payload":"AAAEAAAAbWFpbggAAABnZXRfdXNlcgAA","challenge":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="},"auth_type":"secp256k1_ep","sender":"f39fd6e51aad88f6f4ce6ab8827279cfffb92266","signature":"knxtIhoGTaphEvplFaE3ShoVTYC2mbc7DFy5THGeZxk+AI8jYDJXDxAATYHjm5nseyqltLBTi2I5udjia2Wg/Rs="}"#)
    }

    @Test func plainAndIdentifiedCalls() throws {
        var msg = try CallMessage(call: ActionCall(action: "get_user", arguments: []))
        #expect(msg.json() == #"{"body":{"payload":"AAAEAAAAbWFpbggAAABnZXRfdXNlcgAA","challenge":""},"auth_type":"secp256k1_ep","sender":"","signature":""}"#)
        msg.identify(as: try Ed25519Signer(secretKey: Hex.decode(TransactionTests.edSeed)))
        #expect(msg.json() == #"{"body":{"payload":"AAAEAAAAbWFpbggAAABnZXRfdXNlcgAA","challenge":""},"auth_type":"ed25519","sender":"d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a","signature":""}"#)
        #expect(throws: KwilError.invalidValue("challenge must be 32 bytes, got 2")) { try msg.sign(challenge: [1, 2], with: Ed25519Signer(secretKey: Hex.decode(TransactionTests.edSeed))) }
    }
}
