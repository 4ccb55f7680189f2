import Foundation
import IdosCrypto
import IdosKit
import IssuerAPI
import IssuerStore
import IssuerTestSupport
import IssuerEngine
import PostgresNIO
import HTTPTypes
import KwilKit
import TestSupport
import Testing
import VerifiableCredentials

/// Seed flow 1 through the HTTP API, end to end on the devnode: challenge → wallet signature → user on the
/// node → derived key → write grant → DWG signature → credential → the original decrypts with the derived
/// key and the VC verifies against GET /v1/issuer.
@Suite(.requiresPostgres)
struct OnboardingTests {
    /// A user's side: a wallet of some type, her password.
    struct Wallet: Sendable {
        enum Key: Sendable { case evm(Secp256k1.PrivateKey), near(Ed25519.PrivateKey) }
        let key: Key
        var type: String { if case .evm = key { "EVM" } else { "NEAR" } }
        var address: String {
            switch key {
            case .evm(let k): EthereumAddress.checksummed(EthereumAddress.fromPublicKey(k.publicKey()))
            case .near(let k): Hex.encode(k.publicKey)
            }
        }
        var publicKey: String? { if case .near(let k) = key { NEARPublicKey.encode(k.publicKey) } else { nil } }
        func sign(_ message: String) -> String {
            switch key {
            case .evm(let k): return "0x" + Hex.encode(EIP191.sign(Array(message.utf8), key: k))
            case .near(let k):
                var nonce = [UInt8](repeating: 0, count: 32)
                for i in nonce.indices { nonce[i] = UInt8.random(in: 0...255) }
                let payload = NEP413(message: message, nonce: nonce, recipient: WalletProof.nearRecipient)
                return Hex.encode(payload.blob(signature: k.sign(payload.signingHash)))
            }
        }
    }

    // nonisolated(unsafe): immutable literals, only read (Foundation JSON values are not Sendable).
    nonisolated(unsafe) static let fields: [String: Any] = ["id": "https://issuer.example/idos/credentials/\(UUID().uuidString.lowercased())", "level": "plus",
                                        "issued": "2026-01-01T00:00:00Z", "approvedAt": "2026-01-01T00:00:00Z",
                                        "expirationDate": "2030-01-01T00:00:00Z"]
    nonisolated(unsafe) static let subject: [String: Any] = [
        "id": "uuid:\(UUID().uuidString.lowercased())", "firstName": "Alice", "familyName": "Liddell", "dateOfBirth": "1990-05-04",
        "placeOfBirth": "Oxford", "idDocumentCountry": "GB", "idDocumentNumber": "123456789", "idDocumentType": "PASSPORT",
        "idDocumentDateOfIssue": "2020-01-01", "idDocumentFrontFile": Data("front".utf8).base64EncodedString(),
        "selfieFile": Data("selfie".utf8).base64EncodedString(),
    ]

    /// Onboards a user through the API and returns her id and derived key pair.
    static func onboard(_ api: APIWorld, wallet: Wallet, password: String = "correct horse battery staple") async throws
        -> (userID: String, keys: SealedBox.KeyPair) {
        var body: [String: Any] = ["walletType": wallet.type, "address": wallet.address]
        if let pk = wallet.publicKey { body["publicKey"] = pk }
        let challenge = try await api.call(.post, "/v1/wallet-challenges", json: body)
        #expect(challenge.status == 201)
        let message = try #require(challenge.json["message"] as? String)
        #expect(message.contains(APIWorld.issuerName))
        let userID = try #require(challenge.json["userId"] as? String)
        let keys = try IdosKeyDerivation.deriveKeyPair(password: password, userId: userID)
        var create: [String: Any] = ["challengeId": try #require(challenge.json["id"] as? String), "signature": wallet.sign(message),
                                     "recipientEncryptionPublicKey": Base64.encode(keys.publicKey), "encryptionPasswordStore": "user"]
        if let pk = wallet.publicKey { create["publicKey"] = pk }
        let user = try await api.call(.post, "/v1/users", json: create)
        #expect(user.status == 202, "\(String(decoding: user.body, as: UTF8.self))")
        #expect(user.json["status"] as? String == "pending")
        #expect(user.json["id"] as? String == userID)
        try await api.eventually("/v1/users/\(userID)", "user created on the node") { $0["status"] as? String == "created" }
        return (userID, keys)
    }

