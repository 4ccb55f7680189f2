import CurlTransport
import Foundation
import IdosCrypto
import IdosKit
import IssuerAPI
import IssuerStore
import IssuerTestSupport
import KwilKit
import TestSupport
import Testing

/// The real `idos-issuer serve` process over real HTTP (libcurl): seed flow 1 against a devnode (or, with
/// `IDOS_E2E_NODE_URL`, a real idOS node), read back from the node as the user and decrypted with the key she
/// derived; then the server's whole log, at debug level, is searched for every secret and personal value the
/// run used.
@Suite(.requiresPostgres)
struct LiveServerTests {
    @Test func seedFlowOneOverHTTPLeavesNoSecretOrPersonalDataInTheLogs() async throws {
        let key = Ed25519.PrivateKey.generate()
        try await StoreFixture.withStore { store in
            try await DevNodeFixture.with(delegates: [key], inserterName: "live-issuer", blockInterval: .milliseconds(100),
                                          schemaPrefix: "livenode_") { nodeURL, _, _ in
                let run = try await LiveRun.run(store: store, nodeURL: nodeURL, signingKey: key, logLevel: "debug")
                // Every value a leak would show: her password, her derived secret, her wallet's private key, the
                // signatures she gave, the issuer's keys, the credential's personal fields and its ciphertext.
                for (what, secret) in run.secrets {
                    #expect(secret.count >= 10, "\(what) is long enough to be searched for")
                    #expect(!run.log.contains(secret), "the server's log contains \(what)")
                }
                #expect(run.log.contains("request_id="), "the log is the one of a real run (request lines)")
                #expect(run.log.contains("job_kind=deliver_credential") || run.log.contains("deliver_credential"),
                        "the log follows the request into its jobs")
            }
        }
    }

    /// The integrator's check of a deployment: the same flow against a real idOS node.
    @Test(.enabled(if: LiveRun.e2eNode != nil,
                   "set IDOS_E2E_NODE_URL (an idOS node, e.g. the playground) and IDOS_E2E_SIGNING_KEY_FILE (the hex Ed25519 key of a delegate registered there) to run seed flow 1 against it"))
    func seedFlowOneAgainstTheNodeInIDOSE2ENodeURL() async throws {
        let (url, keyFile) = try #require(LiveRun.e2eNode)
        let text = try String(contentsOfFile: keyFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let bytes = try Hex.decode(text, allowPrefix: true)
        let key = try Ed25519.PrivateKey(Array(bytes.prefix(32)))
        try await StoreFixture.withStore { store in
            _ = try await LiveRun.run(store: store, nodeURL: url, signingKey: key, logLevel: "info")
        }
    }
}

/// One run of seed flow 1 through a `serve` child process.
enum LiveRun {
    struct Outcome {
        var secrets: [(String, String)]
        var log: String
    }

    static var e2eNode: (String, String)? {
        let environment = ProcessInfo.processInfo.environment
        guard let url = environment["IDOS_E2E_NODE_URL"], !url.isEmpty, let key = environment["IDOS_E2E_SIGNING_KEY_FILE"], !key.isEmpty else { return nil }
        return (url, key)
    }

    static let transport = CurlTransport()

