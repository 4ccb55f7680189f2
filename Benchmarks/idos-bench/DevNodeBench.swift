import Foundation
#if canImport(Glibc)
import Glibc
#endif
import CurlTransport
import IdosCrypto
import IdosDevNode
import IdosKit
import KwilKit
import Logging

/// idos-devnode throughput: mined txs/s with the block interval at 100 ms (add_user_as_inserter from 1 and 8
/// sender keys, create_credentials_by_dwg) and user.call-style reads/s, on a throwaway PostgreSQL cluster
/// started with deploy/dev/postgres.sh. Measured in-process (`InProcessChain`): mempool, block producer,
/// actions and PostgreSQL, without HTTP/JSON and signature checks. There is no reference implementation
/// (no real idOS node runs here); the target is ≥ 1,000 small txs/s.
@MainActor
func runDevNodeBenchmarks(_ report: BenchReport) async throws {
    let dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("idos-bench-pg-\(UUID().uuidString.prefix(8))").path
    FileHandle.standardError.write(Data("devnode bench: starting PostgreSQL\n".utf8))
    let url = try await DevNodeBenchSupport.shell(["deploy/dev/postgres.sh", "start", dataDir]).trimmingCharacters(in: .whitespacesAndNewlines)
    FileHandle.standardError.write(Data("devnode bench: PostgreSQL at \(url)\n".utf8))
    func stopPostgres() async {
        _ = try? await DevNodeBenchSupport.shell(["deploy/dev/postgres.sh", "stop", dataDir])
        try? FileManager.default.removeItem(atPath: dataDir)
    }
    var logger = Logger(label: "devnode-bench")
    logger.logLevel = .warning

    let issuers = (0..<8).map { _ in Ed25519.PrivateKey.generate() }
    var configuration = DevNodeConfiguration(databaseURL: url)
    configuration.schema = "bench_devnode"
    configuration.blockInterval = .milliseconds(100)
    configuration.delegates = issuers.enumerated().map { (inserterName: "bench\($0.offset)", publicKeyHex: Hex.encode($0.element.publicKey)) }

    var rows: [(String, Double)]
    do {
        rows = try await measure(configuration, issuers: issuers, logger: logger)
        var http = configuration
        http.schema = "bench_devnode_http"
        http.port = 0
        rows.append(("add_user_as_inserter over JSON-RPC, signed, 8 keys", try await DevNodeBenchSupport.overHTTP(http, issuers: issuers, logger: logger)))
    } catch {
        await stopPostgres()
        throw error
    }
    await stopPostgres()
    for (name, value) in rows {
        report.add(BenchRow(suite: "devnode", name: name, unit: name.contains("reads") ? "calls/s" : "txs/s (block interval 100 ms)",
                            ours: value, reference: nil, referenceName: nil))
    }
}

/// The four measurements, on one chain.
private func measure(_ configuration: DevNodeConfiguration, issuers: [Ed25519.PrivateKey], logger: Logger) async throws -> [(String, Double)] {
    try await InProcessChain.with(configuration, logger: logger) { chain in
        var rows: [(String, Double)] = []
        for senders in [1, 8] {
            let count = 4_000
            let keys = Array(issuers.prefix(senders))
            let rate = try await DevNodeBenchSupport.mine(chain, count: count) { i in
                (Hex.encode(keys[i % senders].publicKey), "add_user_as_inserter",
                 [.uuid(UUID()), .text("bench-key"), .text("user")])
            }
            rows.append(("add_user_as_inserter mined, \(senders) sender key\(senders == 1 ? "" : "s")", rate))
        }
        let dwg = try await DevNodeBenchSupport.dwgWorkload(chain, issuer: issuers[0], count: 600)
        rows.append(("create_credentials_by_dwg mined, 1 sender key", dwg.rate))
        let reads = try await DevNodeBenchSupport.reads(chain, caller: dwg.ownerCaller, concurrency: 8, seconds: 2)
        rows.append(("user.call get_user reads, 8 concurrent", reads))
        return rows
    }
}

