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
        let result = try await rpc(method, params: params)
        guard let data = try? JSONSerialization.data(withJSONObject: result, options: [.fragmentsAllowed, .sortedKeys]) else {
            throw .malformedResponse(status: 200, reason: "result is not JSON")
        }
        return String(decoding: data, as: UTF8.self)
    }

    private func rpc(_ method: String, params: String = "{}", identity: String? = nil) async throws(KwilError) -> Any {
        try await rpcWithResponse(method, params: params, identity: identity).0
    }

    private func rpcWithResponse(_ method: String, params: String, identity: String?) async throws(KwilError) -> (Any, HTTPResponse) {
        let id = nextID
        nextID += 1
        let body = "{\"jsonrpc\":\"2.0\",\"id\":\(id),\"method\":\(JSONText.quote(method)),\"params\":\(params)}"
        var headers = [HTTPHeader("Content-Type", "application/json"), HTTPHeader("Accept", "application/json")]
        if let identity, let cookie = cookies[identity] { headers.append(HTTPHeader("Cookie", cookie)) }
        let request = HTTPRequest(method: "POST", url: endpoint, headers: headers, body: Array(body.utf8), timeout: timeout)
        let response: HTTPResponse
        do { response = try await transport.send(request) } catch let e as KwilError { throw e } catch {
            throw .transport(String(describing: error))
        }
        let json: Any
        do { json = try JSONSerialization.jsonObject(with: Data(response.body), options: [.fragmentsAllowed]) } catch {
            if response.status == 401 { throw .notAuthorized(message: "HTTP 401") }
            throw .malformedResponse(status: response.status, reason: "body is not JSON")
        }
        guard let envelope = json as? [String: Any] else {
            throw .malformedResponse(status: response.status, reason: "body is not a JSON object")
        }
        if let error = envelope["error"] as? [String: Any] {
            let code = (error["code"] as? NSNumber)?.intValue ?? 0
            throw KwilError.fromRPC(code: code, message: (error["message"] as? String) ?? "", data: error["data"])
        }
        if response.status == 401 { throw .notAuthorized(message: "HTTP 401") }
        guard let result = envelope["result"] else {
            throw .malformedResponse(status: response.status, reason: "neither result nor error")
        }
        return (result, response)
    }

    private func object(_ any: Any, _ what: String) throws(KwilError) -> [String: Any] {
        guard let o = any as? [String: Any] else { throw .malformedResponse(status: 200, reason: "\(what) is not an object") }
        return o
    }

    // MARK: Node information

    /// `user.health`: chain, height, health and `mode` (`open` / `private`).
    public func health() async throws(KwilError) -> ChainInfo {
        let r = try object(try await rpc("user.health"), "health")
        let info = ChainInfo(chainID: r["chain_id"] as? String ?? "", blockHeight: (r["block_height"] as? NSNumber)?.int64Value ?? 0,
                             gas: r["gas"] as? Bool ?? false, mode: r["mode"] as? String ?? "open", healthy: r["healthy"] as? Bool ?? false)
        mode = info.mode
        return info
    }

    /// `user.chain_info`.
    public func chainInfo() async throws(KwilError) -> ChainInfo {
        let r = try object(try await rpc("user.chain_info"), "chain_info")
        return ChainInfo(chainID: r["chain_id"] as? String ?? "", blockHeight: (r["block_height"] as? NSNumber)?.int64Value ?? 0,
                         gas: r["gas"] as? Bool ?? false, mode: "", healthy: true)
    }

    /// `user.account`: the last used nonce of an identity (the next tx uses nonce + 1). `pending` includes the mempool.
    public func accountNonce(identifier: [UInt8], keyType: String, pending: Bool = true) async throws(KwilError) -> Int64 {
        let params = "{\"id\":{\"identifier\":\(JSONText.quote(Hex.encode(identifier))),\"key_type\":\(JSONText.quote(keyType))},\"status\":\(pending ? 1 : 0)}"
        let r = try object(try await rpc("user.account", params: params), "account")
        return (r["nonce"] as? NSNumber)?.int64Value ?? 0
    }

    /// The `key_type` `user.account` expects for a signer.
    public static func keyType(of signer: some KwilSigner) -> String {
        signer.signatureType == "secp256k1_ep" ? "secp256k1" : signer.signatureType
    }

    // MARK: Transactions

    /// `user.estimate_price` for a (possibly unsigned) tx: the fee as a decimal string.
    public func estimatePrice(_ tx: Transaction) async throws(KwilError) -> String {
        let r = try object(try await rpc("user.estimate_price", params: "{\"tx\":\(tx.json())}"), "estimate_price")
        return r["price"] as? String ?? "0"
    }

    /// `user.broadcast`. With `sync`, waits for the block and throws `.transactionFailed` if the tx failed.
    public func broadcast(_ tx: Transaction, sync: Bool = true) async throws(KwilError) -> BroadcastResult {
        let params = sync ? "{\"tx\":\(tx.json()),\"sync\":1}" : "{\"tx\":\(tx.json())}"
        let r = try object(try await rpc("user.broadcast", params: params), "broadcast")
        let hash = r["tx_hash"] as? String ?? Hex.encode(tx.hash)
        var result = BroadcastResult(txHash: hash, height: 0, code: nil, log: "")
        if let res = r["result"] as? [String: Any] {
            result.code = (res["code"] as? NSNumber)?.uint32Value ?? 0
            result.log = res["log"] as? String ?? ""
            if result.code != 0 { throw .transactionFailed(txHash: hash, txCode: result.code ?? 0, log: result.log) }
        }
        return result
    }

    /// `user.tx_query`: height (−1 while pending) and, once mined, the TxCode and log.
    public func txQuery(hash: String) async throws(KwilError) -> BroadcastResult {
        let r = try object(try await rpc("user.tx_query", params: "{\"tx_hash\":\(JSONText.quote(hash))}"), "tx_query")
        var result = BroadcastResult(txHash: r["tx_hash"] as? String ?? hash, height: (r["height"] as? NSNumber)?.int64Value ?? -1, code: nil, log: "")
        if let res = r["tx_result"] as? [String: Any] {
            result.code = (res["code"] as? NSNumber)?.uint32Value ?? 0
            result.log = res["log"] as? String ?? ""
        }
        return result
    }

    /// Fetches the nonce, signs an `execute` tx for one row and broadcasts it.
    public func execute(_ execution: ActionExecution, description: String, chainID: String, signer: some KwilSigner,
                        sync: Bool = true) async throws(KwilError) -> BroadcastResult {
        let nonce = try await accountNonce(identifier: signer.identifier, keyType: Self.keyType(of: signer))
        var tx = Transaction(description: description, payload: try execution.encoded(), nonce: UInt64(nonce + 1), chainID: chainID)
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
            let c = try object(try await rpc("user.challenge"), "challenge")
            let challenge: [UInt8]
            do { challenge = try Hex.decode(c["challenge"] as? String ?? "") } catch {
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
        let p = try object(try await rpc("kgw.authn_param"), "authn_param")
        let params = KGWAuthParameters(nonce: p["nonce"] as? String ?? "", statement: p["statement"] as? String ?? "",
                                       issueAt: p["issue_at"] as? String ?? "", expirationTime: p["expiration_time"] as? String ?? "",
                                       chainID: p["chain_id"] as? String ?? "", domain: p["domain"] as? String ?? "",
                                       version: p["version"] as? String ?? "1", uri: p["uri"] as? String ?? "",
                                       origin: p["origin"] as? String)
        guard params.version.isEmpty || params.version == "1" else { throw .notAuthorized(message: "unsupported KGW version \(params.version)") }
        guard params.domain.isEmpty || params.domain == baseURL else { throw .notAuthorized(message: "KGW domain \(params.domain) is not \(baseURL)") }
        let sig = try signer.sign(Array(params.message.utf8))
        let body = "{\"nonce\":\(JSONText.quote(params.nonce)),\"sender\":\(JSONText.quote(signer.identifierHex)),\"signature\":{\"sig\":\(JSONText.quote(Base64.encode(sig))),\"type\":\(JSONText.quote(signer.signatureType))}}"
        let (_, response) = try await rpcWithResponse("kgw.authn", params: body, identity: nil)
        guard let setCookie = response.values(of: "Set-Cookie").first(where: { $0.contains("kgw_session") }) ?? response.values(of: "Set-Cookie").first,
              let pair = setCookie.split(separator: ";").first else {
            throw .notAuthorized(message: "kgw.authn set no cookie")
        }
        cookies[signer.identifierHex] = pair.trimmingCharacters(in: .whitespaces)
    }

    /// Whether a session cookie is held for this identity (never exposes the cookie itself).
    public func hasSession(for signer: some KwilSigner) -> Bool { cookies[signer.identifierHex] != nil }

    private func decode(_ any: Any) throws(KwilError) -> QueryResult {
        let r = try object(any, "call result")
        if let err = r["error"] as? String, !err.isEmpty { throw .actionFailed(message: err) }
        let q = try object(r["query_result"] ?? [String: Any](), "query_result")
        let names = q["column_names"] as? [String] ?? []
        var types: [DataType] = []
        for t in q["column_types"] as? [[String: Any]] ?? [] {
            let meta = t["metadata"] as? [NSNumber] ?? []
            types.append(DataType(name: t["name"] as? String ?? "text", isArray: t["is_array"] as? Bool ?? false,
                                  precision: meta.count > 0 ? meta[0].uint16Value : 0, scale: meta.count > 1 ? meta[1].uint16Value : 0))
        }
        guard types.count == names.count else { throw .malformedResponse(status: 200, reason: "column_types does not match column_names") }
        var rows: [[KwilValue]] = []
        for row in q["values"] as? [[Any]] ?? [] {
            guard row.count == types.count else { throw .malformedResponse(status: 200, reason: "row width") }
            var out: [KwilValue] = []
            for (v, t) in zip(row, types) { out.append(try Self.value(v, t)) }
            rows.append(out)
        }
        return QueryResult(columnNames: names, columnTypes: types, rows: rows)
    }

    /// One JSON cell as a typed value (§7.4): int8/uuid/numeric are strings, bytea base64, NULL null.
    static func value(_ v: Any, _ t: DataType) throws(KwilError) -> KwilValue {
        if v is NSNull { return .null(t) }
        if t.isArray {
            guard let items = v as? [Any] else { throw .malformedResponse(status: 200, reason: "\(t.name)[] cell is not an array") }
            var out: [KwilValue] = []
            for i in items { out.append(try value(i, t.element)) }
            return .array(t.element, out)
        }
        let bad = KwilError.malformedResponse(status: 200, reason: "\(t.name) cell")
        switch t.name {
        case "text": guard let s = v as? String else { throw bad }; return .text(s)
        case "int8", "int4":
            if let s = v as? String, let i = Int64(s) { return .int8(i) }
            if let n = v as? NSNumber, !(v is Bool) { return .int8(n.int64Value) }
            throw bad
        case "bool": guard let b = v as? Bool else { throw bad }; return .bool(b)
        case "uuid": guard let s = v as? String, let u = UUID(uuidString: s) else { throw bad }; return .uuid(u)
        case "bytea":
            guard let s = v as? String else { throw bad }
            do { return .bytea(try Base64.decode(s)) } catch { throw bad }
        case "numeric", "decimal":
            guard let s = (v as? String) ?? (v as? NSNumber)?.stringValue else { throw bad }
            return .numeric(s, precision: t.precision, scale: t.scale)
        default:
            if let s = v as? String { return .text(s) }
            throw bad
        }
    }
}
