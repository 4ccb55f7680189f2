import Foundation
import IdosCrypto
import KwilKit

/// The `kgw.*` methods.
extension RPCController {
    /// `kgw.authn_param`: `domain` and `uri` name the configured public URL, whatever `Host` the request carried.
    func authnParameters() async -> KwilJSON {
        let p = await runtime.sessions.issueParameters(chainId: runtime.configuration.chainId)
        return .object([
            "nonce": .string(p.nonce), "statement": .string(p.statement), "issue_at": .string(p.issueAt),
            "expiration_time": .string(p.expirationTime), "chain_id": .string(p.chainID), "domain": .string(p.domain),
            "version": .string(p.version), "uri": .string(p.uri),
        ])
    }

    func authenticate(_ params: [String: KwilJSON]) async throws -> Answer {
        guard let nonce = params["nonce"]?.string, let sender = params["sender"]?.string,
              let sigText = params["signature"]?["sig"]?.string, let type = params["signature"]?["type"]?.string,
              let signature = try? Base64.decode(sigText) else {
            throw RPCError.kgwInvalidPayload("kgw.authn needs nonce, sender (hex) and signature {sig: base64, type}")
        }
        do {
            let cookie = try await runtime.sessions.authenticate(nonce: nonce, sender: sender, signature: signature, type: type)
            let maxAge = Int(GatewaySessions.sessionLifetime)
            return Answer(result: .object([:]), setCookie: "\(GatewaySessions.cookieName)=\(cookie); Path=/; Max-Age=\(maxAge); HttpOnly")
        } catch .unknownNonce {
            throw RPCError(.notAuthorized, "authentication failed: unknown or expired nonce")
        } catch let .badSignature(reason) {
            throw RPCError(.notAuthorized, "authentication failed: \(reason)")
        }
    }
}
