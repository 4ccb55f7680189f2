import IdosCrypto
import IdosKit
import Testing

private func h(_ text: String) -> [UInt8] { try! Hex.decode(text) }

@Suite struct WalletProofTests {
    // idos-issuer.md §13.5.
    static let message = "Please sign this message to confirm you own this wallet address. Nonce 00000000-0000-4000-8000-000000000000"
    static let evmAddress = "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23"
    static let evmSignature = "0xa9d7a34d02d462d4e04bf2968f6de6fd8c3b49fbc00fe399bb6ffc3263d306de35c657ba245624487f68ef82ae7cfb34444a5eeb15b3d1334a1836e47902098a1c"
    static let nearBlob = "00a49d0100806b000000506c65617365207369676e2074686973206d65737361676520746f20636f6e6669726d20796f75206f776e20746869732077616c6c657420616464726573732e204e6f6e63652030303030303030302d303030302d343030302d383030302d303030303030303030303030000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f0c00000069646f732e6e6574776f726b002066bc5e87273bc702beafc89aa536528cc420357006324c8e7c8165adf6e598beb7f33d073e16e98b146fa72ad1556da98f920775d54f089e4bef91600ed706"
    static let nearKey = "ed25519:AoTdnojLSRgTgTH3BoA13Dwd4bYgHfdmDHBcCjDxehU1"
    static let nearImplicit = "91a003db01c1c2d1d66072a865326b3ffb3b4adf694922015e7440b0ed4e2e76"
    static let faceSignKey = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
    static let faceSignSignature = "dc28e968fb6bc2322cab254ecddf52143f7101dd9f586a91e7de6cc84903dc9032d13953874d1ebfabb8aa906b9bf41da6fbd18d0dece09f553dbd4afd9d1100"

    // MARK: EVM

    @Test(arguments: [evmAddress, evmAddress.lowercased(), "0x" + evmAddress.dropFirst(2).uppercased()])
    func evmSpecVectorVerifiesInAnyCase(address: String) throws {
        let verdict = try WalletProof(type: .evm, address: address, publicKey: "", message: Self.message, signature: Self.evmSignature).verify()
        #expect(verdict.scheme == "eip191")
        #expect(verdict.signer == Self.evmAddress)
    }

