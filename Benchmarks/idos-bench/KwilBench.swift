import CurlTransport
import Foundation
import Hummingbird
import IdosCrypto
import KwilKit
import Logging
import NIOCore

/// KwilKit throughput. (1) Encoding + signing a `create_credentials_by_dwg`-sized tx (21 args, ~6 KiB)
/// beside raw Ed25519 signing of the same payload bytes. (2) `KwilClient.call` requests/s over CurlTransport
/// against a trivial loopback responder with 1 and 32 concurrent callers, beside `curl` in a shell loop
/// and `wrk` on the same responder; the connections the transport opened show keep-alive reuse.
@MainActor
func runKwilBenchmarks(_ report: BenchReport) async throws {
    try encodeAndSign(report)
    try await requestsPerSecond(report)
}

/// The 21 arguments of `create_credentials_by_dwg` with credential-sized contents (~6 KiB encoded).
private func dwgSizedArguments() -> [KwilValue] {
    let content = Base64.encode(secureRandomBytes(2_000))
    let sig = Base64.encode(secureRandomBytes(64))
    let key = Base64.encode(secureRandomBytes(32))
    return [
        .text(Hex.encode(secureRandomBytes(32))), .text(key), .uuid(UUID()), .text(content), .text(#"{"id":"urn:uuid:demo","type":"KYC","level":"basic","status":"approved","issuer":"https://issuer.example"}"#),
        .text(sig), .text(sig), .text(key), .uuid(UUID()), .text(content), .text(sig), .text(sig), .text(Hex.encode(secureRandomBytes(32))),
        .text("0x2c7536E3605D9C16a7a3D7b1898e529396a65c23"), .text(Hex.encode(secureRandomBytes(32))), .text(Hex.encode(secureRandomBytes(32))),
        .uuid(UUID()), .text("1970-01-01T00:00:00Z"), .text("2026-11-22T00:00:00Z"), .text("2026-11-23T00:00:00Z"),
        .text("0x" + Hex.encode(secureRandomBytes(65))),
    ]
}

@MainActor
private func encodeAndSign(_ report: BenchReport) throws {
    let seed = secureRandomBytes(32)
    let signer = try Ed25519Signer(secretKey: seed)
    let key = try Ed25519.PrivateKey(seed)
    let execution = ActionExecution(action: "create_credentials_by_dwg", rows: [dwgSizedArguments()])
    let payload = try execution.encoded()
    var nonce: UInt64 = 0
    let signed = try Bench.opsPerSecond(seconds: 1.5) {
        nonce += 1
        var tx = Transaction(description: "Create credentials by DWG", payload: try execution.encoded(), nonce: nonce, chainID: "idos-devnode")
        try tx.sign(with: signer)
        return tx.signature.count == 64 ? 1 : 0
    }
    let ours = try Bench.opsPerSecond(seconds: 1.5) {
        nonce += 1
        var tx = Transaction(description: "Create credentials by DWG", payload: try execution.encoded(), nonce: nonce, chainID: "idos-devnode")
        try tx.sign(with: signer)
        return tx.json().utf8.count > 0 ? 1 : 0
    }
    let reference = Bench.opsPerSecond(seconds: 1.5) { key.sign(payload).count == 64 ? 1 : 0 }
    report.add(BenchRow(suite: "kwil", name: "dwg tx encode+sign (21 args, \(payload.count / 1024) KiB)", unit: "txs/s",
                        ours: signed, reference: reference, referenceName: "raw Ed25519 sign of the same payload bytes"))
    report.add(BenchRow(suite: "kwil", name: "dwg tx encode+sign+JSON (21 args, \(payload.count / 1024) KiB)", unit: "txs/s",
                        ours: ours, reference: reference, referenceName: "raw Ed25519 sign of the same payload bytes"))
}

/// The fixed `user.call` answer of the responder.
private let callAnswer = #"{"jsonrpc":"2.0","id":1,"result":{"query_result":{"column_names":["id","recipient_encryption_public_key"],"column_types":[{"name":"uuid","is_array":false,"metadata":[0,0]},{"name":"text","is_array":false,"metadata":[0,0]}],"values":[["550e8400-e29b-41d4-a716-446655440000","Y+kNWSnoYhlBrsDQ/01FTfoHQ5CeXyjDEHbQmNDGOjw="]]},"logs":"","error":null}}"#

@MainActor
private func requestsPerSecond(_ report: BenchReport) async throws {
    let router = Router()
    router.post("/rpc/v1") { request, _ -> Response in
        _ = try await request.body.collect(upTo: 1 << 20)
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: callAnswer)))
    }
    var logger = Logger(label: "kwil-bench-responder")
    logger.logLevel = .critical
    let (ports, continuation) = AsyncStream<Int>.makeStream()
    let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                          onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) }, logger: logger)
    let server = Task { try await app.runService(gracefulShutdownSignals: []) }
    defer { server.cancel() }
    var iterator = ports.makeAsyncIterator()
    guard let port = await iterator.next() else { return }
    let base = "http://127.0.0.1:\(port)"
    let call = ActionCall(action: "get_user_as_inserter", arguments: [.uuid(UUID())])
    let body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"user.call\",\"params\":\(try CallMessage(call: call).json())}"
    let bodyFile = FileManager.default.temporaryDirectory.appendingPathComponent("kwil-bench-body.json").path
    try Data(body.utf8).write(to: URL(fileURLWithPath: bodyFile))
    let lua = FileManager.default.temporaryDirectory.appendingPathComponent("kwil-bench-post.lua").path
    try Data("""
    wrk.method = "POST"
    wrk.headers["Content-Type"] = "application/json"
    wrk.body = io.open("\(bodyFile)"):read("*a")
    """.utf8).write(to: URL(fileURLWithPath: lua))

    for callers in [1, 32] {
        var configuration = CurlTransport.Configuration()
        configuration.workers = callers
        let transport = try CurlTransport(configuration: configuration)
        let client = KwilClient(baseURL: base, transport: transport)
        let perRound = callers * 20
        // Warm-up opens the connections; after it, reuse means no new ones.
        _ = try await callConcurrently(client, call, callers: callers, total: callers * 4)
        let warm = transport.connectionsOpened
        var sent = 0
        let ours = try await Bench.opsPerSecondAsync(seconds: 2) {
            sent += perRound
            return try await callConcurrently(client, call, callers: callers, total: perRound)
        }
        let opened = transport.connectionsOpened - warm
        let threads = callers == 1 ? 1 : 2
        let wrkOut = try await DevNodeBenchSupport.shell(["wrk", "-t\(threads)", "-c\(callers)", "-d2s", "-s", lua, base + "/rpc/v1"])
        let wrk = wrkOut.split(separator: "\n").first { $0.hasPrefix("Requests/sec:") }
            .flatMap { Double($0.split(separator: " ").last ?? "") }
        report.add(BenchRow(suite: "kwil", name: "KwilClient.call, \(callers) caller\(callers == 1 ? "" : "s") (\(opened) new conns / \(sent) calls)",
                            unit: "calls/s", ours: ours, reference: wrk, referenceName: "wrk -c\(callers), same responder"))
    }

    // curl in a shell loop: a process and a TCP connection per request.
    let count = 200
    let start = ContinuousClock.now
    _ = try await DevNodeBenchSupport.shell(["bash", "-c",
        "for i in $(seq \(count)); do curl -s -o /dev/null -H 'Content-Type: application/json' --data-binary @\(bodyFile) \(base)/rpc/v1; done"])
    let elapsed = ContinuousClock.now - start
    let curlLoop = Double(count) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    let single = report.rows.first { $0.suite == "kwil" && $0.name.contains("1 caller") }?.ours ?? 0
    report.add(BenchRow(suite: "kwil", name: "KwilClient.call, 1 caller, vs curl in a shell loop", unit: "calls/s",
                        ours: single, reference: curlLoop, referenceName: "curl per request (bash loop)"))
}

/// Runs `total` calls from `callers` concurrent tasks; returns how many succeeded.
private func callConcurrently(_ client: KwilClient, _ call: ActionCall, callers: Int, total: Int) async throws -> Int {
    try await withThrowingTaskGroup(of: Int.self) { group in
        for c in 0..<callers {
            let share = total / callers + (c < total % callers ? 1 : 0)
            group.addTask {
                for _ in 0..<share { _ = try await client.call(call) }
                return share
            }
        }
        return try await group.reduce(0, +)
    }
}
