import Foundation
import Logging
import IdosCrypto

/// The `user.*` methods.
extension RPCController {
    func chainInfo() async throws -> JSONValue {
        .object([
            "chain_id": .string(runtime.configuration.chainId), "block_height": .int(await runtime.state.height),
            "block_hash": .string(await runtime.state.blockHash), "gas": .bool(false),
        ])
    }

    func health() async throws -> JSONValue {
        guard case var .object(info) = try await chainInfo() else { return .null }
        let timestamp = await runtime.state.blockTimestamp
        let age = max(0, Int64(Date().timeIntervalSince1970) - timestamp) * 1000
        info["healthy"] = .bool(true)
        info["version"] = .string("0.3.0")
        info["block_time"] = .int(timestamp * 1000)
        info["block_age"] = .int(age)
        info["syncing"] = .bool(false)
        info["height"] = .int(await runtime.state.height)
        info["app_hash"] = .string(await runtime.state.blockHash)
        info["peer_count"] = .int(0)
        info["mode"] = .string("open")
        return .object(info)
    }

    func account(_ params: [String: JSONValue]) async throws -> JSONValue {
        guard let id = params["id"], let identifier = id["identifier"]?.string, let keyType = id["key_type"]?.string,
              let bytes = try? Hex.decode(identifier) else {
            throw RPCError.invalidParams("id must be {identifier: hex, key_type: secp256k1|ed25519}")
        }
        let key = AccountKey(identifier: Hex.encode(bytes), keyType: keyType)
        let committed = try await runtime.store.committedNonce(key)
        var nonce = committed ?? 0
        if params["status"]?.int == 1, let pending = await runtime.state.pendingNonce(key) { nonce = max(nonce, pending) }
        var result: [String: JSONValue] = ["balance": .string("0"), "nonce": .int(nonce)]
        if committed != nil || nonce > 0 {
            result["id"] = .object(["identifier": .string(key.identifier), "key_type": .string(keyType)])
        }
        return .object(result)
    }

    func broadcast(_ params: [String: JSONValue]) async throws -> JSONValue {
        guard let txValue = params["tx"] else { throw RPCError.invalidParams("params.tx is required") }
        let json = try JSONEncoder().encode(txValue)
        let tx: KwilWire.ReceivedTx
        do { tx = try KwilWire.decodeTransaction(json) } catch {
            await runtime.state.countRejected()
            throw RPCError.invalidParams("invalid transaction: \(error)")
        }
        func reject(_ code: Int, _ message: String) async -> RPCError {
            await runtime.state.countRejected()
            runtime.logger.info("tx rejected", metadata: ["tx_hash": "\(tx.hash)", "code": "\(code)", "reason": "\(message)"])
            return RPCError.broadcastRejected(txCode: code, hash: tx.hash, message: message)
        }
        if !tx.chainId.isEmpty, tx.chainId != runtime.configuration.chainId {
            throw await reject(TxCode.wrongChain, "wrong chain ID: expected \(runtime.configuration.chainId), got \(tx.chainId)")
        }
        if tx.description.utf8.count > 200 { throw await reject(TxCode.encoding, "description is too long") }
        guard tx.serialization == "concat" else { throw await reject(TxCode.unknown, "unsupported serialization '\(tx.serialization)'") }
        guard ["secp256k1_ep", "ed25519"].contains(tx.signatureType) else {
            throw await reject(TxCode.invalidSignature, "unsupported signature type '\(tx.signatureType)'")
        }
        if let reason = tx.verify() { throw await reject(TxCode.unknown, "failed to verify the transaction: \(reason)") }
        guard tx.payloadType == "execute" else { throw await reject(TxCode.invalidTxType, "unsupported payload type '\(tx.payloadType)'") }
        let decoded: KwilWire.DecodedAction
        do { decoded = try KwilWire.decodeExecution(tx.payload) } catch {
            throw await reject(TxCode.encoding, "failed to decode the execute payload: \(error)")
        }
        let account = AccountKey(identifier: Hex.encode(tx.sender), keyType: SignatureCheck.keyType(tx.signatureType))
        if await runtime.faults.roll(await runtime.faults.current.rejectNonceRate) {
            throw await reject(TxCode.invalidNonce, "invalid nonce (injected fault)")
        }
        let pending = PendingTx(hash: tx.hash, json: String(decoding: json, as: UTF8.self), account: account,
                                caller: SignatureCheck.caller(type: tx.signatureType, sender: tx.sender), nonce: tx.nonce,
                                namespace: decoded.namespace, action: decoded.action, calls: decoded.calls)
        // The database is consulted only for accounts the mempool has not seen since start.
        let committed = await runtime.state.pendingNonce(account) == nil ? try await runtime.store.committedNonce(account) ?? 0 : 0
        do { try await runtime.state.admit(pending, committedNonce: committed) } catch {
            guard case let .nonce(expected, got) = error else { throw error }
            runtime.logger.info("tx rejected", metadata: ["tx_hash": "\(tx.hash)", "code": "\(TxCode.invalidNonce)", "reason": "nonce"])
            throw RPCError.broadcastRejected(txCode: TxCode.invalidNonce, hash: tx.hash,
                                             message: "invalid nonce: account \(account.identifier) expected \(expected), got \(got)")
        }
        runtime.logger.debug("tx accepted", metadata: ["tx_hash": "\(tx.hash)", "action": "\(decoded.action)"])
        guard params["sync"]?.int == 1 else { return .object(["tx_hash": .string(tx.hash)]) }
        guard let outcome = await runtime.state.waitForBlock(tx.hash) else {
            throw RPCError(-200, "the block holding the transaction failed to commit; the transaction was dropped")
        }
        return .object(["tx_hash": .string(tx.hash), "result": Self.txResult(outcome)])
    }

