import Foundation
import IdosCrypto
import KwilKit
import IdosKit
import TestSupport
import Testing
@testable import IdosDevNode

/// Refusals at the action and chain layers: DWG windows and reuse, non-delegates, Kwil's argument checks,
/// nonce rules, and that a failing tx changes nothing.
@Suite(.requiresPostgres)
struct ActionNegativeTests {
    static let plaintext = "{\"credential\":\"negative\"}"

    @Test func expiredDWGIsRefused() async throws {
        let f = IdosFixture()
        try await ChainHarness.with(delegates: f.delegates) { node in
            try await f.onboardAlice(node)
            let grant = try await f.sign(f.writeGrant(notBefore: Date().addingTimeInterval(-7200), notAfter: Date().addingTimeInterval(-3600)), on: node)
            let outcome = try await node.execute(f.issuer, "create_credentials_by_dwg", try f.dwgArguments(plaintext: Self.plaintext, grant: grant))
            #expect(outcome.log == "this write grant can only be used after dwg_not_before and before dwg_not_after")
        }
    }

    @Test func notYetValidDWGIsRefusedButSkewOf65SecondsIsTolerated() async throws {
        let f = IdosFixture()
        try await ChainHarness.with(delegates: f.delegates) { node in
            try await f.onboardAlice(node)
            let early = try await f.sign(f.writeGrant(notBefore: Date().addingTimeInterval(600)), on: node)
            let refused = try await node.execute(f.issuer, "create_credentials_by_dwg", try f.dwgArguments(plaintext: Self.plaintext, grant: early))
            #expect(refused.log == "this write grant can only be used after dwg_not_before and before dwg_not_after")
            let skewed = try await f.sign(f.writeGrant(notBefore: Date().addingTimeInterval(30)), on: node)
            try await node.mustExecute(f.issuer, "create_credentials_by_dwg", try f.dwgArguments(plaintext: Self.plaintext, grant: skewed))
        }
    }

    @Test func reusedDWGFailsAndChangesNothing() async throws {
        let f = IdosFixture()
        try await ChainHarness.with(delegates: f.delegates) { node in
            try await f.onboardAlice(node)
            let grant = try await f.sign(f.writeGrant(), on: node)
            try await node.mustExecute(f.issuer, "create_credentials_by_dwg", try f.dwgArguments(plaintext: Self.plaintext, grant: grant))
            let second = UUID()
            let reuse = try await node.execute(f.issuer, "create_credentials_by_dwg",
                                               try f.dwgArguments(plaintext: "other", grant: grant, originalId: second))
            #expect(reuse.code == TxOutcome.failedCode)
            #expect(reuse.log.contains("consumed_write_grants_pkey"), "a reused DWG fails last, on the primary key: \(reuse.log)")
            #expect(try await node.call(f.alice.caller, "get_credential_owned", [Arg.uuid(second)]).rows.isEmpty, "the whole tx rolled back")
            #expect(try await node.call(f.alice.caller, "get_credentials").rows.count == 2)
        }
    }

    @Test func dwgSignedByAnotherWalletFailsOwnerVerification() async throws {
        let f = IdosFixture()
        try await ChainHarness.with(delegates: f.delegates) { node in
            try await f.onboardAlice(node)
            let forged = try await f.sign(f.writeGrant(), on: node, by: TestActor.evm("mallory"))
            let outcome = try await node.execute(f.issuer, "create_credentials_by_dwg", try f.dwgArguments(plaintext: Self.plaintext, grant: forged))
            #expect(outcome.log == "verify owner failed")
        }
    }

    @Test func nonDelegateIssuerIsRefused() async throws {
        let f = IdosFixture()
        let stranger = TestActor.ed25519("stranger")
        try await ChainHarness.with(delegates: f.delegates) { node in
            let add = try await node.execute(stranger, "add_user_as_inserter", [Arg.uuid(UUID()), Arg.text("key"), Arg.text("user")])
            #expect(add.log == "Unauthorized inserter")
            try await f.onboardAlice(node)
            var grant = f.writeGrant()
            grant.issuerPublicKey = stranger.publicKeyHex
            let signed = try await f.sign(grant, on: node)
            let dwg = try await node.execute(f.issuer, "create_credentials_by_dwg", try f.dwgArguments(plaintext: Self.plaintext, grant: signed))
            #expect(dwg.log == "credentials issuer must be an issuer of delegated write grant")
        }
    }

