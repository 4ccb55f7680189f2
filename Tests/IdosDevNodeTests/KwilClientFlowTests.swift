import Foundation
import IdosCrypto
import KwilKit
import TestSupport
import Testing
@testable import IdosDevNode

/// Seed flow 1 end to end with KwilKit's KwilClient over HTTP: the issuer (ed25519 delegate) adds Alice's
/// user and proven EVM wallet, Alice signs the node's DWG text, the issuer writes the credential pair by DWG,
/// and Alice, signed in through KGW, reads and decrypts her credential with her password-derived key.
@Suite(.enabled(if: TestEnvironment.databaseURL != nil, "needs PostgreSQL: set IDOS_TEST_DATABASE_URL (make test does)"))
struct KwilClientFlowTests {
    @Test func flow1OverJSONRPCWithKwilClient() async throws {
        let f = IdosFixture()
        let schema = LiveNode.freshSchema()
        defer { Task { try? await LiveNode.dropSchema(schema) } }
        guard case let .evm(aliceKey) = f.alice.key else { return }
        let issuerSigner = try Ed25519Signer(secretKey: f.issuerKey.seed)
        let aliceSigner = try EthPersonalSigner(privateKey: aliceKey.bytes)
        try await LiveNode.with(schema: schema, configure: { $0.delegates = f.delegates.map { (inserterName: $0.0, publicKeyHex: $0.1) } }) { node in
            let issuerClient = KwilClient(baseURL: node.baseURL, transport: URLSessionTransport())
            let aliceClient = KwilClient(baseURL: node.baseURL, transport: URLSessionTransport())
            let chain = try await issuerClient.chainInfo()
            #expect(chain.chainID == "idos-devnode")

            let proof = "Please sign this message to confirm you own this wallet address. Nonce \(UUID().lowercasedString)"
            let add = try await issuerClient.execute(
                ActionExecution(action: "add_user_as_inserter", rows: [[.uuid(f.aliceUserId), .text(Base64.encode(try f.aliceKeyPair().publicKey)), .text("user")]]),
                description: "Add a user to idOS", chainID: chain.chainID, signer: issuerSigner)
            #expect(add.code == 0, "\(add.log)")
            let wallet = try await issuerClient.execute(
                ActionExecution(action: "upsert_wallet_as_inserter", rows: [[
                    .uuid(UUID()), .uuid(f.aliceUserId), .text(f.alice.address), .null(.text), .text("EVM"), .text(proof),
                    .text(f.alice.signMessage(proof)),
                ]]), description: "Add a wallet to idOS by inserter (profile creator)", chainID: chain.chainID, signer: issuerSigner)
            #expect(wallet.code == 0, "\(wallet.log)")

            // Alice fetches and signs the DWG text from the node (an unsigned view call).
            var grant = f.writeGrant()
            let text = try await aliceClient.call(ActionCall(action: "dwg_message", arguments: [
                .text(grant.owner), .text(grant.grantee), .text(grant.issuerPublicKey), .uuid(grant.id), .text(grant.timelock),
                .text(grant.notBefore), .text(grant.notAfter),
            ]))
            guard case let .text(message)? = text.rows.first?.first else { Issue.record("no dwg_message"); return }
            grant.signature = f.alice.signMessage(message)

            let originalId = UUID()
            let args = try f.dwgArguments(plaintext: ActionFlowTests.plaintext, grant: grant, originalId: originalId)
            let write = try await issuerClient.execute(
                ActionExecution(action: "create_credentials_by_dwg", rows: [args.map(Self.kwilValue)]),
                description: "Add original credential and copy credential with AG on behalf of a user (using delegated write grant given by the user)",
                chainID: chain.chainID, signer: issuerSigner)
            #expect(write.code == 0, "\(write.log)")

            // Alice's identified read goes through KGW sign-in (−901, authenticate, retry) inside KwilClient.
            let owned = try await aliceClient.call(ActionCall(action: "get_credential_owned", arguments: [.uuid(originalId)]), signer: aliceSigner)
            let record = try #require(owned.records.first)
            guard case let .text(content)? = record["content"], case let .text(encryptor)? = record["encryptor_public_key"] else {
                Issue.record("content missing"); return
            }
            #expect(try IssuedCredential.open(content: content, encryptorPublicKey: encryptor, recipient: try f.aliceKeyPair()) == ActionFlowTests.plaintext)
            #expect(await aliceClient.hasSession(for: aliceSigner))

            // The same DWG cannot be used twice: mined with a failure, which KwilClient reports as an error.
            let reused = try f.dwgArguments(plaintext: "again", grant: grant).map(Self.kwilValue)
            await #expect(throws: KwilError.self) {
                _ = try await issuerClient.execute(ActionExecution(action: "create_credentials_by_dwg", rows: [reused]),
                                                   description: "reuse", chainID: chain.chainID, signer: issuerSigner)
            }
        }
    }

    static func kwilValue(_ argument: TypedArgument) -> KwilValue {
        switch argument.value {
        case let .text(s): .text(s)
        case let .uuid(u): .uuid(u)
        case let .int(i): .int8(i)
        case let .bool(b): .bool(b)
        case let .numeric(n): .numeric(n, precision: argument.type.precision, scale: argument.type.scale)
        case .null: .null(DataType(name: argument.type.name))
        }
    }
}
