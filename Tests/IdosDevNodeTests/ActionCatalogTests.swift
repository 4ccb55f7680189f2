import Foundation
import IdosCrypto
import KwilKit
import IdosKit
import TestSupport
import Testing
@testable import IdosDevNode

/// The catalogue itself (idos-actions.md §6) and the actions the flows do not reach.
struct ActionCatalogTests {
    /// §6: name → (parameter count, VIEW, OWNER).
    static let index: [String: (Int, Bool, Bool)] = [
        "add_inserter_as_owner": (2, false, true), "delete_inserter_as_owner": (1, false, true), "add_delegate_as_owner": (2, false, true),
        "delete_delegate_as_owner": (1, false, true), "add_user_as_inserter": (3, false, false), "update_user_pub_key_as_inserter": (3, false, false),
        "get_user": (0, true, false), "get_user_as_inserter": (1, true, false), "upsert_wallet_as_inserter": (7, false, false),
        "add_wallet": (6, false, false), "get_wallets": (0, true, false), "remove_wallet": (1, false, false),
        "upsert_credential_as_inserter": (8, false, false), "add_credential": (7, false, false), "get_credentials": (0, true, false),
        "get_credentials_shared_by_user": (2, true, false), "edit_credential": (7, false, false), "edit_public_notes_as_issuer": (2, false, false),
        "remove_credential": (1, false, false), "rescind_shared_credential": (1, false, false), "share_credential": (11, false, false),
        "create_credentials_by_dwg": (21, false, false), "credential_exist_as_inserter": (1, true, false), "get_credential_owned": (1, true, false),
        "get_credential_shared": (1, true, false), "get_sibling_credential_id": (1, true, false), "add_attribute_as_inserter": (4, false, false),
        "add_attribute": (3, false, false), "get_attributes": (0, true, false), "edit_attribute": (3, false, false),
        "remove_attribute": (1, false, false), "share_attribute": (4, false, false), "dwg_message": (7, true, false),
        "revoke_access_grant": (1, false, false), "get_access_grants_owned": (0, true, false), "get_access_grants_granted": (3, true, false),
        "get_access_grants_granted_count": (1, true, false), "has_locked_access_grants": (1, true, false), "dag_message": (5, true, false),
        "create_ag_by_dag_for_copy": (6, false, false), "get_access_grants_for_credential": (1, true, false), "has_profile": (1, true, false),
        "check_balance": (2, true, false), "get_wallet_with_balance": (1, true, false), "request_withdrawal": (1, false, false),
        "get_allowance": (0, true, false), "action_costing_gas": (0, false, false), "action_costing_idos_token": (1, false, false),
        "get_issuer_fee": (1, true, false), "action_costing_fee": (1, false, false), "request_balance_withdrawal": (2, false, true),
    ]

    @Test func all51ClientVisibleActionsWithTheirArityAndModifiers() throws {
        #expect(Self.index.count == 51)
        #expect(Set(IdosActions.byName.keys) == Set(Self.index.keys))
        for (name, (count, view, owner)) in Self.index {
            let action = try #require(IdosActions.byName[name]?.action)
            #expect(action.parameters.count == count, "\(name)")
            #expect(action.isView == view, "\(name)")
            #expect(action.isOwner == owner, "\(name)")
        }
        #expect(IdosAction.privateNames.count == 9)
        #expect(IdosActions.byName["share_credential"]?.action.parameters.last?.type == .int8)
        #expect(IdosActions.byName["action_costing_idos_token"]?.action.parameters[0].type == .numeric(78, 0))
    }

    @Test func everyCatalogActionHasADevnodeBodyAndEveryBodyACatalogAction() {
        let catalog = Set(IdosAction.all.map(\.name))
        let bodies = Set(IdosActions.bodies.keys)
        #expect(catalog.subtracting(bodies).isEmpty, "catalog actions without a devnode body: \(catalog.subtracting(bodies).sorted())")
        #expect(bodies.subtracting(catalog).isEmpty, "devnode bodies outside the catalog: \(bodies.subtracting(catalog).sorted())")
        #expect(IdosActions.byName.count == IdosAction.all.count)
    }

