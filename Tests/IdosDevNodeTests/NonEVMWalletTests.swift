import Foundation
import IdosCrypto
import IdosKit
import KwilKit
import TestSupport
import Testing
@testable import IdosDevNode

/// NEAR, XRPL, Stellar and FaceSign wallets on the node: proofs made outside our code are stored and checked
/// by `idos.is_wallet_valid`, found by the wallet-match rule W(x) of their type, refused when duplicated or
/// tampered, and their owners' write grants verify with the stored public key.
@Suite(.requiresPostgres)
struct NonEVMWalletTests {
    let f = IdosFixture()

    /// `upsert_wallet_as_inserter` arguments for a proof.
    static func wallet(_ id: UUID, user: UUID, type: String, address: String, publicKey: String?, message: String, signature: String) -> [KwilValue] {
        [Arg.uuid(id), Arg.uuid(user), Arg.text(address), Arg.text(publicKey), Arg.text(type), Arg.text(message), Arg.text(signature)]
    }

    static func wallet(_ id: UUID, user: UUID, _ proof: WalletVectors.Proof) -> [KwilValue] {
        wallet(id, user: user, type: proof.walletType, address: proof.address, publicKey: proof.publicKey, message: proof.message,
               signature: proof.signature)
    }

    /// Creates a user and stores one wallet for it; returns the user's id.
    func onboard(_ node: ChainHarness, _ args: (UUID) -> [KwilValue]) async throws -> UUID {
        let user = UUID()
        try await node.mustExecute(f.issuer, "add_user_as_inserter", [Arg.uuid(user), Arg.text("key-\(user)"), Arg.text("user")])
        try await node.mustExecute(f.issuer, "upsert_wallet_as_inserter", args(user))
        return user
    }

    @Test func ourNEARSignerReproducesTheSpecVector() {
        #expect(NEARPublicKey.encode(WalletVectors.nearKey.publicKey) == WalletVectors.nearPublicKey)
        #expect(Hex.encode(WalletVectors.nearKey.publicKey) == WalletVectors.nearAccount)
        #expect(WalletVectors.nearSign(WalletVectors.message) == WalletVectors.nearSignature)
        #expect(Hex.encode(WalletVectors.faceSignKey.sign(Array(WalletVectors.message.utf8))) == WalletVectors.faceSignSignature)
    }

    @Test func libraryMadeProofsAreStoredAndFoundByTheirTypesMatchRule() async throws {
        let xrpl = try #require(WalletVectors.proof("xrpl-ed25519-0")), xrplSecp = try #require(WalletVectors.proof("xrpl-secp256k1-0"))
        let stellar = try #require(WalletVectors.proof("stellar-raw-0"))
        try await ChainHarness.with(delegates: f.delegates) { node in
            let near = try await onboard(node) {
                Self.wallet(UUID(), user: $0, type: "NEAR", address: WalletVectors.nearAccount, publicKey: WalletVectors.nearPublicKey,
                            message: WalletVectors.message, signature: WalletVectors.nearSignature)
            }
            let face = try await onboard(node) {
                Self.wallet(UUID(), user: $0, type: "FaceSign", address: WalletVectors.faceSignAddress, publicKey: WalletVectors.faceSignAddress,
                            message: WalletVectors.message, signature: WalletVectors.faceSignSignature)
            }
            let ripple = try await onboard(node) { Self.wallet(UUID(), user: $0, xrpl) }
            let rippleSecp = try await onboard(node) { Self.wallet(UUID(), user: $0, xrplSecp) }
            let star = try await onboard(node) { Self.wallet(UUID(), user: $0, stellar) }

            // W(x): NEAR and FaceSign by public key, XRPL and Stellar by exact address.
            for (caller, user) in [(WalletVectors.nearPublicKey, near), (WalletVectors.faceSignAddress, face), (xrpl.address, ripple),
                                   (xrplSecp.address, rippleSecp), (stellar.address, star)] {
                #expect(try await node.call(caller, "get_user").value("id") == .uuid(user), "\(caller)")
                let wallets = try await node.call(caller, "get_wallets")
                #expect(wallets.rows.count == 1 && wallets.text("inserter") == "acme", "\(caller)")
            }
            #expect(try await node.call(WalletVectors.nearAccount, "get_user").rows.isEmpty, "a NEAR wallet is matched by its key, not its account")
            #expect(try await node.call(xrpl.address.lowercased(), "get_user").rows.isEmpty, "XRPL addresses are case-sensitive")
            #expect(try await node.call(stellar.address.lowercased(), "get_user").rows.isEmpty, "Stellar addresses are case-sensitive")
            let stored = try await node.call(stellar.address, "get_wallets")
            #expect(stored.text("public_key") == stellar.publicKey && stored.text("signature") == stellar.signature && stored.text("wallet_type") == "Stellar")
            // has_profile looks at addresses only, case-insensitively, for every type.
            for (address, expected) in [(WalletVectors.nearAccount, true), (WalletVectors.nearPublicKey, false), (xrpl.address.lowercased(), true),
                                        (stellar.address, true), (WalletVectors.faceSignAddress.uppercased(), true)] {
                #expect(try await node.call("", "has_profile", [Arg.text(address)]).value("has_profile") == .bool(expected), "\(address)")
            }
        }
    }

    @Test func duplicatesMissingKeysAndTamperedProofsAreRefused() async throws {
        let xrpl0 = try #require(WalletVectors.proof("xrpl-ed25519-0")), xrpl1 = try #require(WalletVectors.proof("xrpl-ed25519-1"))
        let raw = try #require(WalletVectors.proof("stellar-raw-0")), sep53 = try #require(WalletVectors.proof("stellar-sep53-0"))
        let keyless = try #require(WalletVectors.proof("stellar-sep53-base64-0"))
        #expect(WalletVectors.tampered.count == 13)
        try await ChainHarness.with(delegates: f.delegates) { node in
            let user = try await onboard(node) { Self.wallet(UUID(), user: $0, xrpl0) }
            func refused(_ args: [KwilValue], _ message: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
                let outcome = try await node.execute(f.issuer, "upsert_wallet_as_inserter", args)
                #expect(outcome.log == message, sourceLocation: sourceLocation)
            }
            // The same XRPL key with another proof: its public key is taken.
            try await refused(Self.wallet(UUID(), user: user, xrpl1), "wallet public key already exists in idos")
            try await node.mustExecute(f.issuer, "upsert_wallet_as_inserter", Self.wallet(UUID(), user: user, raw))
            // The same Stellar account with its key spelled as a StrKey: the key text differs, the address does not.
            try await refused(Self.wallet(UUID(), user: user, sep53), "wallet address already exists in idos")
            // A valid proof needs no public key for Stellar, but the node requires one to store it.
            try await refused(Self.wallet(UUID(), user: user, keyless), "wallet require a public_key to be given")
            try await refused(Self.wallet(UUID(), user: user, type: "NEAR", address: WalletVectors.nearAccount, publicKey: nil,
                                          message: WalletVectors.message, signature: WalletVectors.nearSignature), "wallet is invalid")
            for proof in WalletVectors.tampered {
                let outcome = try await node.execute(f.issuer, "upsert_wallet_as_inserter", Self.wallet(UUID(), user: user, proof))
                #expect(outcome.log == "wallet is invalid", "\(proof.name)")
            }
            #expect(try await node.call(xrpl0.address, "get_wallets").rows.count == 2)
        }
    }
}
