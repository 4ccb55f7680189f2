import IdosCrypto
import Testing

@Suite struct Secp256k1Tests {
    // idos-issuer.md §13.5 EVM key.
    static let evmKey = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"
    static let message = "Please sign this message to confirm you own this wallet address. Nonce 00000000-0000-4000-8000-000000000000"

    @Test func publicKeyAndAddressOfSpecKey() throws {
        let key = try Secp256k1.PrivateKey(h(Self.evmKey))
        #expect(Hex.encode(key.publicKey()) == "044e3b81af9c2234cad09d679ce6035ed1392347ce64ce405f5dcd36228a25de6e47fd35c4215d1edf53e6f83de344615ce719bdb0fd878f6ed76f06dd277956de")
        #expect(EthereumAddress.checksummed(EthereumAddress.fromPublicKey(key.publicKey())) == "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23")
        #expect(EthereumAddress.fromPublicKey(key.publicKey(compressed: true)) == EthereumAddress.fromPublicKey(key.publicKey()))
    }

    @Test func personalSignVectorIsReproducedAndRecovers() throws {
        let key = try Secp256k1.PrivateKey(h(Self.evmKey))
        let sig = EIP191.sign(u(Self.message), key: key)
        #expect(Hex.encode(sig) == "a9d7a34d02d462d4e04bf2968f6de6fd8c3b49fbc00fe399bb6ffc3263d306de35c657ba245624487f68ef82ae7cfb34444a5eeb15b3d1334a1836e47902098a1c")
        #expect(try EthereumAddress.checksummed(EIP191.recoverAddress(message: u(Self.message), signature: sig)) == "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23")
    }

    // kwil-transport.md §11 F (kwil-db eth_personal_sign_test.go).
    @Test(arguments: [
        ("test message", "b98c74a03e9de2b99dac504eb0e63cfe464fa8b9cafc63c913efa6122815ad5a3560e90ce1367185b40fc58924a69a6ff975d62a73f3866b5ea003844ed113291b"),
        ("kwil was here", "bc7acd4a00eec94ceed10bcf86d73f2c2b3b023f1d138b7c04248c724371fd39562c490be8431ed95ec1cebffc05bdb6e0d802c92fe8c8d6c6c7fb574fe321de1c"),
    ])
    func kwilPersonalSignVectorsRecoverTheAddress(message: String, signature: String) throws {
        let address = try EIP191.recoverAddress(message: u(message), signature: h(signature))
        #expect(Hex.encode(address) == "01ab2a7a29fdc3a3ad10e3ea07f2c7882b76b2e2")
        // v = 0/1 form recovers the same key.
        var zeroBased = h(signature)
        zeroBased[64] -= 27
        #expect(try EIP191.recoverAddress(message: u(message), signature: zeroBased) == address)
    }

    // kwil-transport.md §11 F, EIP-55 vectors.
    @Test(arguments: [
        ("5aaafe6f8e4e44aa5d4cbd087a639b5e8a3ed395", "0x5aaaFe6F8e4E44aa5D4cBd087a639b5e8a3Ed395"),
        ("00123456789abcdef0123456789abcdef0123456", "0x00123456789AbcdeF0123456789abCdef0123456"),
    ])
    func eip55Checksums(raw: String, checksummed: String) throws {
        #expect(EthereumAddress.checksummed(h(raw)) == checksummed)
        #expect(try EthereumAddress.parse(checksummed) == h(raw))
        #expect(try EthereumAddress.parse("0x" + raw) == h(raw))
        #expect(try EthereumAddress.parse("0x" + raw.uppercased()) == h(raw))
    }