    @Test func accessGrantIdsMatchTheSpecVectors() {
        let data = UUID(uuidString: "7c9e6679-7425-40de-944b-e07fc1f90ae7")!
        #expect(IdosExtension.accessGrantId(grantee: "0x5ccbe82FEDE13aecdA449eCA4D4dE05E45861684", dataId: data, lockedUntil: 0).lowercasedString
                == "54baccc1-773f-532b-a350-c3e23159f9be")
        #expect(IdosExtension.accessGrantId(grantee: "0x5ccbe82fede13aecda449eca4d4de05e45861684", dataId: data, lockedUntil: 1_767_225_600)
                .lowercasedString == "7774be13-70f8-5abd-af3f-aa11626d62b0")
    }

    @Test func datesParseStrictly() {
        #expect(DelegatedWriteGrant.unixSeconds("2025-02-11T13:35:57Z") == 1_739_280_957)
        #expect(DelegatedWriteGrant.unixSeconds("2025-02-11T13:35:57.000Z") == nil)
        #expect(DelegatedWriteGrant.unixSeconds("2025-02-30T00:00:00Z") == nil)
        #expect(IdosExtension.validateNotUsableTimes("2025-01-01T00:00:00Z", "2025-01-02T00:00:00Z"))
        #expect(!IdosExtension.validateNotUsableTimes("2025-01-02T00:00:00Z", "2025-01-01T00:00:00Z"))
        #expect(IdosExtension.verifiableCredentialId(publicNotes: #"{"id":"vc-1"}"#) == "vc-1")
        #expect(IdosExtension.verifiableCredentialId(publicNotes: "not json") == "")
    }

    @Test(.requiresPostgres)
    func attributesDAGsIssuerNotesRescindAndPaging() async throws {
        let f = IdosFixture()
        let consumer = TestActor.evm("consumer"), consumerKey = SealedBox.KeyPair.generate()
        try await ChainHarness.with(delegates: f.delegates) { node in
            try await f.onboardAlice(node)
            // Attributes: add, share (no AG), the copy cannot be edited, remove.
            let attribute = UUID(), shared = UUID()
            try await node.mustExecute(f.alice, "add_attribute", [Arg.uuid(attribute), Arg.text("country"), Arg.text("PT")])
            try await node.mustExecute(f.alice, "share_attribute", [Arg.uuid(shared), Arg.uuid(attribute), Arg.text("country"), Arg.text("PT")])
            #expect(try await node.call(f.alice.caller, "get_attributes").rows.count == 2)
            let edit = try await node.execute(f.alice, "edit_attribute", [Arg.uuid(shared), Arg.text("k"), Arg.text("v")])
            #expect(edit.log == "Can not edit shared attribute")
            try await node.mustExecute(f.issuer, "add_attribute_as_inserter", [Arg.uuid(UUID()), Arg.uuid(f.aliceUserId), Arg.text("a"), Arg.text("b")])
            try await node.mustExecute(f.alice, "remove_attribute", [Arg.uuid(attribute)])
            #expect(try await node.call(f.alice.caller, "get_attributes").rows.count == 2)

            // A credential by the inserter; the issuer edits its public notes by vc id.
            let credential = UUID()
            let issued = try IssuedCredential(plaintext: "vc", to: try f.aliceKeyPair().publicKey, publicNotes: #"{"id":"vc-7"}"#, issuer: f.issuerKey)
            try await node.mustExecute(f.issuer, "upsert_credential_as_inserter", [
                Arg.uuid(credential), Arg.uuid(f.aliceUserId), Arg.text(issued.issuerPublicKey), Arg.text(issued.encryptorPublicKey),
                Arg.text(issued.content), Arg.text(issued.publicNotes), Arg.text(issued.publicNotesSignature), Arg.text(issued.broaderSignature),
            ])
            #expect(try await node.call(f.issuer.caller, "credential_exist_as_inserter", [Arg.uuid(credential)]).value("credential_exist") == .bool(true))
            try await node.mustExecute(f.issuer, "edit_public_notes_as_issuer", [Arg.text("vc-7"), Arg.text(#"{"id":"vc-7","status":"revoked"}"#)])
            #expect(try await node.call(f.alice.caller, "get_credential_owned", [Arg.uuid(credential)]).text("public_notes")
                    == #"{"id":"vc-7","status":"revoked"}"#)
            let badSignature = try await node.execute(f.issuer, "upsert_credential_as_inserter", [
                Arg.uuid(UUID()), Arg.uuid(f.aliceUserId), Arg.text(issued.issuerPublicKey), Arg.text(issued.encryptorPublicKey),
                Arg.text(issued.content), Arg.text("tampered"), Arg.text(issued.publicNotesSignature), Arg.text(issued.broaderSignature),
            ])
            #expect(badSignature.log == "signature is wrong")

            // Alice shares a copy with the consumer, then signs a DAG for a second grant on it.
            let copyId = try await ActionFlowTests.share(f, on: node, originalId: credential, to: consumer, granteeKey: consumerKey, lockedUntil: 0,
                                                          originalNotes: #"{"id":"vc-7","status":"revoked"}"#)
            let hash = IssuedCredential.contentHash(ActionFlowTests.plaintext)
            let dagText = try #require(try await node.call("", "dag_message", [Arg.text(f.alice.address), Arg.text(consumer.caller), Arg.uuid(copyId),
                                                                                Arg.int(5), Arg.text(hash)]).text("message"))
            let dagArgs = [Arg.text(f.alice.address), Arg.text(consumer.caller), Arg.uuid(copyId), Arg.int(5), Arg.text(hash),
                           Arg.text(f.alice.signMessage(dagText))]
            try await node.mustExecute(consumer, "create_ag_by_dag_for_copy", dagArgs)
            #expect(try await node.execute(consumer, "create_ag_by_dag_for_copy", dagArgs).log
                    == "a grant with the same grantee, copy_credential_id, and locked_until already exists")
            var forged = dagArgs
            forged[5] = Arg.text(consumer.signMessage(dagText))
            #expect(try await node.execute(consumer, "create_ag_by_dag_for_copy", forged).log == "the dag_signature is invalid")

            // Paging and counting the consumer's grants (ordered by height, then id).
            #expect(try await node.call(consumer.caller, "get_access_grants_granted_count", [Arg.uuid(nil)]).value("count") == .int8(2))
            #expect(try await node.call(consumer.caller, "get_access_grants_granted", [Arg.uuid(f.aliceUserId), Arg.int(2), Arg.int(1)]).rows.count == 1)
            await #expect(throws: DevNodeError.raised("page has to be a positive integer")) {
                _ = try await node.call(consumer.caller, "get_access_grants_granted", [Arg.uuid(nil), Arg.int(0), Arg.int(1)])
            }
            #expect(try await node.call(consumer.caller, "get_credentials_shared_by_user", [Arg.uuid(f.aliceUserId), Arg.text(nil)]).rows.count == 1)
            #expect(try await node.call(consumer.caller, "get_access_grants_for_credential", [Arg.uuid(copyId)]).rows.count == 2)

            // The consumer rescinds the copy: it and all its grants go.
            try await node.mustExecute(consumer, "rescind_shared_credential", [Arg.uuid(copyId)])
            #expect(try await node.call(consumer.caller, "get_access_grants_granted_count", [Arg.uuid(nil)]).value("count") == .int8(0))
            #expect(try await node.execute(consumer, "rescind_shared_credential", [Arg.uuid(copyId)]).log == "can not find the credential shared to you")

            // Gas model: allowance, a 1.2-gas action, fees and balances.
            #expect(try await node.call(f.alice.caller, "get_allowance").value("gas_allowance") == .numeric("100000000000000000000", precision: 78, scale: 0))
            try await node.mustExecute(f.alice, "action_costing_gas", [])
            #expect(try await node.call(f.alice.caller, "get_allowance").value("gas_allowance") == .numeric("98800000000000000000", precision: 78, scale: 0))
            #expect(try await node.call(f.alice.caller, "get_issuer_fee", [Arg.uuid(credential)]).value("issuer_fee") == .numeric("0", precision: 78, scale: 0))
            await #expect(throws: DevNodeError.raised("invalid token")) { _ = try await node.call("", "check_balance", [Arg.text(f.alice.address), Arg.text("BTC")]) }
            #expect(try await node.call("", "check_balance", [Arg.text(f.alice.address), Arg.text("IDOS")]).value("balance") == .numeric("0", precision: 78, scale: 0))
            #expect(try await node.execute(f.alice, "request_withdrawal", [Arg.text("IDOS")]).log == "no wallet with balance found")
        }
    }
}
