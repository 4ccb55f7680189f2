import IdosCrypto
import KwilKit
import Testing

/// The one signature-type vocabulary against kwil-transport.md §5 and the §11 vectors: key types, `@caller`
/// (EIP-55 vectors of §11 F), verification with the reason for a failure.
@Suite struct SignatureTypeTests {
    @Test func wireNamesAndAccountKeyTypes() throws {
        #expect(SignatureType.allCases.map(\.rawValue) == ["ed25519", "secp256k1_ep"])
        #expect(SignatureType.ed25519.keyType == "ed25519")
        #expect(SignatureType.secp256k1_ep.keyType == "secp256k1", "user.account takes secp256k1 for both secp types")
        #expect(try SignatureType(wire: "secp256k1_ep") == .secp256k1_ep)
        #expect(throws: KwilError.invalidSignature("unsupported signature type 'ED25519'")) { try SignatureType(wire: "ED25519") }
        #expect(throws: KwilError.invalidSignature("unsupported signature type 'secp256k1'")) { try SignatureType(wire: "secp256k1") }
    }

    @Test func callerIsEIP55ForAddressesAndLowerHexForKeys() throws {
        #expect(SignatureType.secp256k1_ep.caller(sender: try Hex.decode("5aaafe6f8e4e44aa5d4cbd087a639b5e8a3ed395"))
                == "0x5aaaFe6F8e4E44aa5D4cBd087a639b5e8a3Ed395")
        #expect(SignatureType.secp256k1_ep.caller(sender: try Hex.decode("00123456789abcdef0123456789abcdef0123456"))
                == "0x00123456789AbcdeF0123456789abCdef0123456")
        #expect(SignatureType.ed25519.caller(sender: try Hex.decode("D75A980182B10AB7D54BFED3C964073A0EE172F3DAA62325AF021A68F707511A"))
                == "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
    }

    /// §11 F: kwil-db's EIP-191 vectors; and §11 E's KGW signature.
    @Test func verifiesTheKwilVectorsAndSaysWhyOthersFail() throws {
        let address = try Hex.decode("01ab2a7a29fdc3a3ad10e3ea07f2c7882b76b2e2")
        let signature = try Hex.decode("b98c74a03e9de2b99dac504eb0e63cfe464fa8b9cafc63c913efa6122815ad5a3560e90ce1367185b40fc58924a69a6ff975d62a73f3866b5ea003844ed113291b")
        try SignatureType.secp256k1_ep.verify(sender: address, message: Array("test message".utf8), signature: signature)
        #expect(throws: KwilError.invalidSignature("the signature does not recover to the sender address")) {
            try SignatureType.secp256k1_ep.verify(sender: address, message: Array("test messages".utf8), signature: signature)
        }
        #expect(throws: KwilError.invalidSignature("a secp256k1_ep sender is a 20-byte address")) {
            try SignatureType.secp256k1_ep.verify(sender: address + [0], message: Array("test message".utf8), signature: signature)
        }
        let signer = try Ed25519Signer(secretKey: Hex.decode(TransactionTests.edSeed))
        let message = Array("hello".utf8)
        try SignatureType.ed25519.verify(sender: signer.identifier, message: message, signature: try signer.sign(message))
        #expect(throws: KwilError.invalidSignature("the ed25519 signature does not verify for the sender key")) {
            try SignatureType.ed25519.verify(sender: signer.identifier, message: message + [0], signature: try signer.sign(message))
        }
        #expect(!SignatureType.ed25519.isValid(sender: Array(signer.identifier.prefix(20)), message: message, signature: try signer.sign(message)))
        #expect(signer.signatureType == .ed25519)
    }
}
