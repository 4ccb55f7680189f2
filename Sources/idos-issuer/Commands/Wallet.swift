import ArgumentParser
import IdosKit

extension IssuerCommand {
    /// `idos-issuer wallet …`: wallet-ownership proofs.
    struct Wallet: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Wallet-ownership proofs.",
            subcommands: [Verify.self]
        )
    }
}

extension IssuerCommand.Wallet {
    /// `idos-issuer wallet verify`: checks a proof as the idOS node's `is_wallet_valid` does.
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify that a signature proves ownership of a wallet.",
            discussion: """
                Prints a one-line JSON verdict and exits 0 when the proof verifies; exits 1 with the reason \
                on stderr when it does not; exits 2 on malformed input, including an address that is not in \
                one of its type's accepted spellings (wrong length, trailing characters, bad checksum). \
                canonicalAddress is the one spelling the address is stored under: EVM 0x + lower-case hex, \
                NEAR lower case, XRPL as given, Stellar the 56-character StrKey, FaceSign lower-case hex.

                Signatures by type: EVM 0x-hex r‖s‖v (personal_sign / EIP-191); NEAR hex NEP-413 blob \
                (recipient idos.network) with --public-key ed25519:<base58>; XRPL hex with --public-key \
                ED… (ed25519) or 02/03… (secp256k1); Stellar hex or base64 (SEP-53 or raw), --public-key \
                optional (G… or hex); FaceSign hex, address = public key hex.
                """
        )

        @Option(help: "Wallet type: EVM, NEAR, XRPL, Stellar or FaceSign.")
        var type: String

        @Option(help: "The wallet address (EVM 0x…, NEAR account, XRPL r…, Stellar G…, FaceSign key hex).")
        var address: String

        @Option(name: .customLong("public-key"), help: "The wallet public key, where the type needs one.")
        var publicKey: String?

        @Option(name: .customLong("message-file"), help: "File holding the exact message the wallet signed (bytes as is).")
        var messageFile: String

        @Option(help: "The wallet's signature.")
        var signature: String

        func run() async throws {
            try await reportingFailures {
                let walletType: WalletType
                do { walletType = try WalletType(parsing: type) } catch { throw CLIFailure.malformed("\(error)") }
                let bytes = try StandardStreams.readFile(messageFile, flag: "--message-file")
                guard let message = String(validating: bytes, as: UTF8.self) else {
                    throw CLIFailure.malformed("--message-file is not UTF-8 text")
                }
                let proof = WalletProof(type: walletType, address: address, publicKey: publicKey, message: message, signature: signature)
                let verdict: WalletProofVerdict
                do throws(WalletProofError) { verdict = try proof.verify() } catch {
                    throw error.isMalformed ? CLIFailure.malformed(error.description) : CLIFailure.rejected(error.description)
                }
                StandardStreams.write(try JSONOutput.line(VerifyOutput(valid: true, verdict: verdict)))
            }
        }
    }

    private struct VerifyOutput: Encodable {
        let valid: Bool
        let verdict: WalletProofVerdict

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(valid, forKey: .valid)
            try c.encode(verdict.walletType.rawValue, forKey: .walletType)
            try c.encode(verdict.address, forKey: .address)
            try c.encode(verdict.canonicalAddress, forKey: .canonicalAddress)
            try c.encode(verdict.scheme, forKey: .scheme)
            try c.encode(verdict.signer, forKey: .signer)
            try c.encode(verdict.addressBoundToKey, forKey: .addressBoundToKey)
        }

        enum CodingKeys: String, CodingKey { case valid, walletType, address, canonicalAddress, scheme, signer, addressBoundToKey }
    }
}