    static func run(store: IssuerStore, nodeURL: String, signingKey: Ed25519.PrivateKey, logLevel: String) async throws -> Outcome {
        let directory = try TemporaryFiles.directory().path
        let keyFile = directory + "/issuer.key", encryptionFile = directory + "/encryption.key"
        let encryption = SealedBox.KeyPair.generate()
        try Data((Hex.encode(signingKey.seed + signingKey.publicKey) + "\n").utf8).write(to: URL(fileURLWithPath: keyFile))
        try Data((Hex.encode(encryption.secretKey) + "\n").utf8).write(to: URL(fileURLWithPath: encryptionFile))
        let apiKey = try await store.withTransaction { session in try await APIKey.create(providerName: "live", scopes: ["issue", "read"], in: session).key }
        var environment = ProcessInfo.processInfo.environment
        environment.merge([
            "ISSUER_DATABASE_URL": try require(TestEnvironment.databaseURL), "ISSUER_DATABASE_SCHEMA": store.schema,
            "ISSUER_NODE_URLS": nodeURL, "ISSUER_SIGNING_KEY_FILES": keyFile, "ISSUER_ENCRYPTION_KEY_FILE": encryptionFile,
            "ISSUER_LISTEN": "127.0.0.1:0", "ISSUER_VC_ISSUER": "https://issuer.example/live", "ISSUER_NAME": "Live KYC (test)",
            "ISSUER_LOG_LEVEL": logLevel,
        ]) { $1 }
        let server = try ChildProcess(TestEnvironment.executable("idos-issuer"), ["serve"], environment: environment, timeout: .seconds(300))
        var apiURL: String?
        for _ in 0..<600 {
            if let range = server.stderrText.range(of: #"url=http://[0-9.]+:[0-9]+"#, options: .regularExpression) {
                apiURL = String(server.stderrText[range].dropFirst(4))
                break
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        guard let apiURL else {
            server.killNow()
            throw FixtureError("idos-issuer serve did not start: \(server.stderrText.suffix(2000))")
        }
        var secrets: [(String, String)] = []
        do {
            secrets = try await flow(api: apiURL, apiKey: apiKey, nodeURL: nodeURL)
        } catch {
            server.terminate()
            let result = try? await server.exit()
            throw FixtureError("\(error); server log: \(result?.stderr.suffix(3000) ?? "")")
        }
        server.terminate()
        let result = try await server.exit()
        #expect(result.status == 0, "serve exits 0 on SIGTERM")
        secrets += [("the issuer's signing key", Hex.encode(signingKey.seed)), ("the issuer's encryption secret", Hex.encode(encryption.secretKey)),
                    ("the issuer's encryption secret (base64)", Base64.encode(encryption.secretKey)), ("the API key's secret", String(apiKey.split(separator: "_", maxSplits: 2).last ?? ""))]
        return Outcome(secrets: secrets, log: result.stdoutText + result.stderr)
    }

    /// Seed flow 1 as a KYC provider and its user do it; returns the secrets it used.
    static func flow(api: String, apiKey: String, nodeURL: String) async throws -> [(String, String)] {
        let wallet = Secp256k1.PrivateKey.generate()
        let address = EthereumAddress.checksummed(EthereumAddress.fromPublicKey(wallet.publicKey()))
        func sign(_ message: String) -> String { "0x" + Hex.encode(EIP191.sign(Array(message.utf8), key: wallet)) }
        let password = "Zebra-Quokka-\(UUID().uuidString.prefix(8))"
        let firstName = "Xanthippe\(Int.random(in: 1000...9999))", familyName = "Quarrington\(Int.random(in: 1000...9999))"
        let documentNumber = "DOC\(Int.random(in: 10_000_000...99_999_999))"

        let challenge = try await call(api, apiKey, "POST", "/v1/wallet-challenges", ["walletType": "EVM", "address": address], expect: 201)
        let userID = try string(challenge, "userId")
        let keys = try IdosKeyDerivation.deriveKeyPair(password: password, userId: userID)
        let proof = sign(try string(challenge, "message"))
        _ = try await call(api, apiKey, "POST", "/v1/users", ["challengeId": try string(challenge, "id"), "signature": proof,
                                                             "recipientEncryptionPublicKey": Base64.encode(keys.publicKey),
                                                             "encryptionPasswordStore": "user"], expect: 202)
        try await eventually("her user on the node") { try await call(api, apiKey, "GET", "/v1/users/\(userID)", nil, expect: 200)["status"] as? String == "created" }
        let grant = try await call(api, apiKey, "POST", "/v1/users/\(userID)/write-grants", [String: Any](), expect: 201)
        let grantSignature = sign(try string(grant, "message"))
        let subject: [String: Any] = [
            "id": "uuid:\(userID)", "firstName": firstName, "familyName": familyName, "dateOfBirth": "1990-05-04", "placeOfBirth": "Oxford",
            "idDocumentCountry": "GB", "idDocumentNumber": documentNumber, "idDocumentType": "PASSPORT", "idDocumentDateOfIssue": "2020-01-01",
            "idDocumentFrontFile": Base64.encode(Array("front-\(documentNumber)".utf8)), "selfieFile": Base64.encode(Array("selfie".utf8)),
        ]
        let fields: [String: Any] = ["id": "https://issuer.example/live/credentials/\(UUID().uuidString.lowercased())", "level": "plus",
                                     "issued": "2026-01-01T00:00:00Z", "approvedAt": "2026-01-01T00:00:00Z", "expirationDate": "2030-01-01T00:00:00Z"]
        let issued = try await call(api, apiKey, "POST", "/v1/credentials", [
            "userId": userID, "writeGrant": ["id": try string(grant, "id"), "signature": grantSignature], "credential": ["fields": fields, "subject": subject],
        ], expect: 202)
        let credentialID = try string(issued, "id")
        var delivered: [String: Any] = [:]
        try await eventually("her credential delivered") {
            delivered = try await call(api, apiKey, "GET", "/v1/credentials/\(credentialID)", nil, expect: 200)
            return delivered["status"] as? String == "delivered"
        }
        // She reads it from the node herself (KGW sign-in with her wallet) and opens it with her derived key.
        let nodeID = try #require(UUID(uuidString: try string(delivered, "nodeCredentialId")))
        let kwil = KwilClient(baseURL: nodeURL, transport: transport, timeout: 20)
        let result = try await kwil.call(try IdosActionCall.getCredentialOwned(id: nodeID), signer: try EthPersonalSigner(privateKey: wallet.bytes))
        let row = try #require(result.rows.first)
        func text(_ column: String) throws -> String {
            guard let index = result.columnNames.firstIndex(of: column), case .text(let value) = row[index] else { throw FixtureError("no \(column)") }
            return value
        }
        let content = try text("content")
        let plaintext = try SealedBox.open(try Base64.decode(content), senderPublicKey: try Base64.decode(try text("encryptor_public_key")),
                                           recipientSecretKey: keys.secretKey)
        let vc = try #require(try JSONSerialization.jsonObject(with: Data(plaintext)) as? [String: Any])
        #expect((vc["credentialSubject"] as? [String: Any])?["firstName"] as? String == firstName)
        #expect((vc["proof"] as? [String: Any])?["type"] as? String == "Ed25519Signature2020")
        return [("her password", password), ("her derived secret key", Hex.encode(keys.secretKey)), ("her derived secret key (base64)", Base64.encode(keys.secretKey)),
                ("her wallet's private key", Hex.encode(wallet.bytes)), ("her wallet proof signature", proof), ("her write-grant signature", grantSignature),
                ("her first name", firstName), ("her family name", familyName), ("her document number", documentNumber),
                ("the credential's ciphertext", String(content.prefix(60)))]
    }

    static func string(_ object: [String: Any], _ key: String) throws -> String {
        guard let value = object[key] as? String else { throw FixtureError("no \(key) in \(object)") }
        return value
    }

    static func eventually(_ what: String, seconds: Double = 60, _ check: () async throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await check() { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw FixtureError("\(what) did not happen within \(Int(seconds)) s")
    }

    static func call(_ api: String, _ apiKey: String, _ method: String, _ path: String, _ body: Any?, expect status: Int) async throws -> [String: Any] {
        var headers = [HTTPHeader("Authorization", "Bearer \(apiKey)")]
        var bytes: [UInt8] = []
        if let body {
            bytes = Array(try JSONSerialization.data(withJSONObject: body))
            headers.append(HTTPHeader("Content-Type", "application/json"))
        }
        let response = try await transport.send(HTTPRequest(method: method, url: api + path, headers: headers, body: bytes, timeout: 20))
        let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
        guard response.status == status else {
            throw FixtureError("\(method) \(path): HTTP \(response.status), wanted \(status): \(String(decoding: response.body, as: UTF8.self))")
        }
        return object
    }
}
