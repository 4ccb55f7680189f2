import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import TestSupport

/// A loopback HTTP server (Hummingbird, optionally TLS) that plays a Kwil node for the transport tests:
/// fixed JSON-RPC answers, error codes with HTTP statuses, a KGW 401 + cookie flow, a slow method for
/// timeouts, an oversize body for the response cap. It records each request's client port, so connection
/// reuse is observable from the server side.
struct LoopbackNode: Sendable {
    let baseURL: String
    let peers: PeerLog
    /// Holds every `hold` request until opened.
    let gate: Gate

    /// The cookie `kgw.authn` sets and `user.call` requires.
    static let session = "kgw_session=loopback-session"

    /// Client ports seen, one entry per request.
    actor PeerLog {
        private(set) var ports: [Int] = []
        func record(_ port: Int) { ports.append(port) }
        var distinct: Int { Set(ports).count }
    }

    /// A latch: `hold` requests wait on it; a test opens it to let them answer.
    actor Gate {
        private var isOpen = false
        private var waiting: [CheckedContinuation<Void, Never>] = []
        /// Requests currently held.
        var held: Int { waiting.count }
        func pass() async {
            if isOpen { return }
            await withCheckedContinuation { waiting.append($0) }
        }
        func open() {
            isOpen = true
            for w in waiting { w.resume() }
            waiting = []
        }
        /// Waits (polling the actor, no clock asserts) until `count` requests are held.
        func waitUntilHolding(_ count: Int) async throws {
            while held < count { try await Task.sleep(for: .milliseconds(5)) }
        }
    }

    /// A request context that keeps the client's address.
    struct PeerContext: RequestContext {
        var coreContext: CoreRequestContextStorage
        let remotePort: Int
        init(source: ApplicationRequestContextSource) {
            coreContext = .init(source: source)
            remotePort = source.channel.remoteAddress?.port ?? -1
        }
    }

    /// Starts the node (HTTPS with `tls` when given), runs `body`, stops it.
    static func with(tls: SelfSignedCertificate? = nil, _ body: (LoopbackNode) async throws -> Void) async throws {
        let peers = PeerLog(), gate = Gate()
        let scheme = tls == nil ? "http" : "https"
        try await ServerHarness.withServer({ announce in
            var logger = Logger(label: "loopback-node")
            logger.logLevel = .critical
            let app = Application(router: router(peers, gate), server: try serverBuilder(tls),
                                  configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                                  onServerRunning: { channel in announce(channel.localAddress?.port ?? 0) }, logger: logger)
            try await app.runService(gracefulShutdownSignals: [])
        }, { port in
            do {
                try await body(LoopbackNode(baseURL: "\(scheme)://127.0.0.1:\(port)", peers: peers, gate: gate))
            } catch {
                await gate.open()
                throw error
            }
            await gate.open()
        })
    }

    /// The routes: `/rpc/v1` records the client's port and answers by method.
    private static func router(_ peers: PeerLog, _ gate: Gate) -> Router<PeerContext> {
        let router = Router(context: PeerContext.self)
        router.post("/rpc/v1") { request, context -> Response in
            await peers.record(context.remotePort)
            let cookie = request.headers[.cookie]
            let buffer = try await request.body.collect(upTo: 1 << 20)
            let envelope = (try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))) as? [String: Any] ?? [:]
            let method = envelope["method"] as? String ?? ""
            if method == "hold" { await gate.pass() }
            return try await answer(method: method, id: envelope["id"] ?? 1, cookie: cookie)
        }
        return router
    }

    /// HTTP/1.1, with TLS from `tls` when given.
    private static func serverBuilder(_ tls: SelfSignedCertificate?) throws -> HTTPServerBuilder {
        guard let tls else { return .http1() }
        let chain = try NIOSSLCertificate.fromPEMFile(tls.certificatePath).map { NIOSSLCertificateSource.certificate($0) }
        let configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain,
                                                                     privateKey: .privateKey(try NIOSSLPrivateKey(file: tls.keyPath, format: .pem)))
        return try .tls(.http1(), tlsConfiguration: configuration)
    }

    private static func json(_ status: HTTPResponse.Status, _ object: [String: Any], headers: HTTPFields = [:]) throws -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        let data = try JSONSerialization.data(withJSONObject: object)
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    private static func answer(method: String, id: Any, cookie: String?) async throws -> Response {
        let ok: ([String: Any]) throws -> Response = { try json(.ok, ["jsonrpc": "2.0", "id": id, "result": $0]) }
        let failure: (HTTPResponse.Status, Int, String) throws -> Response = { status, code, message in
            try json(status, ["jsonrpc": "2.0", "id": id, "error": ["code": code, "message": message]])
        }
        switch method {
        case "user.chain_info":
            return try ok(["chain_id": "loop", "block_height": 7, "gas": false])
        case "user.health":
            return try ok(["chain_id": "loop", "block_height": 7, "gas": false, "healthy": true, "mode": "open"])
        case "hold":
            return try ok(["held": true])
        case "slow":
            try await Task.sleep(for: .seconds(3))
            return try ok([:])
        case "big":
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(repeating: UInt8(ascii: "x"), count: 200_000)))
        case "broken":
            return try failure(.internalServerError, -32603, "internal error")
        case "kgw.authn_param":
            return try ok(["nonce": "n-1", "statement": "Trust me", "issue_at": "2026-11-22T00:00:00Z", "expiration_time": "2026-11-23T00:00:00Z",
                           "chain_id": "loop", "domain": "", "version": "1", "uri": "/auth"])
        case "kgw.authn":
            return try json(.ok, ["jsonrpc": "2.0", "id": id, "result": [:] as [String: Any]],
                            headers: [.setCookie: "\(session); Path=/; HttpOnly"])
        case "user.call":
            guard cookie?.contains(session) == true else { return try failure(.unauthorized, -901, "not authorized") }
            return try ok(["query_result": ["column_names": ["n"], "column_types": [["name": "int8", "is_array": false, "metadata": [0, 0]]],
                                            "values": [["42"]]],
                           "logs": "", "error": NSNull()])
        default:
            return try failure(.notFound, -32601, "method not found")
        }
    }
}