    static func txResult(_ outcome: TxOutcome) -> JSONValue {
        .object(["code": .int(outcome.code), "gas": .int(0), "log": .string(outcome.log), "events": .array([])])
    }

    func txQuery(_ params: [String: JSONValue]) async throws -> JSONValue {
        guard let hash = params["tx_hash"]?.string?.lowercased(), hash.utf8.count == 64, Hex.isHex(hash) else {
            throw RPCError.invalidParams("tx_hash must be 64 hex characters")
        }
        if let pending = await runtime.state.isPending(hash) {
            let tx = (try? JSONDecoder().decode(JSONValue.self, from: Data(pending.json.utf8))) ?? .null
            return .object(["tx_hash": .string(hash), "height": .int(-1), "tx": tx, "tx_result": .null])
        }
        guard let mined = try await runtime.store.minedTx(hash: hash) else { throw RPCError.txNotFound() }
        let tx = (try? JSONDecoder().decode(JSONValue.self, from: Data(mined.json.utf8))) ?? .null
        return .object(["tx_hash": .string(hash), "height": .int(mined.height), "tx": tx,
                        "tx_result": Self.txResult(TxOutcome(code: mined.code, log: mined.log, height: mined.height))])
    }

    func call(_ params: [String: JSONValue], _ incoming: Incoming) async throws -> JSONValue {
        guard let payloadText = params["body"]?["payload"]?.string, let payload = try? Base64.decode(payloadText) else {
            throw RPCError.invalidParams("body.payload must be base64")
        }
        let senderText = params["sender"]?.string ?? ""
        guard let sender = try? Hex.decode(senderText) else { throw RPCError.invalidParams("sender must be hex") }
        let authType = params["auth_type"]?.string ?? "secp256k1_ep"
        var caller = ""
        if !sender.isEmpty {
            if !runtime.configuration.open {
                guard let identity = await runtime.sessions.identity(cookie: incoming.cookie), identity.sender == Hex.encode(sender) else {
                    throw RPCError.notAuthorized()
                }
            }
            caller = SignatureCheck.caller(type: authType, sender: sender)
        }
        let decoded: KwilWire.DecodedAction
        do { decoded = try KwilWire.decodeCall(payload) } catch {
            throw RPCError.invalidParams("failed to decode argument: \(error)")
        }
        do {
            let rows = try await runtime.call(namespace: decoded.namespace, action: decoded.action, arguments: decoded.calls.first ?? [],
                                              caller: caller)
            return .object(["query_result": Self.queryResult(rows), "logs": .string(""), "error": .null])
        } catch let DevNodeError.raised(message) {
            return .object(["query_result": Self.queryResult(ActionRows(columns: [])), "logs": .string(""), "error": .string(message)])
        }
    }

    /// `QueryResult` JSON (kwil-transport.md §7.4): int8 and numeric as strings, NULL as null.
    static func queryResult(_ rows: ActionRows) -> JSONValue {
        .object([
            "column_names": .array(rows.columns.map { .string($0.name) }),
            "column_types": .array(rows.columns.map {
                .object(["name": .string($0.type.name), "is_array": .bool(false),
                         "metadata": .array([.int(Int64($0.type.precision)), .int(Int64($0.type.scale))])])
            }),
            "values": .array(rows.rows.map { row in .array(row.map(jsonValue)) }),
        ])
    }

    static func jsonValue(_ value: ActionValue) -> JSONValue {
        switch value {
        case .null: .null
        case let .text(s): .string(s)
        case let .int(i): .string(String(i))
        case let .bool(b): .bool(b)
        case let .uuid(u): .string(u.lowercasedString)
        case let .numeric(n): .string(n)
        }
    }
}
