import Foundation
import IdosCrypto
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
    }

    @Test func validFaceSignAndNEARProofs() throws {
        let file = try TemporaryFiles.file(Array(Self.message.utf8))
        let face = try issuer("wallet", "verify", "--type", "FaceSign", "--address", "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
                              "--message-file", file, "--signature",
                              "dc28e968fb6bc2322cab254ecddf52143f7101dd9f586a91e7de6cc84903dc9032d13953874d1ebfabb8aa906b9bf41da6fbd18d0dece09f553dbd4afd9d1100")
        #expect(face.status == 0, "\(face.stderr)")
        let key = try Ed25519.PrivateKey(SHA256.hash("near-test-key"))
        let payload = NEP413(message: Self.message, nonce: Array(0..<32), recipient: "idos.network")
        let near = try issuer("wallet", "verify", "--type", "NEAR", "--address", Hex.encode(key.publicKey),
                              "--public-key", NEARPublicKey.encode(key.publicKey), "--message-file", file,
                              "--signature", Hex.encode(payload.blob(signature: key.sign(payload.signingHash))))
        #expect(near.status == 0, "\(near.stderr)")
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
        ["--type", "Bitcoin", "--address", "x", "--signature", "00"],
        ["--type", "EVM", "--address", "0x12", "--signature", evmSignature],
        ["--type", "EVM", "--address", "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23", "--signature", "0xnothex"],
        ["--type", "NEAR", "--address", "alice.near", "--signature", "00"],
        ["--type", "EVM", "--address", "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23"],
    ])
    func malformedInputExitsTwo(arguments: [String]) throws {
        let file = try TemporaryFiles.file(Array(Self.message.utf8))
        let result = try ChildProcess.run(TestEnvironment.executable("idos-issuer"), ["wallet", "verify", "--message-file", file] + arguments)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(!result.stderr.isEmpty)
    }

    @Test func unreadableMessageFileExitsTwo() throws {
        let result = try issuer("wallet", "verify", "--type", "EVM", "--address", "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23",
                                "--message-file", "/nonexistent/file", "--signature", Self.evmSignature)
        #expect(result.status == 2)
        #expect(result.stderr.contains("--message-file"))
    }
}
