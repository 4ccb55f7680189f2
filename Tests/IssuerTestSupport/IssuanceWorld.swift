public import CurlTransport
public import Foundation
public import IdosCrypto
public import IdosDevNode
public import IdosKit
public import IssuerEngine
public import IssuerStore
public import KwilKit
public import Logging
public import PostgresNIO
public import ServiceLifecycle
public import TestSupport

/// A whole issuer on loopback: a migrated store, a real devnode (in this process, its own schema, 50 ms
/// blocks) with the issuer's key registered as a delegate, and the worker services running against both.
/// Tests enqueue through `IssuanceService` and watch the node.
public struct IssuanceWorld: Sendable {
    public let store: IssuerStore
    public let nodeURL: String
    public let nodeSchema: String
    public let nodeClient: PostgresClient
    public let issuerKey: Ed25519.PrivateKey
    public let service: IssuanceService
    public let services: WorkerServices
    public let provider: UUID
    public let kwil: KwilClient

    public static let transport = CurlTransport()

    /// Runs `body` with a world; `configure` adjusts the queue and the issuance handlers.
    public static func with<T: Sendable>(signers: Int = 1, blockInterval: Duration = .milliseconds(50),
                                  queueSettings: @escaping @Sendable (inout QueueConfiguration) -> Void = { _ in },
                                  issuanceSettings: @escaping @Sendable (inout IssuanceContext) -> Void = { _ in },
                                  vcKeys: [Int: Ed25519.PrivateKey]? = nil, vcIssuer: String = "https://issuer.example/idos",
                                  _ body: @escaping @Sendable (IssuanceWorld) async throws -> T) async throws -> T {
        let keys = (0..<signers).map { _ in Ed25519.PrivateKey.generate() }
        let encryptionKey = SealedBox.KeyPair.generate()
        return try await StoreFixture.withStore { store in
            try await DevNodeFixture.with(delegates: keys, blockInterval: blockInterval) { url, nodeClient, nodeSchema in
                var queue = QueueConfiguration(workerID: "world-\(UUID().uuidString.prefix(6))")
                queue.pollInterval = .milliseconds(200)
                queue.lease = 10
                queue.heartbeatInterval = .seconds(2)
                queue.retry = RetryPolicy(base: 0.05, factor: 2, maximum: 1, jitter: 0.1, minimumRemaining: 1)
                var writer = NodeWriterConfiguration(signers: try keys.map { try Ed25519Signer(secretKey: $0.seed) }, chainID: DevNodeFixture.chainID)
                writer.confirmInterval = .milliseconds(50)
                writer.leaseInterval = .milliseconds(500)
                writer.lostAfter = 3
                queueSettings(&queue)
                let service = IssuanceService(store: store, issuerKey: keys[0], encryptionKey: encryptionKey)
                let services = try WorkerServices(store: store, nodeURLs: [url], writer: writer, queue: queue, issuance: { context in
                    context.confirmWait = 0.3
                    // Campaigns run in this world's workers when it has VC keys.
                    if let vcKeys { context.reissuer = CredentialReissuer(issuance: service, keys: VCKeyRing(issuerBaseURL: vcIssuer, keys: vcKeys)) }
                    issuanceSettings(&context)
                }, requestTimeout: 5, logger: StoreFixture.logger)
                let provider = try await store.session.ensureProvider(name: "test-provider")
                let world = IssuanceWorld(store: store, nodeURL: url, nodeSchema: nodeSchema, nodeClient: nodeClient, issuerKey: keys[0],
                                          service: service, services: services, provider: provider,
                                          kwil: KwilClient(baseURL: url, transport: transport, timeout: 10))
                // The worker's services run as in production (a ServiceGroup) and stop the way production stops
                // them: graceful shutdown, so no store query is ever cancelled midway.
                let group = ServiceGroup(configuration: .init(services: services.services, gracefulShutdownSignals: [],
                                                              logger: StoreFixture.logger))
                return try await withThrowingTaskGroup(of: Void.self) { tasks in
                    tasks.addTask { try await group.run() }
                    let result: Result<T, any Error>
                    do { result = .success(try await body(world)) } catch { result = .failure(error) }
                    TestTrace.note("\(nodeSchema.suffix(6)) body done")
                    await group.triggerGracefulShutdown()
                    try await tasks.waitForAll()
                    TestTrace.note("\(nodeSchema.suffix(6)) services done")
                    return try result.get()
                }
            }
        }
    }

    // MARK: Node side

    /// Sets the devnode's faults (the whole setting; `[:]` turns them off).
    public func setFaults(_ faults: [String: Any]) async throws {
        let body = try JSONSerialization.data(withJSONObject: faults)
        let response = try await Self.transport.send(HTTPRequest(method: "POST", url: nodeURL + "/devnode/faults",
                                                                 headers: [HTTPHeader("Content-Type", "application/json")], body: Array(body)))
        guard response.status == 200 else { throw FixtureError("faults refused: HTTP \(response.status)") }
    }

    /// Rows of the devnode's own table, read directly from its schema (the node's truth, not its API).
    public func nodeCount(_ sql: String) async throws -> Int {
        let rows = try await nodeClient.query(PostgresQuery(unsafeSQL: sql)).collect()
        return Int(try rows.first?.decode(Int64.self) ?? 0)
    }

