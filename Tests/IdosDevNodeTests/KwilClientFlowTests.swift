import Foundation
import IdosCrypto
import IdosKit
import KwilKit
import TestSupport
import Testing
@testable import IdosDevNode

/// Seed flow 1 end to end with KwilKit's KwilClient over HTTP: the issuer (ed25519 delegate) adds Alice's
/// user and proven EVM wallet, Alice signs the node's DWG text, the issuer writes the credential pair by DWG,
/// and Alice, signed in through KGW, reads and decrypts her credential with her password-derived key.
@Suite(.requiresPostgres)
struct KwilClientFlowTests {
    @Test func flow1OverJSONRPCWithKwilClient() async throws {
        try await HTTPSeedWorld.with { w in
            #expect(w.chainID == "idos-devnode")
            try await w.onboardAlice()
            let user = try await w.alice.call("get_user")
            #expect(user.first("id") == .uuid(w.fixture.aliceUserId))

            // Alice signs the node's DWG text; the issuer writes the credential pair by DWG.
            let grant = try await w.signedWriteGrant()
            let originalId = UUID()
            let args = try w.fixture.dwgArguments(plaintext: ActionFlowTests.plaintext, grant: grant, originalId: originalId)
            let write = try await w.issuer.execute("create_credentials_by_dwg", args)
            #expect(write.code == 0, "\(write.log)")

            // Alice's identified read goes through KGW sign-in (−901, authenticate, retry) inside KwilClient.
            let owned = try await w.alice.call("get_credential_owned", [.uuid(originalId)])
            #expect(owned.text("inserter") == grant.grant.id.lowercasedString, "a DWG write records the DWG id as inserter")
            #expect(try IssuedCredential.open(content: try #require(owned.text("content")), encryptorPublicKey: try #require(owned.text("encryptor_public_key")),
                                              recipient: try w.fixture.aliceKeyPair()) == ActionFlowTests.plaintext)
            #expect(await w.alice.client.hasSession(for: w.alice.signer))

            // The same DWG cannot be used twice: mined with a failure, which KwilClient reports as an error.
            let reused = try w.fixture.dwgArguments(plaintext: "again", grant: grant)
            let log = try await w.issuer.failureLog { () throws(KwilError) in try await w.issuer.execute("create_credentials_by_dwg", reused) }
            #expect(log != nil, "a reused DWG must be refused")
        }
    }
}
