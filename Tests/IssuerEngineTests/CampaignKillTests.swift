import Foundation
import IdosCrypto
import IdosKit
import IssuerEngine
import IssuerStore
import IssuerTestSupport
import PostgresNIO
import TestSupport
import Testing
import VerifiableCredentials

/// A campaign over N delivered credentials (`IDOS_CAMPAIGN_N`, default 2,000) run by `idos-issuer worker`
/// processes: one SIGKILLed in the middle, a pause and a resume. At every step the progress adds up; at the end
/// each credential was re-issued exactly once on the node, and each old one revoked only after its replacement
/// was delivered (and in a later block). `make test` runs it alone on its own cluster.
@Suite(.requiresPostgres)
struct CampaignKillTests {
    static var n: Int { ProcessInfo.processInfo.environment["IDOS_CAMPAIGN_N"].flatMap(Int.init) ?? 2000 }
    static let vcIssuer = "https://issuer.example/idos"

    @Test func eachCredentialReissuedOnceThroughAKillAPauseAndAResume() async throws {
        let n = Self.n
        let directory = try TemporaryFiles.directory().path
        let keys = (0..<2).map { _ in Ed25519.PrivateKey.generate() }
        let keyFiles = try keys.enumerated().map { index, key in
            let path = directory + "/signer\(index).key"
            try Data((Hex.encode(key.seed + key.publicKey) + "\n").utf8).write(to: URL(fileURLWithPath: path))
            return path
        }
        let encryption = SealedBox.KeyPair.generate()
        let encryptionFile = directory + "/encryption.key"
        try Data((Hex.encode(encryption.secretKey) + "\n").utf8).write(to: URL(fileURLWithPath: encryptionFile))
        try await StoreFixture.withStore { store in
            try await DevNodeFixture.with(delegates: keys, inserterName: "campaign-issuer", blockInterval: .milliseconds(100),
                                          schemaPrefix: "campaignnode_") { url, nodeClient, nodeSchema in
                let service = IssuanceService(store: store, issuerKey: keys[0], encryptionKey: encryption)
                let provider = try await store.session.ensureProvider(name: "campaign-provider")
                let plaintext = try Self.signedVC(key: keys[0])
                // N credentials of N/20 users, by inserter.
                let perUser = 20
                for batch in stride(from: 0, to: n, by: 200) {
                    try await store.withTransaction { session in
                        var user: UserRecord?
                        for index in batch..<min(n, batch + 200) {
                            if index % perUser == 0 || user == nil {
                                let wallet = Secp256k1.PrivateKey.generate()
                                let address = EthereumAddress.checksummed(EthereumAddress.fromPublicKey(wallet.publicKey()))
                                let message = "campaign \(UUID())"
                                let made = UserRecord(id: UUID(), providerID: provider,
                                                      recipientEncryptionPublicKey: Base64.encode(SealedBox.KeyPair.generate().publicKey),
                                                      encryptionPasswordStore: "user")
                                try await service.createUser(made, wallet: WalletRecord(
                                    id: UUID(), userID: made.id, providerID: provider, walletType: "EVM", address: address.lowercased(), publicKey: nil,
                                    message: message, signature: "0x" + Hex.encode(EIP191.sign(Array(message.utf8), key: wallet))), in: session)
                                user = made
                            }
                            let notesID = UUID()
                            _ = try await service.issueCredential(
                                providerID: provider, user: user!, plaintext: plaintext,
                                publicNotes: #"{"id":"\#(notesID.uuidString.lowercased())","type":"KYC DATA","level":"basic","status":"approved"}"#,
                                publicNotesID: notesID, level: "basic", delivery: .inserter, in: session)
                        }
                    }
                }
                let environment = ProcessInfo.processInfo.environment.merging([
                    "ISSUER_DATABASE_URL": try require(TestEnvironment.databaseURL), "ISSUER_DATABASE_SCHEMA": store.schema, "ISSUER_NODE_URLS": url,
                    "ISSUER_SIGNING_KEY_FILES": keyFiles.joined(separator: ","), "ISSUER_LOG_LEVEL": "warning",
                    "ISSUER_VC_ISSUER": Self.vcIssuer, "ISSUER_ENCRYPTION_KEY_FILE": encryptionFile,
                ]) { $1 }
                func startWorker() throws -> ChildProcess {
                    try ChildProcess(TestEnvironment.executable("idos-issuer"),
                                     ["worker", "--lease", "4", "--rescue-interval", "1", "--chain-id", "idos-devnode", "--concurrency", "200",
                                      "--retry-max", "5"], environment: environment, timeout: .seconds(3600))
                }
                var worker = try startWorker()
                defer { worker.terminate() }
                let clock = ContinuousClock()
                let seeded = clock.now
                while try await store.session.countUnfinished() > 0 {
                    guard clock.now - seeded < .seconds(300) else { Issue.record("the originals were not delivered in 300 s"); return }
                    try await Task.sleep(for: .milliseconds(200))
                }
                print("campaign: \(n) originals delivered in \(clock.now - seeded)")

                // The campaign: every basic credential becomes plus, at 150 credentials/s.
                let campaigns = CampaignService(store: store, reissuer: nil)
                var plan = CampaignPlan(filter: CampaignFilter(level: "basic"), filterText: #"{"level":"basic"}"#)
                plan.ratePerSecond = 150
                guard case .object(let notes) = try JSONParser.parse(Array(#"{"level":"plus"}"#.utf8)),
                      case .object(let fields) = try JSONParser.parse(Array(#"{"level":"plus"}"#.utf8)) else { return }
                plan.publicNotes = notes
                plan.credentialFields = fields
                let campaign = try await store.withTransaction { session in
                    let planned = try await campaigns.plan(plan, providerID: provider, actor: "test", in: session)
                    return try await campaigns.apply("start", to: planned.id, providerID: provider, actor: "test", in: session)
                }
                #expect(campaign.selected == n)
                let started = clock.now
                var last = CampaignProgress(), killed = false, paused = false, steps = 0
                while true {
                    guard clock.now - started < .seconds(600) else { Issue.record("the campaign did not finish in 600 s: \(last)"); break }
                    let status = try #require(try await store.session.campaign(id: campaign.id)).status
                    let p = try await store.session.campaignProgress(id: campaign.id)
                    steps += 1
                    // The counts add up and never go back.
                    #expect(p.pending + p.inFlight + p.reissued + (p.failed - p.revokeFailed) + p.skipped == n, "\(p)")
                    #expect(p.revoked <= p.reissued)
                    #expect(p.reissued >= last.reissued && p.revoked >= last.revoked, "went back: \(last) → \(p)")
                    if steps % 5 == 0 {
                        #expect(try await store.session.campaignIntegrity(id: campaign.id).revokedBeforeReplacement == 0)
                    }
                    last = p
                    if status == .finished { break }
                    guard status == .running else {
                        Issue.record("the campaign is \(status): \(p) \(try await store.session.failedItems(campaignID: campaign.id, limit: 3))")
                        break
                    }
                    let taken = n - p.pending
                    if !killed, taken >= n / 4 {
                        worker.killNow()
                        _ = try? await worker.exit()
                        worker = try startWorker()
                        killed = true
                        print("campaign: worker killed at \(p.reissued) re-issued")
                    }
                    if !paused, taken >= n / 2 {
                        _ = try await store.withTransaction { session in
                            try await campaigns.apply("pause", to: campaign.id, providerID: provider, actor: "test", in: session)
                        }
                        paused = true
                        // What was taken still lands; nothing new is taken.
                        let pausedAt = clock.now
                        var settled = try await store.session.campaignProgress(id: campaign.id)
                        while settled.inFlight > 0 || settled.revoking > settled.revokeFailed, clock.now - pausedAt < .seconds(120) {
                            try await Task.sleep(for: .milliseconds(200))
                            settled = try await store.session.campaignProgress(id: campaign.id)
                        }
                        try await Task.sleep(for: .seconds(2))
                        let still = try await store.session.campaignProgress(id: campaign.id)
                        #expect(still == settled, "moved while paused: \(settled) → \(still)")
                        #expect(still.inFlight == 0)
                        #expect(still.pending > 0, "paused with nothing left to take")
                        #expect(still.reissued == still.revoked)
                        #expect(try #require(try await store.session.campaign(id: campaign.id)).status == .paused)
                        print("campaign: paused at \(still.reissued) re-issued, \(still.pending) pending")
                        last = still
                        _ = try await store.withTransaction { session in
                            try await campaigns.apply("resume", to: campaign.id, providerID: provider, actor: "test", in: session)
                        }
                    }
                    try await Task.sleep(for: .milliseconds(100))
                }
                print("campaign: \(last) in \(clock.now - started), \(steps) checks")
                #expect(killed && paused)
                #expect(last.reissued == n)
                #expect(last.revoked == n)
                #expect(last.failed == 0)
                #expect(try await store.session.campaignIntegrity(id: campaign.id) == CampaignIntegrity())

                // The node: each replacement once, with the new level; each original revoked.
                let replacements = try await nodeClient.query("""
                    SELECT count(*), count(DISTINCT id) FROM \(unescaped: nodeSchema).credentials
                    WHERE public_notes::jsonb ->> 'level' = 'plus' AND public_notes::jsonb ->> 'status' = 'approved'
                    """).collect().first.map { try $0.decode((Int64, Int64).self) }
                #expect(replacements?.0 == Int64(n) && replacements?.1 == Int64(n))
                let revoked = try await nodeClient.query("""
                    SELECT count(*) FROM \(unescaped: nodeSchema).credentials
                    WHERE public_notes::jsonb ->> 'level' = 'basic' AND public_notes::jsonb ->> 'status' = 'revoked'
                    """).collect().first?.decode(Int64.self)
                #expect(revoked == Int64(n))
                let total = try await nodeClient.query("SELECT count(*) FROM \(unescaped: nodeSchema).credentials").collect().first?.decode(Int64.self)
                #expect(total == Int64(2 * n))
            }
        }
    }

    /// One signed VC (every seeded credential carries it; each is sealed separately).
    static func signedVC(key: Ed25519.PrivateKey) throws -> [UInt8] {
        let fields: JSONObject = try object(#"{"id":"https://issuer.example/idos/credentials/1","level":"basic"}"#)
        let subject: JSONObject = try object("""
            {"id":"uuid:campaign","firstName":"Ada","familyName":"Lovelace","dateOfBirth":"1990-01-01","idDocumentCountry":"GB",
             "idDocumentNumber":"X1","idDocumentType":"PASSPORT","idDocumentFrontFile":"AAAA","selfieFile":"AAAA",
             "residentialAddress":{"street":"Main","city":"London","country":"GB","proofCategory":"UTILITY_BILL","proofFile":"AAAA"}}
            """)
        let ring = VCKeyRing(issuerBaseURL: vcIssuer, key: key)
        let unsigned = CredentialBuilder.withIssuanceDate(try CredentialBuilder.build(fields: fields, subject: subject, issuer: ring.controller))
        return Array(JSONSerializer.serialize(.object(try Ed25519Signature2020().sign(unsigned, key: ring.signingKey()))).utf8)
    }

    static func object(_ text: String) throws -> JSONObject {
        guard case .object(let o) = try JSONParser.parse(Array(text.utf8)) else { throw FixtureError("not an object") }
        return o
    }
}