    /// The jobs and node transactions, for a failure message.
    public func report() async -> String {
        var lines: [String] = []
        for job in (try? await store.session.listJobs(JobFilter(limit: 500))) ?? [] where job.state != .completed {
            lines.append("job \(job.id) \(job.kind) \(job.state.rawValue) attempt \(job.attempt) errors \(job.errors.suffix(2).map(\.error))")
            for tx in (try? await store.session.transactions(jobID: job.id)) ?? [] {
                lines.append("   tx \(tx.txHash.prefix(10)) nonce \(tx.nonce) \(tx.state.rawValue) code \(tx.code.map(String.init) ?? "-") \(tx.log ?? "")")
            }
        }
        return lines.joined(separator: "\n")
    }

    // MARK: Issuer side

    /// A user with an EVM wallet whose ownership proof the node will check; her X25519 key pair.
    public func onboardUser() async throws -> (user: UserRecord, wallet: Secp256k1.PrivateKey, keys: SealedBox.KeyPair) {
        let walletKey = Secp256k1.PrivateKey.generate()
        let address = EthereumAddress.checksummed(EthereumAddress.fromPublicKey(walletKey.publicKey()))
        let message = "Sign this message to prove you own this wallet. Nonce: \(UUID())"
        let signature = "0x" + Hex.encode(EIP191.sign(Array(message.utf8), key: walletKey))
        let keys = SealedBox.KeyPair.generate()
        let user = UserRecord(id: UUID(), providerID: provider, recipientEncryptionPublicKey: Base64.encode(keys.publicKey), encryptionPasswordStore: "user")
        let wallet = WalletRecord(id: UUID(), userID: user.id, providerID: provider, walletType: "EVM", address: address.lowercased(),
                                  publicKey: nil, message: message, signature: signature)
        try await store.withTransaction { session in try await service.createUser(user, wallet: wallet, in: session) }
        return (user, walletKey, keys)
    }

    /// Issues a credential by inserter write.
    public func issueByInserter(_ user: UserRecord, plaintext: String = #"{"credentialSubject":{"id":"x"}}"#) async throws -> CredentialRecord {
        let notesID = UUID()
        return try await store.withTransaction { session in
            try await service.issueCredential(providerID: provider, user: user, plaintext: Array(plaintext.utf8),
                                              publicNotes: #"{"id":"\#(notesID.uuidString.lowercased())","type":"KYC DATA","level":"basic","status":"approved","issuer":"test"}"#,
                                              publicNotesID: notesID, level: "basic", delivery: .inserter, in: session)
        }
    }

    /// Issues a credential by a write grant the user signs with her wallet (the text from the node's dwg_message).
    public func issueByWriteGrant(_ user: UserRecord, wallet: Secp256k1.PrivateKey, notUsableAfter: Date = Date().addingTimeInterval(86_400))
        async throws -> CredentialRecord {
        let owner = EthereumAddress.checksummed(EthereumAddress.fromPublicKey(wallet.publicKey()))
        let grant = DelegatedWriteGrant(ownerWalletIdentifier: owner, granteeWalletIdentifier: service.issuerAuthPublicKey,
                                        issuerPublicKey: service.issuerAuthPublicKey, id: UUID(), accessGrantTimelock: DelegatedWriteGrant.timestamp(Date()),
                                        notUsableBefore: DelegatedWriteGrant.timestamp(Date().addingTimeInterval(-60)),
                                        notUsableAfter: DelegatedWriteGrant.timestamp(notUsableAfter))
        // The test's own read retries through injected faults (the node is the system under test's peer).
        var text: KwilValue?
        for attempt in 1...30 {
            do { text = try await kwil.call(grant.messageCall()).rows.first?.first; break } catch let error as KwilError where error.isRetryable && attempt < 30 {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        guard case .text(let message) = text else { throw FixtureError("dwg_message returned no text") }
        let signature = "0x" + Hex.encode(EIP191.sign(Array(message.utf8), key: wallet))
        let record = WriteGrantRecord(id: grant.id, providerID: provider, userID: user.id, ownerWalletIdentifier: grant.ownerWalletIdentifier,
                                      granteeWalletIdentifier: grant.granteeWalletIdentifier, issuerPublicKey: grant.issuerPublicKey,
                                      accessGrantTimelock: grant.accessGrantTimelock, notUsableBefore: grant.notUsableBefore,
                                      notUsableAfter: grant.notUsableAfter, notUsableAfterAt: try require(grant.deadline), message: message)
        let notesID = UUID()
        return try await store.withTransaction { session in
            try await session.insertWriteGrant(record)
            return try await service.issueCredential(
                providerID: provider, user: user, plaintext: Array(#"{"vc":"\#(UUID())"}"#.utf8),
                publicNotes: #"{"id":"\#(notesID.uuidString.lowercased())","type":"KYC DATA","level":"plus","status":"approved","issuer":"test"}"#,
                publicNotesID: notesID, level: "plus", delivery: .writeGrant(grantID: grant.id, signature: signature, notUsableAfter: record.notUsableAfterAt),
                in: session)
        }
    }

    /// Waits until `check` holds (every 100 ms, at most `limit`); on timeout the error carries `report()`.
    public func eventually(_ what: String, limit: Duration = .seconds(60), report: (@Sendable () async -> String)? = nil,
                    _ check: @Sendable () async throws -> Bool) async throws {
        let start = ContinuousClock.now
        while try await !check() {
            guard ContinuousClock.now - start < limit else { throw FixtureError("\(what): not within \(limit)\n\(await report?() ?? "")") }
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}