    @Test func kwilArgumentChecks() async throws {
        let f = IdosFixture()
        try await ChainHarness.with(delegates: f.delegates) { node in
            let unknown = try await node.execute(f.issuer, "drop_everything", [])
            #expect(unknown.code != 0 && unknown.log.contains("not found"))
            let wrongType = try await node.execute(f.issuer, "add_user_as_inserter", [Arg.text("not-a-uuid"), Arg.text("k"), Arg.text("user")])
            #expect(wrongType.log == "expected argument 1 to be uuid, got text")
            let wrongCount = try await node.execute(f.issuer, "add_user_as_inserter", [Arg.uuid(UUID())])
            #expect(wrongCount.log.contains("expects 3 arguments, got 1"))
            let privateAction = try await node.execute(f.issuer, "create_access_grant", [])
            #expect(privateAction.log == "action create_access_grant is private")
            let owner = try await node.execute(f.issuer, "add_inserter_as_owner", [Arg.uuid(UUID()), Arg.text("x")])
            #expect(owner.log == "action add_inserter_as_owner can only be executed by the owner")
            await #expect(throws: DevNodeError.engine("action add_user_as_inserter requires a writer connection: it is not a VIEW action")) {
                _ = try await node.call("", "add_user_as_inserter", [Arg.uuid(UUID()), Arg.text("k"), Arg.text("user")])
            }
            // Each failed tx still used its nonce.
            #expect(try await node.runtime.store.committedNonce(f.issuer.account) == 5)
        }
    }

    @Test func ownerActionsRunForTheConfiguredOwner() async throws {
        let owner = TestActor.ed25519("owner"), delegate = TestActor.ed25519("delegate")
        try await ChainHarness.with(owner: owner.caller) { node in
            let inserter = UUID()
            try await node.mustExecute(owner, "add_inserter_as_owner", [Arg.uuid(inserter), Arg.text("acme")])
            try await node.mustExecute(owner, "add_delegate_as_owner", [Arg.text(delegate.publicKeyHex.uppercased()), Arg.uuid(inserter)])
            try await node.mustExecute(delegate, "add_user_as_inserter", [Arg.uuid(UUID()), Arg.text("k"), Arg.text("mpc")])
            let badStore = try await node.execute(delegate, "add_user_as_inserter", [Arg.uuid(UUID()), Arg.text("k"), Arg.text("cloud")])
            #expect(badStore.log.contains("check constraint"))
        }
    }

    @Test func nonceGapAndReplayAreRefused() async throws {
        let f = IdosFixture()
        try await ChainHarness.with(delegates: f.delegates) { node in
            let args = [Arg.uuid(UUID()), Arg.text("k"), Arg.text("user")]
            await #expect(throws: ChainState.Refusal.self) { try await node.submit(f.issuer, "add_user_as_inserter", args, nonce: 2) }
            try await node.submit(f.issuer, "add_user_as_inserter", args, nonce: 1)
            await #expect(throws: ChainState.Refusal.self) { try await node.submit(f.issuer, "add_user_as_inserter", args, nonce: 1) }
            try await node.producer.runOnce()
            await #expect(throws: ChainState.Refusal.self) { try await node.submit(f.issuer, "add_user_as_inserter", args, nonce: 1) }
            #expect(try await node.runtime.store.committedNonce(f.issuer.account) == 1)
        }
    }

    @Test func walletRulesAndNocaseMatching() async throws {
        let f = IdosFixture()
        try await ChainHarness.with(delegates: f.delegates) { node in
            try await f.onboardAlice(node)
            // Alice's lower-case address finds her profile; has_profile is NOCASE too.
            #expect(try await node.call(f.alice.caller.lowercased(), "get_user").rows.count == 1)
            #expect(try await node.call("", "has_profile", [Arg.text(f.alice.address.uppercased().replacingOccurrences(of: "0X", with: "0x"))]).value("has_profile") == .bool(true))
            // The same address again, in another case, is a duplicate.
            let message = "prove"
            let again = try await node.execute(f.issuer, "upsert_wallet_as_inserter", [
                Arg.uuid(UUID()), Arg.uuid(f.aliceUserId), Arg.text(f.alice.address.lowercased()), Arg.text(nil), Arg.text("EVM"),
                Arg.text(message), Arg.text(f.alice.signMessage(message)),
            ])
            #expect(again.log == "wallet address already exists in idos")
            let invalid = try await node.execute(f.issuer, "upsert_wallet_as_inserter", [
                Arg.uuid(UUID()), Arg.uuid(f.aliceUserId), Arg.text(TestActor.evm("x").address), Arg.text(nil), Arg.text("EVM"),
                Arg.text(message), Arg.text(f.alice.signMessage(message)),
            ])
            #expect(invalid.log == "wallet is invalid")
            let unsupported = try await node.execute(f.issuer, "upsert_wallet_as_inserter", [
                Arg.uuid(UUID()), Arg.uuid(f.aliceUserId), Arg.text("x"), Arg.text(nil), Arg.text("evm"), Arg.text(message), Arg.text("00"),
            ])
            #expect(unsupported.log == "unsupported wallet type")
            let connected = try await node.call(f.alice.caller, "get_wallets")
            let remove = try await node.execute(f.alice, "remove_wallet", [Arg.uuid(try #require(connected.value("id")?.uuidValue))])
            #expect(remove.log == "You can not delete a wallet you are connected with. To delete this wallet you have to connect other wallet.")
            // Inserter recording.
            let asInserter = try await node.call(f.issuer.caller, "get_user_as_inserter", [Arg.uuid(f.aliceUserId)])
            #expect(asInserter.text("inserter") == "acme")
            #expect(connected.text("inserter") == "acme")
        }
    }
}
