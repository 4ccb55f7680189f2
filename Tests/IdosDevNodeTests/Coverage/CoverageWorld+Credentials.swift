import Foundation
import IdosCrypto
import IdosKit
import KwilKit
import Testing
@testable import IdosDevNode

/// §3.4: credentials written by DWG, by the inserter and by the user; shared, read, edited, removed and
/// rescinded, with every refusal on the way.
extension CoverageWorld {
    func credentials(_ node: CoveredNode) async throws -> CoverageState {
        let aliceKey = try f.aliceKeyPair().publicKey
        // The issuer's DWG write: an original for Alice and a copy for the issuer (access grant, no lock).
        let dwgOriginal = UUID(), dwgCopy = UUID()
        let grant = try await sign(f.writeGrant(), on: node)
        try await node.mustExecute(issuer, "create_credentials_by_dwg",
                                   try f.dwgArguments(plaintext: ActionFlowTests.plaintext, grant: grant, originalId: dwgOriginal, copyId: dwgCopy))
        #expect(try await node.call(issuer.caller, "credential_exist_as_inserter", [Arg.uuid(dwgOriginal)]).value("credential_exist") == .bool(true))
        await node.expectCallFailure(stranger.caller, "credential_exist_as_inserter", [Arg.uuid(dwgOriginal)], "Unauthorized inserter")
        try await node.expectFailure(stranger, "upsert_credential_as_inserter",
                                     [Arg.uuid(UUID()), Arg.uuid(f.aliceUserId), Arg.text(""), Arg.text(""), Arg.text(""), Arg.text(""), Arg.text(""),
                                      Arg.text("")], "Unauthorized inserter")

        // An inserter write; the issuer revokes it by editing its public notes (matched by the notes' id).
        let inserted = UUID()
        let row = try credential(to: aliceKey, notes: #"{"id":"vc-7"}"#)
        var upsert = [Arg.uuid(inserted), Arg.uuid(f.aliceUserId), Arg.text(row.issuerPublicKey), Arg.text(row.encryptorPublicKey), Arg.text(row.content),
                      Arg.text(row.publicNotes), Arg.text(row.publicNotesSignature), Arg.text(row.broaderSignature)]
        try await node.mustExecute(issuer, "upsert_credential_as_inserter", upsert)
        upsert[5] = Arg.text(#"{"id":"vc-7","tampered":true}"#)
        try await node.expectFailure(issuer, "upsert_credential_as_inserter", upsert, "signature is wrong")
        try await node.mustExecute(issuer, "edit_public_notes_as_issuer", [Arg.text("vc-7"), Arg.text(#"{"id":"vc-7","status":"revoked"}"#)])
        #expect(try await node.call(alice.caller, "get_credential_owned", [Arg.uuid(inserted)]).text("public_notes") == #"{"id":"vc-7","status":"revoked"}"#)

        // Alice adds one of her own, edits it, lists everything; the DWG copy (it has a grant) cannot be edited.
        let own = UUID(), aliceSigner = Ed25519.PrivateKey.generate()
        let mine = try credential("mine", to: aliceKey, notes: #"{"id":"mine"}"#, signer: aliceSigner)
        let add = [Arg.uuid(own), Arg.text(mine.issuerPublicKey), Arg.text(mine.encryptorPublicKey), Arg.text(mine.content), Arg.text(mine.publicNotes),
                   Arg.text(mine.publicNotesSignature), Arg.text(mine.broaderSignature)]
        try await node.mustExecute(alice, "add_credential", add)
        var badAdd = add
        badAdd[0] = Arg.uuid(UUID())
        badAdd[4] = Arg.text("other notes")
        try await node.expectFailure(alice, "add_credential", badAdd, "signature is wrong")
        let edited = try credential("edited", to: aliceKey, notes: #"{"id":"mine-2"}"#, signer: aliceSigner)
        let edit = { (id: UUID) in
            [Arg.uuid(id), Arg.text(edited.publicNotes), Arg.text(edited.publicNotesSignature), Arg.text(edited.broaderSignature), Arg.text(edited.content),
             Arg.text(edited.encryptorPublicKey), Arg.text(edited.issuerPublicKey)]
        }
        try await node.mustExecute(alice, "edit_credential", edit(own))
        try await node.expectFailure(alice, "edit_credential", edit(dwgCopy), "can not edit shared credential")
        #expect(try await node.call(alice.caller, "get_credentials").rows.count == 4)

        // Alice shares her DWG original with Bob; he finds and reads it; the refusals of sharing and reading.
        let bobCopy = UUID()
        try await node.mustExecute(alice, "share_credential", try shareArguments(copy: bobCopy, of: dwgOriginal, grantee: bob, granteeKey: bobKey, lockedUntil: 0))
        let shared = try await node.call(bob.caller, "get_credential_shared", [Arg.uuid(bobCopy)])
        #expect(try IssuedCredential.open(content: try #require(shared.text("content")), encryptorPublicKey: try #require(shared.text("encryptor_public_key")),
                                          recipient: bobKey) == ActionFlowTests.plaintext)
        #expect(try await node.call(bob.caller, "get_credentials_shared_by_user", [Arg.uuid(f.aliceUserId), Arg.text(nil)]).rows.count == 1)
        let hash = IssuedCredential.contentHash(ActionFlowTests.plaintext)
        #expect(try await node.call(bob.caller, "get_sibling_credential_id", [Arg.text(hash)]).value("id") == .uuid(bobCopy))
        try await node.expectFailure(bob, "share_credential", try shareArguments(copy: UUID(), of: dwgOriginal, grantee: bob, granteeKey: bobKey, lockedUntil: 0),
                                     "original credential does not belong to the caller")
        try await node.expectFailure(alice, "share_credential",
                                     try shareArguments(copy: UUID(), of: dwgOriginal, grantee: bob, granteeKey: bobKey, lockedUntil: 0, notes: "x"),
                                     "shared credentials cannot have public_notes, it must be an empty string")
        await node.expectCallFailure(bob.caller, "get_credential_shared", [Arg.uuid(UUID())], "the credential does not exist")
        await node.expectCallFailure(dapp.caller, "get_credential_shared", [Arg.uuid(bobCopy)], "the credential is not shared with the caller")
        #expect(try await node.call(alice.caller, "get_credential_owned", [Arg.uuid(bobCopy)]).rows.count == 1, "a copy is stored under the sharer")

        // Removing: not Bob's to remove; Alice may. Rescinding: only the grantee may.
        try await node.expectFailure(bob, "remove_credential", [Arg.uuid(own)], "the credential does not belong to the caller")
        try await node.mustExecute(alice, "remove_credential", [Arg.uuid(own)])
        try await node.expectFailure(dapp, "rescind_shared_credential", [Arg.uuid(bobCopy)], "can not find the credential shared to you")
        try await node.mustExecute(bob, "rescind_shared_credential", [Arg.uuid(bobCopy)])
        #expect(try await node.call(alice.caller, "get_credential_owned", [Arg.uuid(bobCopy)]).rows.isEmpty)

        // A copy for the dApp, locked for an hour: Alice cannot remove it.
        let lockedCopy = UUID(), lockedUntil = Int64(Date().timeIntervalSince1970) + 3_600
        try await node.mustExecute(alice, "share_credential",
                                   try shareArguments(copy: lockedCopy, of: inserted, grantee: dapp, granteeKey: dappKey, lockedUntil: lockedUntil))
        try await node.expectFailure(alice, "remove_credential", [Arg.uuid(lockedCopy)], "there are locked access grants for this credential")
        return CoverageState(dwgOriginal: dwgOriginal, dwgCopy: dwgCopy, lockedCopy: lockedCopy)
    }
}
