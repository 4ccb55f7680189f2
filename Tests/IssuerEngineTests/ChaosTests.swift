import IssuerTestSupport
import Foundation
import IdosCrypto
import IdosDevNode
import CurlTransport
import IssuerEngine
import IssuerStore
import KwilKit
import Logging
import PostgresNIO
import PostgresURL
import TestSupport
import Synchronization
import Testing

/// The chaos run: N users and N credentials through worker processes that are SIGKILLed every few seconds
/// and restarted, a devnode failing 30% of requests with 5xx, 5% with timeouts and 5% after committing, and
/// (when the harness says where its cluster lives) PostgreSQL restarted once. Then the node's state is compared
/// with ours. `make test` runs N = 500 (`IDOS_CHAOS_N` overrides; `make chaos` runs 10,000), alone on its cluster.
@Suite(.requiresPostgres)
struct ChaosTests {
    static var n: Int { ProcessInfo.processInfo.environment["IDOS_CHAOS_N"].flatMap(Int.init) ?? 500 }

    /// The harness's cluster, when this run may restart it: `IDOS_CHAOS_RESTART_POSTGRES=1` says no other test
    /// shares it (make test and make chaos run this suite on a cluster of its own).
    static var restartablePostgres: String? {
        let environment = ProcessInfo.processInfo.environment
        guard environment["IDOS_CHAOS_RESTART_POSTGRES"] == "1" else { return nil }
        return environment["IDOS_TEST_PG_DIR"]
    }

    @Test func nothingLostNothingDuplicatedThroughKillsFaultsAndARestart() async throws {
        let n = Self.n
        let keyDirectory = try TemporaryFiles.directory().path
        let keys = (0..<4).map { _ in Ed25519.PrivateKey.generate() }
        let keyFiles = try keys.enumerated().map { index, key in
            let path = keyDirectory + "/signer\(index).key"
            try Data((Hex.encode(key.seed + key.publicKey) + "\n").utf8).write(to: URL(fileURLWithPath: path))
            return path
        }
        try await StoreFixture.withStore { store in
            try await DevNodeFixture.with(delegates: keys, inserterName: "chaos-issuer", blockInterval: .milliseconds(100),
                                          schemaPrefix: "chaosnode_") { url, nodeClient, nodeSchema in
                let counts = try await Self.run(n: n, store: store, nodeURL: url, nodeClient: nodeClient, nodeSchema: nodeSchema, keys: keys,
                                                keyFiles: keyFiles)
                print("chaos: \(counts)")
                #expect(counts.lost == 0)
                #expect(counts.duplicated == 0)
                #expect(counts.unfinishedJobs == 0)
                #expect(counts.openTransactions == 0)
                #expect(counts.abandonedButMined == 0)
                #expect(counts.credentialsOnNode == n)
                #expect(counts.usersOnNode == n)
            }
        }
    }

    struct Counts: CustomStringConvertible {
        var credentialsOnNode = 0, usersOnNode = 0, lost = 0, duplicated = 0, unfinishedJobs = 0, deadLetters = 0, openTransactions = 0
        var abandoned = 0, abandonedButMined = 0, kills = 0, postgresRestarts = 0, seconds = 0.0
        var description: String {
            "n on node: \(credentialsOnNode) credentials, \(usersOnNode) users; lost \(lost), duplicated \(duplicated); unfinished jobs "
                + "\(unfinishedJobs), dead letters \(deadLetters); open txs \(openTransactions), abandoned (re-signed) \(abandoned) of which on the chain \(abandonedButMined); "
                + "worker kills \(kills), PostgreSQL restarts \(postgresRestarts); \(String(format: "%.0f", seconds)) s"
        }
    }

