internal import Foundation
internal import IdosCrypto

/// An async Kwil 0.10 JSON-RPC client (§2–§8) over any `HTTPTransport`.
///
/// Reads use identified calls; on −901/HTTP 401 the client authenticates with the Kwil Gateway using the
/// caller's signer and retries once, keeping one session cookie per identity. Private-mode nodes get
/// challenge-signed calls.
public actor KwilClient {
    private let transport: any HTTPTransport
    private let endpoint: String
    private let baseURL: String
    private let timeout: Double
    private var nextID = 1
    private var cookies: [String: String] = [:]
    private var mode: String?

    /// A client for the node at `baseURL` (e.g. `https://nodes.idos.network`); requests go to `/rpc/v1`.
    public init(baseURL: String, transport: any HTTPTransport, timeout: Double = 30) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.endpoint = base + "/rpc/v1"
        self.transport = transport
        self.timeout = timeout
    }

    // MARK: JSON-RPC

    /// Sends one JSON-RPC request (`params` is a JSON object text) and returns `result` as JSON text,
    /// whatever the HTTP status; errors map to `KwilError` (§3).
    public func rawCall(_ method: String, params: String = "{}") async throws(KwilError) -> String {
        String(decoding: try await rpc(method, params: params).encoded(), as: UTF8.self)
    }

    private func rpc(_ method: String, params: String = "{}", identity: String? = nil) async throws(KwilError) -> KwilJSON {
        try await rpcWithResponse(method, params: params, identity: identity).0
    }

    private func rpcWithResponse(_ method: String, params: String, identity: String?) async throws(KwilError) -> (KwilJSON, HTTPResponse) {
        let id = nextID
        nextID += 1
        let body = "{\"jsonrpc\":\"2.0\",\"id\":\(id),\"method\":\(JSONText.quote(method)),\"params\":\(params)}"
        var headers = [HTTPHeader("Content-Type", "application/json"), HTTPHeader("Accept", "application/json")]
        if let identity, let cookie = cookies[identity] { headers.append(HTTPHeader("Cookie", cookie)) }
        let request = HTTPRequest(method: "POST", url: endpoint, headers: headers, body: Array(body.utf8), timeout: timeout)
        let response: HTTPResponse
        do { response = try await transport.send(request) } catch let e as KwilError { throw e } catch is CancellationError {
            throw .cancelled
        } catch {
            throw .transport(String(describing: error))
        }
        let json: KwilJSON
        do { json = try KwilJSON(parsing: response.body) } catch {
            if response.status == 401 { throw .notAuthorized(message: "HTTP 401") }
            throw .malformedResponse(status: response.status, reason: "body is not JSON")
        }
        guard let envelope = json.object else {
            throw .malformedResponse(status: response.status, reason: "body is not a JSON object")
        }
        if let error = envelope["error"], !error.isNull {
            let reader = try JSONObjectReader(error, "error")
            let code = try reader.int("code", default: 0, in: Int64(Int32.min)...Int64(Int32.max))
            throw KwilError.fromRPC(code: Int(code), message: try reader.string("message"), data: reader.value("data"))
        }
        if response.status == 401 { throw .notAuthorized(message: "HTTP 401") }
        guard let result = envelope["result"] else {
            throw .malformedResponse(status: response.status, reason: "neither result nor error")
        }
        return (result, response)
    }

    // MARK: Node information

    /// `user.health`: chain, height, health and `mode` (`open` / `private`).
    public func health() async throws(KwilError) -> ChainInfo {
        let r = try JSONObjectReader(try await rpc("user.health"), "health")
        let info = ChainInfo(chainID: try r.string("chain_id"), blockHeight: try r.int("block_height", default: 0, in: 0...Int64.max),
                             gas: try r.bool("gas", default: false), mode: try r.string("mode", default: "open"),
                             healthy: try r.bool("healthy", default: false))
        mode = info.mode
        return info
    }

    /// `user.chain_info`.
    public func chainInfo() async throws(KwilError) -> ChainInfo {
        let r = try JSONObjectReader(try await rpc("user.chain_info"), "chain_info")
        return ChainInfo(chainID: try r.string("chain_id"), blockHeight: try r.int("block_height", default: 0, in: 0...Int64.max),
                         gas: try r.bool("gas", default: false), mode: "", healthy: true)
    }

    /// `user.account`: the last used nonce of an identity (the next tx uses nonce + 1). `pending` includes the mempool.
    /// - Throws: `.malformedResponse` unless the nonce is an integer in 0 ..< Int64.max, so nonce + 1 always fits.
    public func accountNonce(identifier: [UInt8], keyType: String, pending: Bool = true) async throws(KwilError) -> Int64 {
        let params = "{\"id\":{\"identifier\":\(JSONText.quote(Hex.encode(identifier))),\"key_type\":\(JSONText.quote(keyType))},\"status\":\(pending ? 1 : 0)}"
        let r = try JSONObjectReader(try await rpc("user.account", params: params), "account")
        return try r.int("nonce", default: 0, in: 0...(Int64.max - 1))
    }

    // MARK: Transactions

    /// `user.estimate_price` for a (possibly unsigned) tx: the fee as a decimal string.
    public func estimatePrice(_ tx: Transaction) async throws(KwilError) -> String {
        let r = try JSONObjectReader(try await rpc("user.estimate_price", params: "{\"tx\":\(tx.json())}"), "estimate_price")
        return try r.string("price", default: "0")
    }

    /// `user.broadcast`. With `sync`, waits for the block and throws `.transactionFailed` if the tx failed.
    public func broadcast(_ tx: Transaction, sync: Bool = true) async throws(KwilError) -> BroadcastResult {
        try await broadcast(transactionJSON: tx.json(), sync: sync, expectedHash: Hex.encode(tx.hash))
    }

    /// `user.broadcast` of a tx exactly as it was stored (its `json()` text), so a resend carries identical
    /// bytes. Without `sync` it returns once a node accepted the tx into its mempool (`height` 0).
    public func broadcast(transactionJSON: String, sync: Bool = false, expectedHash: String? = nil) async throws(KwilError) -> BroadcastResult {
        let params = sync ? "{\"tx\":\(transactionJSON),\"sync\":1}" : "{\"tx\":\(transactionJSON)}"
        let r = try JSONObjectReader(try await rpc("user.broadcast", params: params), "broadcast")
        let hash = try r.string("tx_hash", default: expectedHash ?? "")
        var result = BroadcastResult(txHash: hash, height: 0, code: nil, log: "")
        if let res = try r.object("result") {
            result.code = try res.txCode("code")
            result.log = try res.string("log")
            if result.code != TxCode.ok.rawValue { throw .transactionFailed(txHash: hash, txCode: result.code ?? 0, log: result.log) }
        }
        return result
    }

    /// `user.tx_query`: height (−1 while pending) and, once mined, the TxCode and log.
    public func txQuery(hash: String) async throws(KwilError) -> BroadcastResult {
        let r = try JSONObjectReader(try await rpc("user.tx_query", params: "{\"tx_hash\":\(JSONText.quote(hash))}"), "tx_query")
        var result = BroadcastResult(txHash: try r.string("tx_hash", default: hash), height: try r.int("height", default: -1, in: -1...Int64.max),
                                     code: nil, log: "")
        if let res = try r.object("tx_result") {
            result.code = try res.txCode("code")
            result.log = try res.string("log")
        }
        return result
    }

    /// `user.tx_query`, or nil when the node does not know the hash (−202): never mined and not in its mempool.
    public func txQueryIfKnown(hash: String) async throws(KwilError) -> BroadcastResult? {
        do { return try await txQuery(hash: hash) } catch .rpc(let code, _) where JSONRPCErrorCode(rawValue: code) == .txNotFound { return nil }
    }

    /// Fetches the nonce, signs an `execute` tx for one row and broadcasts it.
    public func execute(_ execution: ActionExecution, description: String, chainID: String, signer: some KwilSigner,
                        sync: Bool = true) async throws(KwilError) -> BroadcastResult {
        let nonce = try await accountNonce(identifier: signer.identifier, keyType: signer.signatureType.keyType)
        var tx = Transaction(description: description, payload: try execution.encoded(), nonce: UInt64(nonce) + 1, chainID: chainID)
        try tx.sign(with: signer)
        return try await broadcast(tx, sync: sync)
    }

    // MARK: Calls

    /// `user.call`: unauthenticated when `signer` is nil, else identified (KGW cookie, one retry on −901/401)
    /// or challenge-signed when the node runs in private mode.
    public func call(_ call: ActionCall, signer: (any KwilSigner)? = nil) async throws(KwilError) -> QueryResult {
        var message = try CallMessage(call: call)
        guard let signer else { return try decode(try await rpc("user.call", params: message.json())) }
        if mode == nil { _ = try await health() }
        let identity = signer.identifierHex
        if mode == "private" {
            let c = try JSONObjectReader(try await rpc("user.challenge"), "challenge")
            let challenge: [UInt8]
            do { challenge = try Hex.decode(try c.string("challenge")) } catch {
                throw .malformedResponse(status: 200, reason: "challenge is not hex")
            }
            try message.sign(challenge: challenge, with: signer)
            return try decode(try await rpc("user.call", params: message.json()))
        }
        message.identify(as: signer)
        do {
            return try decode(try await rpc("user.call", params: message.json(), identity: identity))
        } catch .notAuthorized {
            try await authenticate(signer)
            return try decode(try await rpc("user.call", params: message.json(), identity: identity))
        }
    }

    /// KGW authentication (§8): authn_param, sign the message, authn; stores the session cookie for this identity.
    public func authenticate(_ signer: any KwilSigner) async throws(KwilError) {
        let p = try JSONObjectReader(try await rpc("kgw.authn_param"), "authn_param")
        let origin: String? = p.value("origin") == nil ? nil : try p.string("origin")
        let params = KGWAuthParameters(nonce: try p.string("nonce"), statement: try p.string("statement"), issueAt: try p.string("issue_at"),
                                       expirationTime: try p.string("expiration_time"), chainID: try p.string("chain_id"),
                                       domain: try p.string("domain"), version: try p.string("version", default: "1"),
                                       uri: try p.string("uri"), origin: origin)
        guard params.version.isEmpty || params.version == "1" else { throw .notAuthorized(message: "unsupported KGW version \(params.version)") }
        guard params.domain.isEmpty || params.domain == baseURL else { throw .notAuthorized(message: "KGW domain \(params.domain) is not \(baseURL)") }
        let sig = try signer.sign(Array(params.message.utf8))
        let body = "{\"nonce\":\(JSONText.quote(params.nonce)),\"sender\":\(JSONText.quote(signer.identifierHex)),\"signature\":{\"sig\":\(JSONText.quote(Base64.encode(sig))),\"type\":\(JSONText.quote(signer.signatureType.rawValue))}}"
        let (_, response) = try await rpcWithResponse("kgw.authn", params: body, identity: nil)
        guard let setCookie = response.values(of: "Set-Cookie").first(where: { $0.contains("kgw_session") }) ?? response.values(of: "Set-Cookie").first,
              let pair = setCookie.split(separator: ";").first else {
            throw .notAuthorized(message: "kgw.authn set no cookie")
        }
        cookies[signer.identifierHex] = pair.trimmingCharacters(in: .whitespaces)
    }

    /// Whether a session cookie is held for this identity (never exposes the cookie itself).
    public func hasSession(for signer: some KwilSigner) -> Bool { cookies[signer.identifierHex] != nil }

    /// The `user.call` result: `error` non-empty means the action raised; else the `query_result` rows.
    private func decode(_ json: KwilJSON) throws(KwilError) -> QueryResult {
        let r = try JSONObjectReader(json, "call result")
        let err = try r.string("error")
        if !err.isEmpty { throw .actionFailed(message: err) }
        return try QueryResult(json: r.value("query_result") ?? .object([:]))
    }
}
