import Foundation
import Logging
import IdosCrypto
import KwilKit

/// The `user.*` methods.
extension RPCController {
    func account(_ params: [String: KwilJSON]) async throws -> KwilJSON {
        guard let id = params["id"], let identifier = id["identifier"]?.string, let keyType = id["key_type"]?.string,
              let bytes = try? Hex.decode(identifier) else {
            throw RPCError.invalidParams("id must be {identifier: hex, key_type: secp256k1|ed25519}")
        }
        let key = AccountKey(identifier: Hex.encode(bytes), keyType: keyType)
        let committed = try await runtime.store.committedNonce(key)
        var nonce = committed ?? 0
        if params["status"]?.int == 1, let pending = await runtime.state.pendingNonce(key) { nonce = max(nonce, pending) }
        var result: [String: KwilJSON] = ["balance": .string("0"), "nonce": .int(nonce)]
        if committed != nil || nonce > 0 {
            result["id"] = .object(["identifier": .string(key.identifier), "key_type": .string(keyType)])
        }
        return .object(result)
    }

    func broadcast(_ params: [String: KwilJSON]) async throws -> KwilJSON {
        guard let txValue = params["tx"] else { throw RPCError.invalidParams("params.tx is required") }
        let json = try JSONEncoder().encode(txValue)
        let tx: KwilWire.ReceivedTx
        do { tx = try KwilWire.decodeTransaction(json) } catch {
            await runtime.state.countRejected()
            throw RPCError.invalidParams("invalid transaction: \(error)")
        }
        func reject(_ code: TxCode, _ message: String) async -> RPCError {
            await runtime.state.countRejected()
            runtime.logger.info("tx rejected", metadata: ["tx_hash": "\(tx.hash)", "code": "\(code)", "reason": "\(message)"])
            return RPCError.broadcastRejected(txCode: code, hash: tx.hash, message: message)
        }
        if !tx.chainId.isEmpty, tx.chainId != runtime.configuration.chainId {
            throw await reject(.wrongChain, "wrong chain ID: expected \(runtime.configuration.chainId), got \(tx.chainId)")
        }
        if tx.description.utf8.count > 200 { throw await reject(.encoding, "description is too long") }
        guard tx.serialization == "concat" else { throw await reject(.unknown, "unsupported serialization '\(tx.serialization)'") }
        guard let signatureType = SignatureType(rawValue: tx.signatureType) else {
            throw await reject(.invalidSignature, "unsupported signature type '\(tx.signatureType)'")
        }
        if let reason = tx.verify() { throw await reject(.unknown, "failed to verify the transaction: \(reason)") }
        guard tx.payloadType == "execute" else { throw await reject(.invalidTxType, "unsupported payload type '\(tx.payloadType)'") }
        let decoded: KwilWire.DecodedAction
        do { decoded = try KwilWire.decodeExecution(tx.payload) } catch {
            throw await reject(.encoding, "failed to decode the execute payload: \(error)")
        }
        let account = AccountKey(identifier: Hex.encode(tx.sender), keyType: signatureType.keyType)
        if await runtime.faults.roll(await runtime.faults.current.rejectNonceRate) {
            throw await reject(.invalidNonce, "invalid nonce (injected fault)")
        }
        if await runtime.faults.roll(await runtime.faults.current.rejectTxRate) {
            throw await reject(.insufficientBalance, "insufficient balance to pay for the transaction (injected fault)")
        }
        let pending = PendingTx(hash: tx.hash, json: String(decoding: json, as: UTF8.self), account: account,
                                caller: signatureType.caller(sender: tx.sender), nonce: tx.nonce,
                                namespace: decoded.namespace, action: decoded.action, calls: decoded.calls)
        // The database is consulted only for accounts the mempool has not seen since start.
        let committed = await runtime.state.pendingNonce(account) == nil ? try await runtime.store.committedNonce(account) ?? 0 : 0
        do { try await runtime.state.admit(pending, committedNonce: committed) } catch {
            switch error {
            case let .nonce(expected, got):
                runtime.logger.info("tx rejected", metadata: ["tx_hash": "\(tx.hash)", "code": "\(TxCode.invalidNonce)", "reason": "nonce"])
                throw RPCError.broadcastRejected(txCode: .invalidNonce, hash: tx.hash,
                                                 message: "invalid nonce: account \(account.identifier) expected \(expected), got \(got)")
            case .mempoolFull:
                runtime.logger.info("tx rejected", metadata: ["tx_hash": "\(tx.hash)", "code": "\(TxCode.mempoolFull)", "reason": "mempool full"])
                throw RPCError.broadcastRejected(txCode: .mempoolFull, hash: tx.hash, message: "mempool is full")
            }
        }
        runtime.logger.debug("tx accepted", metadata: ["tx_hash": "\(tx.hash)", "action": "\(decoded.action)"])
        guard params["sync"]?.int == 1 else { return .object(["tx_hash": .string(tx.hash)]) }
        switch await runtime.waitForBlock(tx.hash) {
        case let .mined(outcome):
            return .object(["tx_hash": .string(tx.hash), "result": Self.txResult(outcome)])
        case .dropped:
            throw RPCError(.txInternal, "the block holding the transaction failed to commit; the transaction was dropped")
        case .timedOut:
            let seconds = runtime.configuration.limits.syncBroadcastTimeout.components.seconds
            throw RPCError.broadcastRejected(txCode: .commitTimeout, hash: tx.hash,
                                             message: "transaction not committed within \(seconds) s; it is still in the mempool (ask user.tx_query)")
        }
    }

    static func txResult(_ outcome: TxOutcome) -> KwilJSON {
        .object(["code": .int(outcome.code), "gas": .int(0), "log": .string(outcome.log), "events": .array([])])
    }

    func txQuery(_ params: [String: KwilJSON]) async throws -> KwilJSON {
        guard let hash = params["tx_hash"]?.string?.lowercased(), hash.utf8.count == 64, Hex.isHex(hash) else {
            throw RPCError.invalidParams("tx_hash must be 64 hex characters")
        }
        if let pending = await runtime.state.isPending(hash) {
            let tx = (try? KwilJSON(parsing: pending.json.utf8)) ?? .null
            return .object(["tx_hash": .string(hash), "height": .int(-1), "tx": tx, "tx_result": .null])
        }
        guard let mined = try await runtime.store.minedTx(hash: hash) else { throw RPCError.txNotFound() }
        let tx = (try? KwilJSON(parsing: mined.json.utf8)) ?? .null
        return .object(["tx_hash": .string(hash), "height": .int(mined.height), "tx": tx,
                        "tx_result": Self.txResult(TxOutcome(code: mined.code, log: mined.log, height: mined.height))])
    }
}
