internal import Foundation

/// Every failure KwilKit reports. Descriptions are safe to log: they never carry keys or signatures.
public enum KwilError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Binary payload bytes ended early or held an invalid field; `context` names the field.
    case malformedEncoding(context: String)
    /// A typed value cannot be encoded (e.g. a NULL inside an untyped slot, a bad numeric string).
    case invalidValue(String)
    /// A signing key was malformed (the message never contains key material).
    case invalidKey(String)
    /// A transaction's signature does not verify for its sender and signature type.
    case invalidSignature(String)
    /// The HTTP exchange failed (connection refused, TLS, timeout, size cap). Retryable.
    case transport(String)
    /// The response was not a JSON-RPC envelope; `status` is the HTTP status.
    case malformedResponse(status: Int, reason: String)
    /// A JSON-RPC error without a more specific case; `code` is the node's code (§3).
    case rpc(code: Int, message: String)
    /// The tx nonce is not account nonce + 1 (−201 with TxCode 4). Re-read the nonce and re-sign.
    case invalidNonce(message: String)
    /// −201 broadcast rejected with another TxCode (signature failures arrive as 65535).
    case broadcastRejected(txCode: UInt32, message: String)
    /// The action raised an error (−300, `user.call` `error`, or a mined tx with a non-zero code).
    case actionFailed(message: String)
    /// A mined tx failed: `result.code != 0`; `log` is the node's message.
    case transactionFailed(txHash: String, txCode: UInt32, log: String)
    /// KGW refused the identity (−901 or HTTP 401) even after one fresh authentication.
    case notAuthorized(message: String)
    /// A private-mode call authentication error (−1001…−1007).
    case callAuthenticationFailed(code: Int, message: String)

    /// The request did not complete in time (connect or total timeout). For a broadcast the outcome is
    /// unknown: look the tx up with `txQuery` before resending.
    case timedOut(String)
    /// The transport's request queue is full (fail-fast policy); retry later or slow down.
    case queueFull(capacity: Int)
    /// The URL is not `http://` or `https://` with a host (`scheme` is what it had, "" if none); nothing was sent.
    case unsupportedURL(scheme: String)
    /// The calling task was cancelled before the answer arrived. For a broadcast the outcome is unknown:
    /// look the tx up with `txQuery` before resending.
    case cancelled
    /// The response body exceeded the transport's cap; retrying will not help.
    case responseTooLarge(limit: Int)

    /// Whether retrying the same request later can succeed (timeouts, rate limits, internal errors).
    public var isRetryable: Bool {
        switch self {
        case .transport, .timedOut, .queueFull: true
        case .rpc(let code, _), .callAuthenticationFailed(let code, _): JSONRPCErrorCode(rawValue: code).isRetryable
        case .broadcastRejected(let code, _): TxCode(rawValue: code).isRetryable
        default: false
        }
    }

    /// Maps a JSON-RPC error object (§3) to the case a caller acts on. A −201 without a readable TxCode
    /// counts as `TxCode.unknown`.
    public static func fromRPC(code: Int, message: String, data: KwilJSON?) -> KwilError {
        let rpcCode = JSONRPCErrorCode(rawValue: code)
        switch rpcCode {
        case .broadcastRejected:
            let txCode = data?["code"]?.int.flatMap { UInt32(exactly: $0) }.map(TxCode.init(rawValue:)) ?? .unknown
            let msg = data?["message"]?.string ?? message
            if txCode == .invalidNonce { return .invalidNonce(message: msg) }
            if txCode == .invalidSignature || msg.contains("failed to verify") { return .invalidSignature(msg) }
            return .broadcastRejected(txCode: txCode.rawValue, message: msg)
        case .engineInternal: return .actionFailed(message: message)
        case .invalidIdentity, .invalidAuthType: return .invalidSignature(message)
        case .notAuthorized: return .notAuthorized(message: message)
        case _ where rpcCode.isCallAuthentication: return .callAuthenticationFailed(code: code, message: message)
        default: return .rpc(code: code, message: message)
        }
    }

    public var description: String {
        switch self {
        case .malformedEncoding(let context): "malformed Kwil encoding: \(context)"
        case .invalidValue(let message): "invalid Kwil value: \(message)"
        case .invalidKey(let message): "invalid signing key: \(message)"
        case .invalidSignature(let message): "invalid signature: \(message)"
        case .transport(let message): "transport failure: \(message)"
        case .timedOut(let message): "timed out: \(message)"
        case .responseTooLarge(let limit): "response larger than \(limit) bytes"
        case .cancelled: "cancelled"
        case .queueFull(let capacity): "the request queue is full (\(capacity) waiting)"
        case .unsupportedURL(let scheme): "unsupported URL scheme '\(scheme)': only http and https URLs with a host"
        case .malformedResponse(let status, let reason): "malformed response (HTTP \(status)): \(reason)"
        case .rpc(let code, let message): "JSON-RPC error \(code): \(message)"
        case .invalidNonce(let message): "invalid nonce: \(message)"
        case .broadcastRejected(let txCode, let message): "broadcast rejected (TxCode \(txCode)): \(message)"
        case .actionFailed(let message): "action failed: \(message)"
        case .transactionFailed(let hash, let code, let log): "tx \(hash) failed (TxCode \(code)): \(log)"
        case .notAuthorized(let message): "not authorized by the gateway: \(message)"
        case .callAuthenticationFailed(let code, let message): "call authentication failed (\(code)): \(message)"
        }
    }
}