    static func run(n: Int, store original: IssuerStore, nodeURL: String, nodeClient: PostgresClient, nodeSchema: String, keys: [Ed25519.PrivateKey],
                    keyFiles: [String]) async throws -> Counts {
        // The test's own pool; replaced by a new one if it stops answering after the PostgreSQL restart (seen once: a
        // count left unanswered with no connection open, while the server and the workers were fine).
        var store = original
        var spare: Task<Void, Never>?
        defer { spare?.cancel() }
        let service = IssuanceService(store: store, issuerKey: keys[0], encryptionKey: .generate())
        let provider = try await store.session.ensureProvider(name: "chaos")
        // N users (EVM wallets with real proofs) and one credential each, enqueued in batches.
        var credentialIDs: [UUID] = []
        for batch in stride(from: 0, to: n, by: 100) {
            credentialIDs += try await store.withTransaction { session in
                var ids: [UUID] = []
                for _ in batch..<min(n, batch + 100) {
                    let wallet = Secp256k1.PrivateKey.generate()
                    let address = EthereumAddress.checksummed(EthereumAddress.fromPublicKey(wallet.publicKey()))
                    let message = "chaos \(UUID())"
                    let user = UserRecord(id: UUID(), providerID: provider, recipientEncryptionPublicKey: Base64.encode(SealedBox.KeyPair.generate().publicKey),
                                          encryptionPasswordStore: "user")
                    try await service.createUser(user, wallet: WalletRecord(
                        id: UUID(), userID: user.id, providerID: provider, walletType: "EVM", address: address.lowercased(), publicKey: nil,
                        message: message, signature: "0x" + Hex.encode(EIP191.sign(Array(message.utf8), key: wallet))), in: session)
                    let notesID = UUID()
                    ids.append(try await service.issueCredential(
                        providerID: provider, user: user, plaintext: Array(#"{"n":"\#(UUID())"}"#.utf8),
                        publicNotes: #"{"id":"\#(notesID.uuidString.lowercased())","status":"approved"}"#, publicNotesID: notesID, level: "basic",
                        delivery: .inserter, in: session).id)
                }
                return ids
            }
        }
        try await setFaults(nodeURL, ["error_rate": 0.3, "timeout_rate": 0.05, "timeout_ms": 1000, "drop_after_commit_rate": 0.05])

        let environment = ProcessInfo.processInfo.environment.merging([
            "ISSUER_DATABASE_URL": try require(TestEnvironment.databaseURL), "ISSUER_DATABASE_SCHEMA": store.schema, "ISSUER_NODE_URLS": nodeURL,
            "ISSUER_SIGNING_KEY_FILES": keyFiles.joined(separator: ","), "ISSUER_LOG_LEVEL": "warning",
        ]) { $1 }
        let executable = TestEnvironment.executable("idos-issuer")
        func startWorker() throws -> ChildProcess {
            try ChildProcess(executable, ["worker", "--lease", "4", "--rescue-interval", "1", "--chain-id", "idos-devnode", "--concurrency", "200",
                                           // Kills spend attempts (a rescued lease counts one), so backoff would reach minutes.
                                           "--retry-max", "5"],
                             environment: environment, timeout: .seconds(3600))
        }
        var workers = try (0..<3).map { _ in try startWorker() }
        var counts = Counts()
        let clock = ContinuousClock(), start = clock.now
        let limit: Duration = .seconds(max(300, n / 3))
        var lastKill = clock.now, restartedPostgres = false
        var lastReport = clock.now
        while true {
            // Bounded, so that a hang here fails the run with where it hung instead of holding it to the stage's timeout.
            TestTrace.note("chaos loop: counting")
            let current = store
            let unfinished: Int
            do {
                unfinished = try await Self.bounded("counting unfinished jobs") { try await current.session.countUnfinished() }
            } catch let error as FixtureError where spare == nil {
                print("\(error); counting through a new pool from now on")
                let fresh = try IssuerStore(url: try DatabaseURL(try require(TestEnvironment.databaseURL)), schema: original.schema,
                                            logger: StoreFixture.logger)
                spare = Task { await fresh.run() }
                store = fresh
                continue
            }
            if unfinished == 0 { break }
            guard clock.now - start < limit else { break }
            if clock.now - lastReport > .seconds(30) {
                print("chaos: \(Int((clock.now - start).seconds)) s, \(unfinished) unfinished jobs, \(counts.kills) kills, "
                      + "\(workers.filter(\.isRunning).count) of \(workers.count) workers alive")
                lastReport = clock.now
            }
            if clock.now - lastKill > .seconds(4) {
                let victim = Int.random(in: 0..<workers.count)
                TestTrace.note("chaos loop: killing worker \(victim)")
                workers[victim].killNow()
                let dying = workers[victim]
                _ = try? await Self.bounded("waiting for a killed worker to exit") { try await dying.exit() }
                TestTrace.note("chaos loop: starting worker \(victim)")
                workers[victim] = try startWorker()
                counts.kills += 1
                lastKill = clock.now
            }
            if !restartedPostgres, clock.now - start > .seconds(10), let directory = Self.restartablePostgres {
                TestTrace.note("chaos loop: restarting PostgreSQL")
                let restart = try await ChildProcess.run(TestEnvironment.repositoryRoot.appendingPathComponent("deploy/dev/postgres.sh").path,
                                                         ["restart", directory], timeout: .seconds(120))
                #expect(restart.status == 0, "postgres restart: \(restart.stderr)")
                restartedPostgres = true
                counts.postgresRestarts = 1
            }
            TestTrace.note("chaos loop: sleeping")
            try await Task.sleep(for: .milliseconds(500))
        }
        counts.seconds = (clock.now - start).seconds
        for worker in workers { worker.terminate(); _ = try? await worker.exit() }
        try await setFaults(nodeURL, [:])

        // Our side.
        counts.unfinishedJobs = try await store.session.countUnfinished()
        counts.deadLetters = try await store.session.queueStats().deadLetters.values.reduce(0, +)
        counts.openTransactions = try await store.session.countOpenTransactions()
        counts.abandoned = try await store.session.countAbandonedTransactions()
        for job in try await store.session.listJobs(JobFilter(states: [.discarded, .needsConsent, .available, .retryable, .running], limit: 10)) {
            print("chaos: unfinished or dead job \(job.id) \(job.kind) \(job.state.rawValue) attempt \(job.attempt) \(job.deadReason?.rawValue ?? "") "
                  + "errors: \(job.errors.suffix(3).map(\.error))")
        }
        // The node's side: every original exactly once.
        let rows = try await nodeClient.query("""
            SELECT c.id FROM \(unescaped: nodeSchema).credentials c
            """).collect().map { try $0.decode(UUID.self) }
        var onNode: [UUID: Int] = [:]
        for id in rows { onNode[id, default: 0] += 1 }
        var expected: Set<UUID> = []
        for id in credentialIDs { if let c = try await store.session.credential(id: id) { expected.insert(c.nodeOriginalID) } }
        counts.credentialsOnNode = expected.filter { onNode[$0] != nil }.count
        counts.lost = expected.filter { onNode[$0] == nil }.count
        counts.duplicated = onNode.values.filter { $0 > 1 }.count + onNode.keys.filter { !expected.contains($0) }.count
        // A tx we abandoned must never be on the chain (that is how a write would land twice).
        let minedHashes = Set(try await nodeClient.query("SELECT hash FROM \(unescaped: nodeSchema).node_txs").collect().map { try $0.decode(String.self) })
        let abandoned = try await store.session.abandonedTransactionHashes()
        counts.abandonedButMined = abandoned.filter { minedHashes.contains($0.hash) }.count
        for tx in abandoned where minedHashes.contains(tx.hash) { print("chaos: abandoned but mined: \(tx)") }
        counts.usersOnNode = Int(try await nodeClient.query("SELECT count(*) FROM \(unescaped: nodeSchema).users").collect().first?.decode(Int64.self) ?? 0)
        return counts
    }

    /// `body`'s result, or a failure naming `what` when it takes longer than `seconds`. The body runs in a task of
    /// its own, so a body that never returns (a wait nothing cancels) is left behind instead of holding the caller.
    static func bounded<T: Sendable>(_ what: String, seconds: Int = 60, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let first = FirstResult<T>()
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            first.continuation = continuation
            Task { do { first.finish(.success(try await body())) } catch { first.finish(.failure(error)) } }
            Task {
                try? await Task.sleep(for: .seconds(seconds))
                first.finish(.failure(FixtureError("chaos: \(what) took more than \(seconds) s")))
            }
        }
    }

    static func setFaults(_ url: String, _ faults: [String: Any]) async throws {
        let body = try JSONSerialization.data(withJSONObject: faults)
        let response = try await IssuanceWorld.transport.send(HTTPRequest(method: "POST", url: url + "/devnode/faults",
                                                                          headers: [HTTPHeader("Content-Type", "application/json")], body: Array(body)))
        guard response.status == 200 else { throw FixtureError("faults refused: HTTP \(response.status)") }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// Resumes a continuation with the first of several results (the others are dropped).
final class FirstResult<T: Sendable>: Sendable {
    private let state = Mutex<(continuation: CheckedContinuation<T, any Error>?, done: Bool)>((nil, false))

    var continuation: CheckedContinuation<T, any Error>? {
        get { state.withLock { $0.continuation } }
        set { state.withLock { $0.continuation = newValue } }
    }

    func finish(_ result: Result<T, any Error>) {
        let continuation = state.withLock { s -> CheckedContinuation<T, any Error>? in
            guard !s.done, let c = s.continuation else { return nil }
            s.done = true
            return c
        }
        continuation?.resume(with: result)
    }
}