    @Test func mixedCaseWithBadChecksumIsRejected() {
        #expect(throws: CryptoError.checksumMismatch(what: "EIP-55 address '0x5aaaFe6F8e4E44aa5D4cBd087a639b5e8a3Ed396' (mixed case)")) {
            try EthereumAddress.parse("0x5aaaFe6F8e4E44aa5D4cBd087a639b5e8a3Ed396")
        }
        #expect(throws: CryptoError.checksumMismatch(what: "EIP-55 address '0x5AaaFe6F8e4E44aa5D4cBd087a639b5e8a3Ed395' (mixed case)")) {
            try EthereumAddress.parse("0x5AaaFe6F8e4E44aa5D4cBd087a639b5e8a3Ed395")
        }
        #expect(throws: CryptoError.invalidLength(what: "Ethereum address", expected: "20", actual: 2)) { try EthereumAddress.parse("0x1234") }
    }

    /// Only `0x` + 40 digits spells an address (viem's isAddress: /^0x[a-fA-F0-9]{40}$/); its one
    /// stored spelling is lower case.
    @Test func addressNeedsTheLowerCase0xPrefixAndStoresLowerCase() throws {
        let raw = "5aaafe6f8e4e44aa5d4cbd087a639b5e8a3ed395"
        #expect(throws: CryptoError.invalidEncoding(encoding: "Ethereum address", reason: "must start with 0x")) { try EthereumAddress.parse(raw) }
        #expect(throws: CryptoError.invalidEncoding(encoding: "Ethereum address", reason: "must start with 0x")) { try EthereumAddress.parse("0X" + raw) }
        #expect(EthereumAddress.canonical(try EthereumAddress.parse("0x5aaaFe6F8e4E44aa5D4cBd087a639b5e8a3Ed395")) == "0x" + raw)
    }

    @Test func randomSignRecoverRoundTrips() throws {
        for _ in 0..<25 {
            let key = Secp256k1.PrivateKey.generate()
            let message = secureRandomBytes(Int(secureRandomBytes(1)[0]))
            let sig = EIP191.sign(message, key: key)
            let address = EthereumAddress.fromPublicKey(key.publicKey())
            #expect(try EIP191.recoverAddress(message: message, signature: sig) == address)
            var tampered = sig
            tampered[10] ^= 0x01
            #expect((try? EIP191.recoverAddress(message: message, signature: tampered)) != address)
            #expect((try? EIP191.recoverAddress(message: message + [1], signature: sig)) != address)
        }
    }

    @Test func derSignaturesVerify() throws {
        let key = Secp256k1.PrivateKey.generate()
        let hash = SHA512.half(u("xrpl message"))
        let der = try Secp256k1.signDER(hash: hash, key: key)
        #expect(Secp256k1.verifyDER(signature: der, hash: hash, publicKey: key.publicKey(compressed: true)))
        #expect(Secp256k1.derSignatureHasHighS(der) == false)
        #expect(!Secp256k1.verifyDER(signature: der, hash: SHA512.half(u("other")), publicKey: key.publicKey(compressed: true)))
        #expect(!Secp256k1.verifyDER(signature: [0x30, 0x02, 0x00, 0x00], hash: hash, publicKey: key.publicKey(compressed: true)))
        #expect(Secp256k1.derSignatureHasHighS([0x30, 0x02, 0x00, 0x00]) == nil)
    }

    /// An xrpl-py signature (IdosKitTests/Fixtures/wallet_proofs.json, `xrpl-secp256k1-0`) and its high-S
    /// twin (s → n − s). XRPL's reference verifier (ripple-keypairs on noble-curves) refuses the twin.
    @Test func highSTwinOfAnXRPLSignatureIsRefused() {
        let publicKey = h("02314C000317E32ED692664D545F3FBACC392DAA721A8246431146F90DFFE68369")
        let hash = SHA512.half(u(Self.message))
        let low = h("304402200BD05D1F03AC3B5E06405BAB7B26069CBFB6DE03F75C322F5760782DFFA43DBA02207BDA23795EF953197AA6AD2CFBA8157EF8861502470A9C1169A25D7637D01310")
        let high = h("304502200BD05D1F03AC3B5E06405BAB7B26069CBFB6DE03F75C322F5760782DFFA43DBA0221008425DC86A106ACE6855952D30457EA7FC228C7E4683E042A5630011698662E31")
        #expect(Secp256k1.verifyDER(signature: low, hash: hash, publicKey: publicKey))
        #expect(Secp256k1.derSignatureHasHighS(low) == false)
        #expect(Secp256k1.derSignatureHasHighS(high) == true)
        #expect(!Secp256k1.verifyDER(signature: high, hash: hash, publicKey: publicKey))
    }

    @Test func rejectsBadInputs() {
        #expect(throws: CryptoError.invalidKey(what: "secp256k1 private key")) { try Secp256k1.PrivateKey(Array(repeating: 0, count: 32)) }
        #expect(throws: CryptoError.invalidKey(what: "secp256k1 private key")) { try Secp256k1.PrivateKey(Array(repeating: 0xff, count: 32)) }
        #expect(throws: CryptoError.invalidLength(what: "recoverable signature (r ‖ s ‖ v)", expected: "65", actual: 64)) {
            try Secp256k1.recoverPublicKey(hash: Array(repeating: 1, count: 32), signature: Array(repeating: 1, count: 64))
        }
        var badV = Array(repeating: UInt8(1), count: 65)
        badV[64] = 5
        #expect(throws: CryptoError.invalidKey(what: "signature recovery byte v=5 (expected 27, 28, 0 or 1)")) {
            try Secp256k1.recoverPublicKey(hash: Array(repeating: 1, count: 32), signature: badV)
        }
    }
}
