import Foundation
import Testing
import TestSupport

@Suite struct WalletCommandTests {
    static let message = "Please sign this message to confirm you own this wallet address. Nonce 00000000-0000-4000-8000-000000000000"
    static let evmSignature = "0xa9d7a34d02d462d4e04bf2968f6de6fd8c3b49fbc00fe399bb6ffc3263d306de35c657ba245624487f68ef82ae7cfb34444a5eeb15b3d1334a1836e47902098a1c"

    @Test func validEVMProofPrintsOneLineVerdict() throws {
        let file = try TemporaryFiles.file(Array(Self.message.utf8))
        let result = try issuer("wallet", "verify", "--type", "EVM", "--address", "0x2c7536e3605d9c16a7a3d7b1898e529396a65c23",
                                "--message-file", file, "--signature", Self.evmSignature)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdoutText.split(separator: "\n").count == 1)
        let json = try jsonObject(result)
        #expect(json["valid"] as? Bool == true)
        #expect(json["walletType"] as? String == "EVM")
        #expect(json["signer"] as? String == "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23")
        #expect(json["canonicalAddress"] as? String == "0x2c7536e3605d9c16a7a3d7b1898e529396a65c23")
        let checksummed = try issuer("wallet", "verify", "--type", "EVM", "--address", "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23",
                                     "--message-file", file, "--signature", Self.evmSignature)
        #expect(try jsonObject(checksummed)["address"] as? String == "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23")
        #expect(try jsonObject(checksummed)["canonicalAddress"] as? String == "0x2c7536e3605d9c16a7a3d7b1898e529396a65c23")
    }

    /// idos-issuer.md §13.5 FaceSign and NEAR vectors, as the spec prints them (upper case shows the
    /// canonical spelling at work).
    @Test func validFaceSignAndNEARSpecVectors() throws {
        let file = try TemporaryFiles.file(Array(Self.message.utf8))
        let faceKey = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
        let face = try issuer("wallet", "verify", "--type", "FaceSign", "--address", faceKey.uppercased(),
                              "--message-file", file, "--signature",
                              "dc28e968fb6bc2322cab254ecddf52143f7101dd9f586a91e7de6cc84903dc9032d13953874d1ebfabb8aa906b9bf41da6fbd18d0dece09f553dbd4afd9d1100")
        #expect(face.status == 0, "\(face.stderr)")
        #expect(try jsonObject(face)["canonicalAddress"] as? String == faceKey)
        let nearBlob = "00a49d0100806b000000506c65617365207369676e2074686973206d65737361676520746f20636f6e6669726d20796f75206f776e20746869732077616c6c657420616464726573732e204e6f6e63652030303030303030302d303030302d343030302d383030302d303030303030303030303030000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f0c00000069646f732e6e6574776f726b002066bc5e87273bc702beafc89aa536528cc420357006324c8e7c8165adf6e598beb7f33d073e16e98b146fa72ad1556da98f920775d54f089e4bef91600ed706"
        let implicit = "91a003db01c1c2d1d66072a865326b3ffb3b4adf694922015e7440b0ed4e2e76"
        let near = try issuer("wallet", "verify", "--type", "NEAR", "--address", implicit.uppercased(),
                              "--public-key", "ed25519:AoTdnojLSRgTgTH3BoA13Dwd4bYgHfdmDHBcCjDxehU1", "--message-file", file,
                              "--signature", nearBlob)
        #expect(near.status == 0, "\(near.stderr)")
        let json = try jsonObject(near)
        #expect(json["scheme"] as? String == "nep413")
        #expect(json["canonicalAddress"] as? String == implicit)
        #expect(json["addressBoundToKey"] as? Bool == true)
    }

    /// Fixtures/wallet_proofs.json (xrpl-py, stellar-sdk) through the binary: each proof verifies and
    /// prints its canonical address; each tampered copy exits 1 naming its failure.
    @Test func libraryMadeXRPLAndStellarProofs() throws {
        let fixture = try Self.walletProofFixture()
        let proofs = try #require(fixture["proofs"] as? [[String: Any]])
        let tampered = try #require(fixture["tampered"] as? [[String: Any]])
        #expect(proofs.count >= 4 && tampered.count >= 4)
        for proof in proofs {
            let result = try Self.verify(proof)
            #expect(result.status == 0, "\(proof["name"] ?? "?"): \(result.stderr)")
            let json = try jsonObject(result)
            #expect(json["canonicalAddress"] as? String == proof["canonicalAddress"] as? String)
            #expect(json["scheme"] as? String == proof["scheme"] as? String)
        }
        for proof in tampered {
            let result = try Self.verify(proof)
            #expect(result.status == 1, "\(proof["name"] ?? "?"): \(result.stderr)")
            let phrase = proof["expectedError"] as? String == "addressMismatch" ? "not to the claimed address" : "signature does not verify"
            #expect(result.stderr.contains(phrase), "\(proof["name"] ?? "?"): \(result.stderr)")
        }
    }

    /// Spellings the wallets' libraries refuse (a trailing character, lower case, an X-address, …) are
    /// malformed input, never a second spelling of a stored wallet.
    @Test func nonCanonicalAddressSpellingsExitTwo() throws {
        let fixture = try Self.walletProofFixture()
        let spellings = try #require(fixture["addressSpellings"] as? [[String: Any]])
        let proofs = try #require(fixture["proofs"] as? [[String: Any]])
        for spelling in spellings where spelling["valid"] as? Bool == false {
            let type = try #require(spelling["walletType"] as? String)
            var proof = try #require(proofs.first { $0["walletType"] as? String == type })
            proof["address"] = spelling["address"]
            let result = try Self.verify(proof)
            #expect(result.status == 2, "\(type) \(spelling["why"] ?? "?"): \(result.stderr)")
            #expect(result.stderr.contains("address is malformed"), "\(result.stderr)")
        }
    }

    static func walletProofFixture() throws -> [String: Any] {
        let url = TestEnvironment.repositoryRoot.appendingPathComponent("Tests/IdosKitTests/Fixtures/wallet_proofs.json")
        return try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
    }

    static func verify(_ proof: [String: Any]) throws -> ProcessResult {
        let message = try TemporaryFiles.file(Array((proof["message"] as? String ?? "").utf8))
        var arguments = ["wallet", "verify", "--type", proof["walletType"] as? String ?? "", "--address", proof["address"] as? String ?? "",
                         "--message-file", message, "--signature", proof["signature"] as? String ?? ""]
        if let key = proof["publicKey"] as? String { arguments += ["--public-key", key] }
        return try ChildProcess.run(TestEnvironment.executable("idos-issuer"), arguments)
    }

    @Test func proofThatDoesNotVerifyExitsOneWithReason() throws {
        let file = try TemporaryFiles.file(Array((Self.message + "!").utf8))
        let result = try issuer("wallet", "verify", "--type", "EVM", "--address", "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23",
                                "--message-file", file, "--signature", Self.evmSignature)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("not to the claimed address"))
    }

    @Test(arguments: [
        (["--type", "Bitcoin", "--address", "x", "--signature", "00"], "wallet type 'Bitcoin' is not supported"),
        (["--type", "EVM", "--address", "0x12", "--signature", evmSignature], "address is malformed: Ethereum address must be 20 bytes, got 1"),
        (["--type", "EVM", "--address", "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23", "--signature", "0xnothex"],
         "signature is malformed: invalid hex: 'n' is not a hex digit"),
        (["--type", "NEAR", "--address", "alice.near", "--signature", "00"], "a NEAR wallet needs --public-key"),
        (["--type", "EVM", "--address", "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23"], "Missing expected argument '--signature <signature>'"),
        (["--type", "EVM", "--address", "2c7536e3605d9c16a7a3d7b1898e529396a65c23", "--signature", evmSignature],
         "address is malformed: invalid Ethereum address: must start with 0x"),
        (["--type", "FaceSign", "--address", "0xd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "--signature", "00"],
         "address (FaceSign public key hex) is malformed: invalid hex: 'x' is not a hex digit"),
    ])
    func malformedInputExitsTwo(arguments: [String], reason: String) throws {
        let file = try TemporaryFiles.file(Array(Self.message.utf8))
        let result = try ChildProcess.run(TestEnvironment.executable("idos-issuer"), ["wallet", "verify", "--message-file", file] + arguments)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains(reason), "\(result.stderr)")
    }

    @Test func unreadableMessageFileExitsTwo() throws {
        let result = try issuer("wallet", "verify", "--type", "EVM", "--address", "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23",
                                "--message-file", "/nonexistent/file", "--signature", Self.evmSignature)
        #expect(result.status == 2)
        #expect(result.stderr.contains("--message-file"))
    }
}