/// Workloads of the devnode suite.
enum DevNodeBenchSupport {
    /// Runs a `DevNode` on a free port and broadcasts signed add_user_as_inserter txs (sync=0, 8 keys in
    /// parallel, nonces pipelined), then waits until the last is mined; returns mined txs per second.
    static func overHTTP(_ configuration: DevNodeConfiguration, issuers: [Ed25519.PrivateKey], logger: Logger) async throws -> Double {
        let node = try DevNode(configuration: configuration, logger: logger)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let task = Task { try await node.run(shutdownSignals: false) { continuation.yield($0) } }
        defer { task.cancel() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw DevNodeError.invalidConfiguration("devnode did not start") }
        let url = "http://127.0.0.1:\(port)/rpc/v1"
        var transportConfiguration = CurlTransport.Configuration()
        transportConfiguration.workers = issuers.count
        let transport = try CurlTransport(configuration: transportConfiguration)
        let perKey = 250
        // Sign everything first: the measurement is the node's, not the client's signing.
        var bodies: [[[UInt8]]] = []
        for key in issuers {
            let signer = try Ed25519Signer(secretKey: key.seed)
            var list: [[UInt8]] = []
            for nonce in 1...perKey {
                let payload = try ActionExecution(action: "add_user_as_inserter", rows: [[.uuid(UUID()), .text("k"), .text("user")]]).encoded()
                var tx = Transaction(description: "bench", payload: payload, nonce: UInt64(nonce), chainID: configuration.chainId)
                try tx.sign(with: signer)
                list.append(Array("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"user.broadcast\",\"params\":{\"tx\":\(tx.json()),\"sync\":\(nonce == perKey ? 1 : 0)}}".utf8))
            }
            bodies.append(list)
        }
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for list in bodies {
                group.addTask {
                    for body in list {
                        let response = try await transport.send(HTTPRequest(method: "POST", url: url, headers: [HTTPHeader("Content-Type", "application/json")],
                                                                            body: body))
                        let text = String(decoding: response.body, as: UTF8.self)
                        if text.contains("\"error\":{") { throw DevNodeError.engine(text) }
                    }
                }
            }
            try await group.waitForAll()
        }
        let elapsed = ContinuousClock.now - start
        return Double(perKey * issuers.count) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// Runs a command from the repository root and returns its stdout. Spawned with posix_spawn and
    /// waited for with waitpid, output through a file: Foundation's Process never reports the exit of
    /// `postgres.sh start` (whose server keeps running) when driven from async code on the main actor.
    static func shell(_ arguments: [String]) async throws -> String {
        let outPath = FileManager.default.temporaryDirectory.appendingPathComponent("idos-bench-\(UUID().uuidString).out").path
        defer { try? FileManager.default.removeItem(atPath: outPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        let argv = (["/usr/bin/env"] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, "/usr/bin/env", &actions, nil, argv, environ)
        guard rc == 0 else { throw DevNodeError.engine("posix_spawn failed: \(rc)") }
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 { try await Task.sleep(for: .milliseconds(20)) }
        return (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
    }

    /// Submits `count` txs made by `make` (sender hex, action, arguments) as fast as the mempool takes them
    /// and returns mined txs per second, from the first submit to the last tx mined. Every tx must succeed.
    static func mine(_ chain: InProcessChain, count: Int, _ make: (Int) -> (String, String, [KwilValue])) async throws -> Double {
        let txs = (0..<count).map(make)
        let start = ContinuousClock.now
        var ids: [String] = []
        ids.reserveCapacity(count)
        for (sender, action, arguments) in txs {
            ids.append(try await chain.submit(sender: sender, signatureType: .ed25519, action: action, arguments: arguments))
        }
        for id in ids {
            guard let outcome = await chain.waitForBlock(id), outcome.code == 0 else {
                throw DevNodeError.engine("a benchmark tx failed: \(await chain.waitForBlock(id)?.log ?? "block failed")")
            }
        }
        let elapsed = ContinuousClock.now - start
        return Double(count) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// Onboards one EVM user, then mines `count` DWG writes (each with its own signed DWG and credential pair).
    static func dwgWorkload(_ chain: InProcessChain, issuer: Ed25519.PrivateKey, count: Int) async throws -> (rate: Double, ownerCaller: String) {
        let owner = Secp256k1.PrivateKey.generate()
        let ownerAddress = EthereumAddress.fromPublicKey(owner.publicKey())
        let ownerCaller = InProcessChain.caller(sender: ownerAddress, signatureType: .secp256k1_ep)
        let userKey = SealedBox.KeyPair.generate(), issuerBox = SealedBox.KeyPair.generate()
        let issuerHex = Hex.encode(issuer.publicKey)
        let userId = UUID()
        let proof = "bench wallet proof"
        let setup: [(String, [KwilValue])] = [
            ("add_user_as_inserter", [.uuid(userId), .text(Base64.encode(userKey.publicKey)), .text("user")]),
            ("upsert_wallet_as_inserter", [.uuid(UUID()), .uuid(userId), .text(ownerCaller), .null(.text), .text("EVM"), .text(proof),
                                           .text("0x" + Hex.encode(EIP191.sign(Array(proof.utf8), key: owner)))]),
        ]
        _ = try await mine(chain, count: setup.count) { (issuerHex, setup[$0].0, setup[$0].1) }
        let now = Date()
        var workload: [[KwilValue]] = []
        for i in 0..<count {
            let grant = DelegatedWriteGrant(ownerWalletIdentifier: ownerCaller, granteeWalletIdentifier: issuerHex, issuerPublicKey: issuerHex,
                                            accessGrantTimelock: Date(timeIntervalSince1970: 0), notUsableBefore: now.addingTimeInterval(-300),
                                            notUsableAfter: now.addingTimeInterval(3600))
            let signed = SignedDelegatedWriteGrant(grant: grant, signature: "0x" + Hex.encode(EIP191.sign(Array(grant.message.utf8), key: owner)))
            let pair = try CredentialPair(plaintext: Array("{\"bench\":\(i)}".utf8), publicNotes: "{\"id\":\"bench-\(i)\"}",
                                          userPublicKey: userKey.publicKey, copyPublicKey: issuerBox.publicKey, issuer: issuer)
            workload.append(try IdosActionCall.createCredentialsByDWG(pair: pair, grant: signed).arguments)
        }
        let rate = try await mine(chain, count: count) { (issuerHex, "create_credentials_by_dwg", workload[$0]) }
        return (rate, ownerCaller)
    }

    /// `get_user` as `caller` from `concurrency` loops for `seconds`; returns calls per second.
    static func reads(_ chain: InProcessChain, caller: String, concurrency: Int, seconds: Double) async throws -> Double {
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        let start = ContinuousClock.now
        let total = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    var n = 0
                    while ContinuousClock.now < deadline {
                        _ = try await chain.call(caller: caller, action: "get_user")
                        n += 1
                    }
                    return n
                }
            }
            return try await group.reduce(0, +)
        }
        let elapsed = ContinuousClock.now - start
        return Double(total) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
}
