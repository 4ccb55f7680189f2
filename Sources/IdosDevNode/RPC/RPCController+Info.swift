import Foundation
import IdosCrypto
import KwilKit

/// The informational `user.*` methods: chain info, health, price estimates and call challenges.
extension RPCController {
    func chainInfo() async throws -> KwilJSON {
        .object([
            "chain_id": .string(runtime.configuration.chainId), "block_height": .int(await runtime.state.height),
            "block_hash": .string(await runtime.state.blockHash), "gas": .bool(false),
        ])
    }

    /// `user.health`: the chain info plus the head block's time and age, and the RPC `mode` the node runs in
    /// (`private` with `--private`, else `open`). One node, never syncing, no peers.
    func health() async throws -> KwilJSON {
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
        info["mode"] = .string(runtime.configuration.privateMode ? "private" : "open")
        return .object(info)
    }

    /// `user.estimate_price`: the tx must read as a Kwil transaction, signed or not (kwil-js sends `fee`,
    /// `nonce` and `signature.sig` as null); else −32602. The price is "0": gas is disabled on this chain
    /// (`chain_info.gas` is false), and a Kwil node with gas disabled prices every tx at 0 before looking at it.
    func estimatePrice(_ params: [String: KwilJSON]) throws -> KwilJSON {
        guard let tx = params["tx"]?.object else { throw RPCError.invalidParams("params.tx must be a transaction object") }
        guard let body = tx["body"]?.object else { throw RPCError.invalidParams("invalid transaction: tx.body is required") }
        func nullable(_ value: KwilJSON?, _ check: (KwilJSON) -> Bool) -> Bool {
            guard let value, value != .null else { return true }
            return check(value)
        }
        guard nullable(body["payload"], { $0.string.map { (try? Base64.decode($0)) != nil } ?? false }) else {
            throw RPCError.invalidParams("invalid transaction: body.payload must be base64")
        }
        guard nullable(body["nonce"], { ($0.int ?? -1) >= 0 }) else {
            throw RPCError.invalidParams("invalid transaction: body.nonce must be a non-negative integer")
        }
        guard nullable(body["fee"], { $0.string.map { $0.isEmpty || $0.allSatisfy(\.isNumber) } ?? false }) else {
            throw RPCError.invalidParams("invalid transaction: body.fee must be a decimal string")
        }
        guard nullable(tx["sender"], { $0.string.map { (try? Hex.decode($0)) != nil } ?? false }) else {
            throw RPCError.invalidParams("invalid transaction: sender must be hex without 0x")
        }
        guard nullable(tx["signature"]?["sig"], { $0.string.map { (try? Base64.decode($0)) != nil } ?? false }) else {
            throw RPCError.invalidParams("invalid transaction: signature.sig must be base64")
        }
        return .object(["price": .string("0")])
    }

    /// `user.challenge`: a fresh single-use challenge (hex), valid 10 s; −1006 past the client's rate.
    func challenge(_ incoming: Incoming) async throws -> KwilJSON {
        guard let challenge = await runtime.challenges.issue(to: incoming.clientAddress) else {
            throw RPCError(.tooManyChallengeRequests, "too many challenge requests")
        }
        return .object(["challenge": .string(Hex.encode(challenge))])
    }
}
