import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import CurlTransport
import IdosCrypto
import KwilKit
import Logging
import TestSupport
import Testing
@testable import IdosDevNode

/// A real `DevNode` serving HTTP on a free loopback port, in a schema of its own.
struct LiveNode: Sendable {
    let baseURL: String
    let configuration: DevNodeConfiguration

    /// The KwilKit transport the HTTP tests use: libcurl, one pool shared by every test client.
    static func transport() -> any HTTPTransport { sharedTransport }
    static let sharedTransport = CurlTransport()

    /// Starts a node in a fresh schema (dropped afterwards, also when `body` throws) with `configure` applied,
    /// runs `body`, stops the node.
    static func with<T: Sendable>(configure: (inout DevNodeConfiguration) -> Void = { _ in },
                                  _ body: (LiveNode) async throws -> T) async throws -> T {
        try await withTestSchema { _, schema in try await with(schema: schema, configure: configure, body) }
    }

    /// Starts a node on an existing `schema` (a restart test starts a second node on it) with `configure`
    /// applied, runs `body`, stops the node. The schema is the caller's to drop (`withTestSchema`).
    static func with<T: Sendable>(schema: String, configure: (inout DevNodeConfiguration) -> Void = { _ in },
                                  _ body: (LiveNode) async throws -> T) async throws -> T {
        var configuration = DevNodeConfiguration(databaseURL: try #require(TestEnvironment.databaseURL))
        configuration.port = 0
        configuration.schema = schema
        configuration.blockInterval = .milliseconds(50)
        configure(&configuration)
        var logger = Logger(label: "devnode-live")
        logger.logLevel = .critical  // cancellation at the end of a test logs harmless server errors
        let node = try DevNode(configuration: configuration, logger: logger)
        let started = configuration
        return try await ServerHarness.withServer({ announce in
            try await node.run(shutdownSignals: false) { port in announce(port) }
        }, { port in
            try await body(LiveNode(baseURL: "http://127.0.0.1:\(port)", configuration: started))
        })
    }

    /// One HTTP exchange.
    struct Exchange: Sendable {
        var status: Int
        var body: Data
        var setCookie: String?
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        var errorCode: Int? { (json["error"] as? [String: Any])?["code"] as? Int }
        var result: [String: Any]? { json["result"] as? [String: Any] }
    }

    /// POSTs raw bytes to `path`.
    func post(_ path: String, body: Data, cookie: String? = nil) async throws -> Exchange {
        var request = URLRequest(url: URL(string: baseURL + path)!)
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let cookie { request.setValue(cookie, forHTTPHeaderField: "Cookie") }
        return try await send(request)
    }

    func get(_ path: String) async throws -> Exchange {
        try await send(URLRequest(url: URL(string: baseURL + path)!))
    }

    /// A session without a cookie jar: `URLSession.shared` keeps every `Set-Cookie` it sees and sends it to the
    /// same host on any port, so parallel tests' KGW sessions on 127.0.0.1 replaced each other's cookies.
    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        return URLSession(configuration: configuration)
    }()

    private func send(_ request: URLRequest) async throws -> Exchange {
        let (data, response) = try await Self.session.data(for: request)
        let http = response as! HTTPURLResponse
        return Exchange(status: http.statusCode, body: data, setCookie: http.value(forHTTPHeaderField: "Set-Cookie"))
    }

    /// A JSON-RPC call with id 1.
    func rpc(_ method: String, _ params: [String: Any] = [:], cookie: String? = nil) async throws -> Exchange {
        let body = try JSONSerialization.data(withJSONObject: ["jsonrpc": "2.0", "id": 1, "method": method, "params": params])
        return try await post("/rpc/v1", body: body, cookie: cookie)
    }

    /// Signs in through KGW as `actor`; returns the `Cookie` header value.
    func signIn(_ actor: TestActor) async throws -> String {
        let parameters = try #require(try await rpc("kgw.authn_param").result)
        let p = KGWAuthParameters(
            nonce: parameters["nonce"] as! String, statement: parameters["statement"] as! String, issueAt: parameters["issue_at"] as! String,
            expirationTime: parameters["expiration_time"] as! String, chainID: parameters["chain_id"] as! String,
            domain: parameters["domain"] as! String, version: parameters["version"] as! String, uri: parameters["uri"] as! String)
        #expect(p.domain == baseURL)
        let signature = actor.signBytes(Array(p.message.utf8))
        let answer = try await rpc("kgw.authn", ["nonce": p.nonce, "sender": Hex.encode(actor.sender),
                                                 "signature": ["sig": Base64.encode(signature), "type": actor.signatureType.rawValue]])
        #expect(answer.errorCode == nil, "kgw.authn failed: \(String(decoding: answer.body, as: UTF8.self))")
        let setCookie = try #require(answer.setCookie)
        return String(setCookie.split(separator: ";")[0])
    }
}