    @Test func evmSignatureOfAnotherKeyIsAnAddressMismatch() {
        let other = Secp256k1.PrivateKey.generate()
        let sig = "0x" + Hex.encode(EIP191.sign(Array(Self.message.utf8), key: other))
        #expect {
            try WalletProof(type: .evm, address: Self.evmAddress, message: Self.message, signature: sig).verify()
        } throws: { error in
            guard case .addressMismatch = error as? WalletProofError else { return false }
            return !(error as! WalletProofError).isMalformed
        }
    }

    @Test func evmOtherMessageDoesNotVerify() {
        #expect(throws: WalletProofError.self) {
            try WalletProof(type: .evm, address: Self.evmAddress, message: Self.message + ".", signature: Self.evmSignature).verify()
        }
    }

    @Test func evmMalformedInputsAreMalformed() {
        let cases: [WalletProof] = [
            WalletProof(type: .evm, address: "0x2c7536E3605D9C16a7a3D7b1898e529396a65c24", message: Self.message, signature: Self.evmSignature), // bad EIP-55
            WalletProof(type: .evm, address: "0x1234", message: Self.message, signature: Self.evmSignature),
            WalletProof(type: .evm, address: Self.evmAddress, message: Self.message, signature: "0xzz"),
            WalletProof(type: .evm, address: Self.evmAddress, message: Self.message, signature: String(Self.evmSignature.dropLast(2))),
        ]
        for proof in cases {
            do {
                _ = try proof.verify()
                Issue.record("expected \(proof) to be refused")
            } catch {
                #expect(error.isMalformed, "\(error)")
            }
        }
    }

    // MARK: NEAR

    @Test func nearSpecVectorVerifiesForImplicitAccount() throws {
        let verdict = try WalletProof(type: .near, address: Self.nearImplicit, publicKey: Self.nearKey, message: Self.message, signature: Self.nearBlob).verify()
        #expect(verdict.scheme == "nep413")
        #expect(verdict.addressBoundToKey)
    }

    @Test func nearNamedAccountVerifiesButIsNotBoundOffline() throws {
        let verdict = try WalletProof(type: .near, address: "alice.near", publicKey: Self.nearKey, message: Self.message, signature: Self.nearBlob).verify()
        #expect(!verdict.addressBoundToKey)
    }

    @Test func nearRefusals() throws {
        // Another implicit account.
        #expect(throws: WalletProofError.addressMismatch(claimed: String(repeating: "a", count: 64), derived: Self.nearImplicit)) {
            try WalletProof(type: .near, address: String(repeating: "a", count: 64), publicKey: Self.nearKey, message: Self.message, signature: Self.nearBlob).verify()
        }
        // Missing key.
        #expect(throws: WalletProofError.missingPublicKey(.near)) {
            try WalletProof(type: .near, address: "alice.near", message: Self.message, signature: Self.nearBlob).verify()
        }
        // A different message than the one in the blob.
        #expect(throws: WalletProofError.self) {
            try WalletProof(type: .near, address: "alice.near", publicKey: Self.nearKey, message: "other", signature: Self.nearBlob).verify()
        }
        // Wrong recipient, validly signed.
        let key = Ed25519.PrivateKey.generate()
        let payload = NEP413(message: Self.message, nonce: Array(repeating: 1, count: 32), recipient: "evil.example")
        let blob = Hex.encode(payload.blob(signature: key.sign(payload.signingHash)))
        #expect {
            try WalletProof(type: .near, address: Hex.encode(key.publicKey), publicKey: NEARPublicKey.encode(key.publicKey), message: Self.message, signature: blob).verify()
        } throws: { ($0 as? WalletProofError).map { !$0.isMalformed } ?? false }
        // Tampered signature byte.
        var tampered = h(Self.nearBlob)
        tampered[tampered.count - 1] ^= 1
        #expect(throws: WalletProofError.self) {
            try WalletProof(type: .near, address: Self.nearImplicit, publicKey: Self.nearKey, message: Self.message, signature: Hex.encode(tampered)).verify()
        }
    }

    // MARK: XRPL

    @Test func xrplEd25519AndSecp256k1Proofs() throws {
        let ed = Ed25519.PrivateKey.generate()
        let edPub = [0xED] + ed.publicKey
        let edProof = WalletProof(type: .xrpl, address: XRPLAddress.fromPublicKey(edPub), publicKey: Hex.encode(edPub).uppercased(),
                                  message: Self.message, signature: Hex.encode(ed.sign(Array(Self.message.utf8))).uppercased())
        #expect(try edProof.verify().scheme == "xrpl-ed25519")

        let secp = Secp256k1.PrivateKey.generate()
        let secpPub = secp.publicKey(compressed: true)
        let der = try Secp256k1.signDER(hash: SHA512.half(Array(Self.message.utf8)), key: secp)
        let secpProof = WalletProof(type: .xrpl, address: XRPLAddress.fromPublicKey(secpPub), publicKey: Hex.encode(secpPub),
                                    message: Self.message, signature: Hex.encode(der))
        #expect(try secpProof.verify().scheme == "xrpl-secp256k1")

        // Right signature, someone else's address.
        var wrongAddress = edProof
        wrongAddress.address = "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh"
        #expect(throws: WalletProofError.addressMismatch(claimed: "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh", derived: edProof.address)) { try wrongAddress.verify() }
        // Signature over another message.
        var wrongMessage = secpProof
        wrongMessage.message = "x"
        #expect(throws: WalletProofError.self) { try wrongMessage.verify() }
        // Key of the wrong shape.
        var badKey = edProof
        badKey.publicKey = "AB" + Hex.encode(ed.publicKey)
        #expect { try badKey.verify() } throws: { ($0 as? WalletProofError)?.isMalformed == true }
    }

    // MARK: Stellar

    @Test func stellarSep53AndRawSignaturesWithKeyInEitherForm() throws {
        let key = Ed25519.PrivateKey.generate()
        let address = StrKey.encodeAccountId(key.publicKey)
        let sep53 = key.sign(SHA256.hash(Array("Stellar Signed Message:\n".utf8) + Array(Self.message.utf8)))
        let raw = key.sign(Array(Self.message.utf8))
        #expect(try WalletProof(type: .stellar, address: address, publicKey: Hex.encode(key.publicKey), message: Self.message, signature: Hex.encode(sep53)).verify().scheme == "stellar-sep53")
        #expect(try WalletProof(type: .stellar, address: address, publicKey: address, message: Self.message, signature: Base64.encode(sep53)).verify().scheme == "stellar-sep53")
        #expect(try WalletProof(type: .stellar, address: address, message: Self.message, signature: Hex.encode(raw)).verify().scheme == "stellar-raw")

        let other = StrKey.encodeAccountId(Ed25519.PrivateKey.generate().publicKey)
        #expect(throws: WalletProofError.self) {
            try WalletProof(type: .stellar, address: other, message: Self.message, signature: Hex.encode(raw)).verify()
        }
        #expect(throws: WalletProofError.addressMismatch(claimed: other, derived: address)) {
            try WalletProof(type: .stellar, address: other, publicKey: address, message: Self.message, signature: Hex.encode(raw)).verify()
        }
        #expect { try WalletProof(type: .stellar, address: "GBAD", message: Self.message, signature: Hex.encode(raw)).verify() }
            throws: { ($0 as? WalletProofError)?.isMalformed == true }
    }

    // MARK: FaceSign

    @Test func faceSignSpecVector() throws {
        let verdict = try WalletProof(type: .faceSign, address: Self.faceSignKey, publicKey: Self.faceSignKey, message: Self.message, signature: Self.faceSignSignature).verify()
        #expect(verdict.scheme == "ed25519")
        #expect(throws: WalletProofError.self) {
            try WalletProof(type: .faceSign, address: Self.faceSignKey, message: Self.message + " ", signature: Self.faceSignSignature).verify()
        }
        #expect { try WalletProof(type: .faceSign, address: "xyz", message: Self.message, signature: Self.faceSignSignature).verify() }
            throws: { ($0 as? WalletProofError)?.isMalformed == true }
    }

    // MARK: Types

    @Test func walletTypeParsingIsExact() throws {
        #expect(try WalletType(parsing: "Stellar") == .stellar)
        #expect(throws: WalletProofError.unsupportedType("evm")) { try WalletType(parsing: "evm") }
        #expect(WalletProofError.unsupportedType("x").isMalformed)
    }

    @Test func randomProofsOfEveryTypeVerify() throws {
        for _ in 0..<10 {
            let message = "Nonce \(Hex.encode(secureRandomBytes(8)))"
            let secp = Secp256k1.PrivateKey.generate()
            let evm = WalletProof(type: .evm, address: EthereumAddress.checksummed(EthereumAddress.fromPublicKey(secp.publicKey())),
                                  message: message, signature: "0x" + Hex.encode(EIP191.sign(Array(message.utf8), key: secp)))
            #expect(throws: Never.self) { try evm.verify() }
            let ed = Ed25519.PrivateKey.generate()
            let payload = NEP413(message: message, nonce: secureRandomBytes(32), recipient: WalletProof.nearRecipient)
            let near = WalletProof(type: .near, address: Hex.encode(ed.publicKey), publicKey: NEARPublicKey.encode(ed.publicKey),
                                   message: message, signature: Hex.encode(payload.blob(signature: ed.sign(payload.signingHash))))
            #expect(throws: Never.self) { try near.verify() }
            let face = WalletProof(type: .faceSign, address: Hex.encode(ed.publicKey), message: message, signature: Hex.encode(ed.sign(Array(message.utf8))))
            #expect(throws: Never.self) { try face.verify() }
        }
    }
}
