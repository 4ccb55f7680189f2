public import KwilKit
import Foundation

/// Asks a NEAR RPC node (`view_access_key`) whether a public key is a full-access key of a named account:
/// the binding a NEAR named account's proof cannot show by itself.
public struct NEARAccessKeys: Sendable {
    public let rpcURL: String
    public let transport: any HTTPTransport

    public init(rpcURL: String, transport: any HTTPTransport) {
        self.rpcURL = rpcURL
        self.transport = transport
    }

    public enum Verdict: Sendable, Equatable {
        case fullAccess
        case notFullAccess(String)
        case unavailable(String)
    }

    /// Whether `publicKey` (`ed25519:<base58>`) is a full-access key of `account`.
    public func check(account: String, publicKey: String) async -> Verdict {
        let params: [String: Any] = ["request_type": "view_access_key", "finality": "final", "account_id": account, "public_key": publicKey]
        guard let body = try? JSONSerialization.data(withJSONObject: ["jsonrpc": "2.0", "id": "idos-issuer", "method": "query", "params": params])
        else { return .unavailable("cannot encode the request") }
        let response: HTTPResponse
        do {
            response = try await transport.send(HTTPRequest(method: "POST", url: rpcURL, headers: [HTTPHeader("Content-Type", "application/json")],
                                                            body: Array(body), timeout: 10))
        } catch {
            return .unavailable("NEAR RPC unreachable: \(error)")
        }
        guard response.status == 200, let json = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] else {
            return .unavailable("NEAR RPC answered HTTP \(response.status)")
        }
        if let error = json["error"] as? [String: Any] {
            let cause = ((error["cause"] as? [String: Any])?["name"] as? String) ?? (error["message"] as? String) ?? "error"
            return cause == "UNKNOWN_ACCESS_KEY" || cause == "UNKNOWN_ACCOUNT" ? .notFullAccess(cause) : .unavailable(cause)
        }
        guard let result = json["result"] as? [String: Any] else { return .unavailable("NEAR RPC answer has no result") }
        if let message = result["error"] as? String { return .notFullAccess(message) }
        if result["permission"] as? String == "FullAccess" { return .fullAccess }
        return .notFullAccess("the key is a function-call key, not a full-access key")
    }
}
