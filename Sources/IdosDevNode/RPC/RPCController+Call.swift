import Foundation
import IdosCrypto
import KwilKit

/// `user.call`: who the caller is (KGW session in open mode, challenge signature in private mode), then the
/// VIEW action.
extension RPCController {
    func call(_ params: [String: KwilJSON], _ incoming: Incoming) async throws -> KwilJSON {
        guard let payloadText = params["body"]?["payload"]?.string, let payload = try? Base64.decode(payloadText) else {
            throw RPCError.invalidParams("body.payload must be base64")
        }
        let senderText = params["sender"]?.string ?? ""
        guard let sender = try? Hex.decode(senderText) else { throw RPCError.invalidParams("sender must be hex") }
        let authType = params["auth_type"]?.string ?? "secp256k1_ep"
        let decoded: KwilWire.DecodedAction
        do { decoded = try KwilWire.decodeCall(payload) } catch {
            throw RPCError.invalidParams("failed to decode argument: \(error)")
        }
        if runtime.configuration.privateMode {
            try await authenticatePrivateCall(params, payload: payload, decoded: decoded, sender: sender, authType: authType)
        }
        var caller = ""
        if !sender.isEmpty {
            if !runtime.configuration.open, !runtime.configuration.privateMode {
                guard await runtime.sessions.vouches(cookie: incoming.cookie, sender: Hex.encode(sender), authType: authType) else {
                    throw RPCError.notAuthorized()
                }
            }
            guard let type = SignatureType(rawValue: authType) else {
                throw RPCError(.invalidIdentity, "failed to get caller: unknown authenticator '\(authType)'")
            }
            caller = type.caller(sender: sender)
        }
        do {
            let rows = try await runtime.call(namespace: decoded.namespace, action: decoded.action, arguments: decoded.calls.first ?? [],
                                              caller: caller)
            return .object(["query_result": rows.json, "logs": .string(""), "error": .null])
        } catch let DevNodeError.raised(message) {
            return .object(["query_result": QueryResult(columnNames: [], columnTypes: [], rows: []).json, "logs": .string(""), "error": .string(message)])
        }
    }

    /// Kwil's private-mode check of a call (KDB `usersvc` `authenticate`, kwil-transport.md §7.3): a sender and
    /// a signature, a 32-byte challenge this node issued and that has not expired (single use), and a valid
    /// signature over the call's sign text (KwilKit's `CallMessage.signatureText`) by the sender.
    func authenticatePrivateCall(_ params: [String: KwilJSON], payload: [UInt8], decoded: KwilWire.DecodedAction, sender: [UInt8],
                                 authType: String) async throws {
        let signature = params["signature"]?.string.flatMap { try? Base64.decode($0) } ?? []
        guard !signature.isEmpty, !sender.isEmpty else {
            throw RPCError(.challengeNotFound, "signed call message with challenge required")
        }
        guard let challengeText = params["body"]?["challenge"]?.string, let challenge = try? Base64.decode(challengeText),
              challenge.count == 32 else {
            throw RPCError(.invalidChallengeLength, "incorrect challenge data length")
        }
        do { try await runtime.challenges.consume(challenge) } catch {
            switch error {
            case .notFound: throw RPCError(.challengeNotFound, "invalid challenge")
            case .expired: throw RPCError(.challengeExpired, "challenge expired")
            }
        }
        var message = try CallMessage(call: ActionCall(namespace: decoded.namespace, action: decoded.action, arguments: decoded.calls.first ?? []))
        message.payload = payload
        let text = Array(message.signatureText(challenge: challenge).utf8)
        guard let type = SignatureType(rawValue: authType), type.isValid(sender: sender, message: text, signature: signature) else {
            throw RPCError(.invalidCallSignature, "invalid signature on call message")
        }
    }
}