    @Test(arguments: ["EVM", "NEAR"])
    func seedFlowOneThroughTheAPI(walletType: String) async throws {
        try await APIWorld.with { api in
            let wallet = Wallet(key: walletType == "EVM" ? .evm(.generate()) : .near(.generate()))
            let (userID, keys) = try await Self.onboard(api, wallet: wallet)
            // The node has her, with her wallet.
            #expect(try await api.world.nodeCount("SELECT count(*) FROM \(api.world.nodeSchema).users WHERE id = '\(userID)'") == 1)
            #expect(try await api.world.nodeCount("SELECT count(*) FROM \(api.world.nodeSchema).wallets WHERE user_id = '\(userID)'") == 1)

            let grant = try await api.call(.post, "/v1/users/\(userID)/write-grants", json: [String: Any]())
            #expect(grant.status == 201)
            let grantMessage = try #require(grant.json["message"] as? String)
            #expect(grant.json["granteeWalletIdentifier"] as? String == api.world.service.issuerAuthPublicKey)
            let issued = try await api.call(.post, "/v1/credentials", json: [
                "userId": userID, "writeGrant": ["id": try #require(grant.json["id"] as? String), "signature": wallet.sign(grantMessage)],
                "credential": ["fields": Self.fields, "subject": Self.subject],
            ])
            #expect(issued.status == 202, "\(String(decoding: issued.body, as: UTF8.self))")
            let credentialID = try #require(issued.json["id"] as? String)
            try await api.eventually("/v1/credentials/\(credentialID)", "delivered") { $0["status"] as? String == "delivered" }
            let credential = try await api.call(.get, "/v1/credentials/\(credentialID)")
            let delivery = try #require(credential.json["delivery"] as? [String: Any])
            #expect((delivery["txHash"] as? String)?.count == 64)
            let nodeID = try #require(credential.json["nodeCredentialId"] as? String)

            // What the node stores decrypts with the key she derived from her password, to the signed VC.
            let row = try await api.world.nodeClient.query("""
                SELECT content, encryptor_public_key, public_notes FROM \(unescaped: api.world.nodeSchema).credentials WHERE id = \(UUID(uuidString: nodeID)!)
                """).collect()
            let (content, encryptor, notes) = try #require(row.first).decode((String, String, String).self)
            let plaintext = try SealedBox.open(try Base64.decode(content), senderPublicKey: try Base64.decode(encryptor),
                                               recipientSecretKey: keys.secretKey)
            guard case .object(let vc) = try JSONParser.parse(plaintext) else { Issue.record("not a JSON object"); return }
            let issuer = try await api.call(.get, "/v1/issuer", key: .some(nil))
            let multibase = try #require(issuer.json["publicKeyMultibase"] as? String)
            let verified = try Ed25519Signature2020().verify(vc, publicKey: try Multibase.decodeEd25519PublicKey(multibase),
                                                             issuerBaseURL: try #require(issuer.json["vcIssuer"] as? String))
            #expect(verified.verificationMethod == issuer.json["verificationMethod"] as? String)
            // The public notes on the node are the service's, with its id.
            let notesObject = try #require(APIJSONTest.object(notes))
            #expect(notesObject["id"] as? String == credential.json["publicNotesId"] as? String)
            #expect(notesObject["status"] as? String == "approved")
            #expect(notesObject["level"] as? String == "plus")
        }
    }
}

enum APIJSONTest {
    static func object(_ text: String) -> [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] }
}
