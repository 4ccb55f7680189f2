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
        #expect(verdict.address == address)
        #expect(verdict.canonicalAddress == "0x2c7536e3605d9c16a7a3d7b1898e529396a65c23")
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

    @Test func evmOtherMessageRecoversAnotherAddress() {
        // A signature over another message recovers some other key: an address mismatch, not malformed.
        #expect {
            try WalletProof(type: .evm, address: Self.evmAddress, message: Self.message + ".", signature: Self.evmSignature).verify()
        } throws: { error in
            guard case .addressMismatch(claimed: Self.evmAddress, let derived) = error as? WalletProofError else { return false }
            return derived != Self.evmAddress
        }
    }

    @Test func evmMalformedInputsNameTheirField() {
        let cases: [(WalletProof, WalletProofError)] = [
            (WalletProof(type: .evm, address: "0x2c7536E3605D9C16a7a3D7b1898e529396a65c24", message: Self.message, signature: Self.evmSignature),
             .badEncoding(field: "address", reason: "EIP-55 address '0x2c7536E3605D9C16a7a3D7b1898e529396a65c24' (mixed case) checksum does not match")),
            (WalletProof(type: .evm, address: "0x1234", message: Self.message, signature: Self.evmSignature),
             .badEncoding(field: "address", reason: "Ethereum address must be 20 bytes, got 2")),
            (WalletProof(type: .evm, address: Self.evmAddress, message: Self.message, signature: "0xzz"),
             .badEncoding(field: "signature", reason: "invalid hex: 'z' is not a hex digit")),
            (WalletProof(type: .evm, address: Self.evmAddress, message: Self.message, signature: String(Self.evmSignature.dropLast(2))),
             .wrongLength(field: "signature (r ‖ s ‖ v)", expected: "65", actual: 64)),
        ]
        for (proof, expected) in cases {
            #expect(throws: expected) { try proof.verify() }
            #expect(expected.isMalformed)
        }
    }

    // MARK: Canonical addresses

    /// EIP-55's own examples (eips.ethereum.org/EIPS/eip-55): each checksummed spelling, its lower and
    /// upper case, all store as 0x + lower-case hex.
    @Test(arguments: ["0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
                      "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"])
    func evmCanonicalAddressIsLowerCase(checksummed: String) throws {
        let lower = "0x" + checksummed.dropFirst(2).lowercased()
        #expect(try WalletType.evm.canonicalAddress(checksummed) == lower)
        #expect(try WalletType.evm.canonicalAddress(lower) == lower)
        #expect(try WalletType.evm.canonicalAddress("0x" + checksummed.dropFirst(2).uppercased()) == lower)
    }

    @Test(arguments: [
        ("2c7536e3605d9c16a7a3d7b1898e529396a65c23", "invalid Ethereum address: must start with 0x"),            // no prefix
        ("0X2c7536e3605d9c16a7a3d7b1898e529396a65c23", "invalid Ethereum address: must start with 0x"),          // 0X
        ("0x2c7536e3605d9c16a7a3d7b1898e529396a65c23 ", "invalid hex: odd number of digits (41)"),               // trailing space
        ("0x2c7536e3605d9c16a7a3d7b1898e529396a65c2300", "Ethereum address must be 20 bytes, got 21"),           // trailing byte
        ("0x2C7536E3605D9C16a7a3d7b1898e529396a65c23", "EIP-55 address '0x2C7536E3605D9C16a7a3d7b1898e529396a65c23' (mixed case) checksum does not match"),
    ])
    func evmNonCanonicalSpellingsAreMalformed(address: String, reason: String) {
        #expect(throws: WalletProofError.badEncoding(field: "address", reason: reason)) { try WalletType.evm.canonicalAddress(address) }
    }

    @Test func nearCanonicalAddresses() throws {
        #expect(try WalletType.near.canonicalAddress(Self.nearImplicit.uppercased()) == Self.nearImplicit)
        #expect(try WalletType.near.canonicalAddress("alice.near") == "alice.near")
        #expect(try WalletType.near.canonicalAddress("Alice.Near") == "alice.near")
        #expect(try WalletType.near.canonicalAddress("app_1-x.sub.testnet") == "app_1-x.sub.testnet")
        // NEAR's account-id rules (nearcore AccountId): 2-64 chars, [a-z0-9] parts joined by single . - _.
        let refused: [(String, String)] = [
            ("a", "must be 2 to 64 characters, got 1"),
            (String(repeating: "a", count: 65), "must be 2 to 64 characters, got 65"),
            ("alice..near", "a separator (. - _) may not start the id or follow another"),
            (".alice", "a separator (. - _) may not start the id or follow another"),
            ("alice.", "a separator (. - _) may not end the id"),
            ("alice near", "only a-z, 0-9 and the separators . - _ are allowed"),
            ("alice.near\n", "only a-z, 0-9 and the separators . - _ are allowed"),
        ]
        for (address, reason) in refused {
            #expect(throws: WalletProofError.badEncoding(field: "address", reason: "invalid NEAR account id: " + reason)) {
                try WalletType.near.canonicalAddress(address)
            }
        }
    }

    @Test func faceSignCanonicalAddressIsLowerCaseHexWithoutPrefix() throws {
        #expect(try WalletType.faceSign.canonicalAddress(Self.faceSignKey.uppercased()) == Self.faceSignKey)
        #expect(throws: WalletProofError.badEncoding(field: "address (FaceSign public key hex)", reason: "invalid hex: 'x' is not a hex digit")) {
            try WalletType.faceSign.canonicalAddress("0x" + Self.faceSignKey)
        }
        #expect(throws: WalletProofError.wrongLength(field: "address (FaceSign public key)", expected: "32", actual: 33)) {
            try WalletType.faceSign.canonicalAddress(Self.faceSignKey + "00")
        }
        #expect(throws: WalletProofError.badEncoding(field: "address (FaceSign public key hex)", reason: "invalid hex: odd number of digits (65)")) {
            try WalletType.faceSign.canonicalAddress(Self.faceSignKey + "0")
        }
    }

    // MARK: NEAR

    @Test func nearSpecVectorVerifiesForImplicitAccount() throws {
        let verdict = try WalletProof(type: .near, address: Self.nearImplicit, publicKey: Self.nearKey, message: Self.message, signature: Self.nearBlob).verify()
        #expect(verdict.scheme == "nep413")
        #expect(verdict.addressBoundToKey)
        #expect(verdict.canonicalAddress == Self.nearImplicit)
        let upper = try WalletProof(type: .near, address: Self.nearImplicit.uppercased(), publicKey: Self.nearKey, message: Self.message,
                                    signature: Self.nearBlob).verify()
        #expect(upper.canonicalAddress == Self.nearImplicit)
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
        #expect(throws: WalletProofError.signatureMismatch(reason: "the NEP-413 payload signs a different message than the one given")) {
            try WalletProof(type: .near, address: "alice.near", publicKey: Self.nearKey, message: "other", signature: Self.nearBlob).verify()
        }
        // Wrong recipient, validly signed.
        let key = Ed25519.PrivateKey.generate()
        let payload = NEP413(message: Self.message, nonce: Array(repeating: 1, count: 32), recipient: "evil.example")
        let blob = Hex.encode(payload.blob(signature: key.sign(payload.signingHash)))
        #expect(throws: WalletProofError.signatureMismatch(reason: "NEP-413 recipient is 'evil.example', expected 'idos.network'")) {
            try WalletProof(type: .near, address: Hex.encode(key.publicKey), publicKey: NEARPublicKey.encode(key.publicKey), message: Self.message, signature: blob).verify()
        }
        // Tampered signature byte.
        var tampered = h(Self.nearBlob)
        tampered[tampered.count - 1] ^= 1
        #expect(throws: WalletProofError.signatureMismatch(reason: "the Ed25519 signature over the NEP-413 payload does not match \(Self.nearKey)")) {
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
        #expect(throws: WalletProofError.signatureMismatch(reason: "secp256k1 DER signature over SHA-512Half(message) does not match the public key")) {
            try wrongMessage.verify()
        }
        // Key of the wrong shape.
        var badKey = edProof
        badKey.publicKey = "AB" + Hex.encode(ed.publicKey)
        #expect(throws: WalletProofError.badEncoding(field: "public key", reason: "must start with ED (ed25519) or 02/03 (compressed secp256k1)")) {
            try badKey.verify()
        }
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
        #expect(throws: WalletProofError.signatureMismatch(reason: "neither a SEP-53 nor a raw Ed25519 signature of the message by \(other)")) {
            try WalletProof(type: .stellar, address: other, message: Self.message, signature: Hex.encode(raw)).verify()
        }
        #expect(throws: WalletProofError.addressMismatch(claimed: other, derived: address)) {
            try WalletProof(type: .stellar, address: other, publicKey: address, message: Self.message, signature: Hex.encode(raw)).verify()
        }
        #expect(throws: WalletProofError.badEncoding(field: "address", reason: "invalid Stellar StrKey: an account id (G…) is exactly 56 characters, got 4")) {
            try WalletProof(type: .stellar, address: "GBAD", message: Self.message, signature: Hex.encode(raw)).verify()
        }
    }

    // MARK: FaceSign

    @Test func faceSignSpecVector() throws {
        let verdict = try WalletProof(type: .faceSign, address: Self.faceSignKey, publicKey: Self.faceSignKey, message: Self.message, signature: Self.faceSignSignature).verify()
        #expect(verdict.scheme == "ed25519")
        #expect(verdict.canonicalAddress == Self.faceSignKey)
        #expect(try WalletProof(type: .faceSign, address: Self.faceSignKey.uppercased(), message: Self.message,
                                signature: Self.faceSignSignature).verify().canonicalAddress == Self.faceSignKey)
        #expect(throws: WalletProofError.signatureMismatch(reason: "Ed25519 signature over the message does not match the FaceSign key")) {
            try WalletProof(type: .faceSign, address: Self.faceSignKey, message: Self.message + " ", signature: Self.faceSignSignature).verify()
        }
        #expect(throws: WalletProofError.badEncoding(field: "address (FaceSign public key hex)", reason: "invalid hex: odd number of digits (3)")) {
            try WalletProof(type: .faceSign, address: "xyz", message: Self.message, signature: Self.faceSignSignature).verify()
        }
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
