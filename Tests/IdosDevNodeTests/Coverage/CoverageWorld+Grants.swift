import Foundation
import IdosCrypto
import IdosKit
import KwilKit
import Testing
@testable import IdosDevNode

/// §3.6 and §4.6: every refusal of a DWG, in the node's check order; §3.5 attributes; §3.7 access grants
/// and delegated access grants.
extension CoverageWorld {
    func writeGrants(_ node: CoveredNode) async throws {
        func refused(_ grant: SignedDelegatedWriteGrant, _ message: String, edit: (inout [KwilValue]) -> Void = { _ in },
                     sourceLocation: SourceLocation = #_sourceLocation) async throws {
            var args = try f.dwgArguments(plaintext: "dwg", grant: grant)
            edit(&args)
            try await node.expectFailure(issuer, "create_credentials_by_dwg", args, message, sourceLocation: sourceLocation)
        }
        var foreignIssuer = f.writeGrant()
        foreignIssuer.issuerPublicKey = stranger.publicKeyHex
        try await refused(try await sign(foreignIssuer, on: node), "credentials issuer must be an issuer of delegated write grant")
        var unknownOwner = f.writeGrant()
        unknownOwner.ownerWalletIdentifier = TestActor.evm("nobody").address
        try await refused(try await sign(unknownOwner, on: node), "dwg_owner not found")
        // dwg_message refuses to render a grant whose window is reversed, so Alice signs the text herself.
        let reversed = f.writeGrant(notBefore: Date().addingTimeInterval(600), notAfter: Date())
        let reversedArgs = try IdosActionCall.dwgMessage(reversed).arguments
        await node.expectCallFailure("", "dwg_message", reversedArgs, "not_usable_before must be before not_usable_after")
        try await refused(SignedDelegatedWriteGrant(grant: reversed, signature: alice.signMessage(reversed.message)),
                          "dwg_not_before must be before dwg_not_after")
        let expired = f.writeGrant(notBefore: Date().addingTimeInterval(-7_200), notAfter: Date().addingTimeInterval(-3_600))
        try await refused(try await sign(expired, on: node), "this write grant can only be used after dwg_not_before and before dwg_not_after")
        try await refused(try await sign(f.writeGrant(), on: node, by: TestActor.evm("mallory")), "verify owner failed")
        let good = try await sign(f.writeGrant(), on: node)
        // Indexes of §3.4.10: 5 the original's notes signature, 10 the copy's.
        try await refused(good, "an original credential signature is wrong") { $0[5] = $0[10] }
        try await refused(good, "a copy credential signature is wrong") { $0[10] = $0[5] }
    }

    func attributes(_ node: CoveredNode) async throws {
        let original = UUID(), copy = UUID()
        try await node.mustExecute(alice, "add_attribute", [Arg.uuid(original), Arg.text("country"), Arg.text("PT")])
        try await node.mustExecute(alice, "share_attribute", [Arg.uuid(copy), Arg.uuid(original), Arg.text("country"), Arg.text("PT")])
        try await node.mustExecute(issuer, "add_attribute_as_inserter", [Arg.uuid(UUID()), Arg.uuid(f.aliceUserId), Arg.text("level"), Arg.text("basic")])
        try await node.expectFailure(alice, "edit_attribute", [Arg.uuid(copy), Arg.text("country"), Arg.text("ES")], "Can not edit shared attribute")
        try await node.mustExecute(alice, "edit_attribute", [Arg.uuid(original), Arg.text("country"), Arg.text("ES")])
        let listed = try await node.call(alice.caller, "get_attributes")
        #expect(listed.rows.count == 3)
        #expect(listed.rows.contains { $0[0] == .uuid(copy) && $0[4] == .uuid(original) }, "a shared copy names its original")
        try await node.mustExecute(alice, "remove_attribute", [Arg.uuid(original)])
        #expect(try await node.call(alice.caller, "get_attributes").rows.count == 2)
    }

    func accessGrants(_ node: CoveredNode, _ state: CoverageState) async throws {
        let owned = try await node.call(alice.caller, "get_access_grants_owned")
        let lockedGrant = try #require(owned.rows.first { $0[3] == .uuid(state.lockedCopy) }?[0].uuidValue)
        let dwgGrant = try #require(owned.rows.first { $0[3] == .uuid(state.dwgCopy) }?[0].uuidValue)
        try await node.expectFailure(alice, "revoke_access_grant", [Arg.uuid(UUID())], "the access grant not found")
        try await node.expectFailure(alice, "revoke_access_grant", [Arg.uuid(lockedGrant)], "the grant is locked")
        #expect(try await node.call(alice.caller, "has_locked_access_grants", [Arg.uuid(state.lockedCopy)]).value("has") == .bool(true))
        try await node.mustExecute(alice, "revoke_access_grant", [Arg.uuid(dwgGrant)])

        await node.expectCallFailure(dapp.caller, "get_access_grants_granted", [Arg.uuid(nil), Arg.int(0), Arg.int(10)], "page has to be a positive integer")
        await node.expectCallFailure(dapp.caller, "get_access_grants_granted", [Arg.uuid(nil), Arg.int(1), Arg.int(0)], "size has to be a positive integer")
        #expect(try await node.call(dapp.caller, "get_access_grants_granted", [Arg.uuid(f.aliceUserId), Arg.int(1), Arg.int(10)]).rows.count == 1)
        #expect(try await node.call(dapp.caller, "get_access_grants_granted_count", [Arg.uuid(nil)]).value("count") == .int8(1))

        // A delegated access grant: Alice signs it, Bob submits it; then every refusal of §3.7.7.
        let hash = IssuedCredential.contentHash(ActionFlowTests.plaintext)
        func dag(owner: TestActor, data: UUID, signer: TestActor? = nil) async throws -> [KwilValue] {
            let fields = [Arg.text(owner.address), Arg.text(bob.caller), Arg.uuid(data), Arg.int(5), Arg.text(hash)]
            let text = try #require(try await node.call("", "dag_message", fields).text("message"))
            return fields + [Arg.text((signer ?? owner).signMessage(text))]
        }
        let granted = try await dag(owner: alice, data: state.lockedCopy)
        try await node.mustExecute(bob, "create_ag_by_dag_for_copy", granted)
        try await node.expectFailure(bob, "create_ag_by_dag_for_copy", granted,
                                     "a grant with the same grantee, copy_credential_id, and locked_until already exists")
        try await node.expectFailure(bob, "create_ag_by_dag_for_copy", try await dag(owner: alice, data: state.lockedCopy, signer: bob),
                                     "the dag_signature is invalid")
        var unknown = granted
        unknown[0] = Arg.text(TestActor.evm("nobody").address)
        try await node.expectFailure(bob, "create_ag_by_dag_for_copy", unknown, "dag_owner not found")
        try await node.expectFailure(bob, "create_ag_by_dag_for_copy", try await dag(owner: bob, data: state.lockedCopy), "the data_id does not belong to the owner")
        #expect(try await node.call(bob.caller, "get_access_grants_for_credential", [Arg.uuid(state.lockedCopy)]).rows.count == 1)
    }
}
