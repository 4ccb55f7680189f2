import KwilKit

/// A JSON-RPC error answer: a code from KwilKit's table, a message, optional data, and the HTTP status the
/// code travels with (`JSONRPCErrorCode.httpStatus`, kwil-transport.md §2).
struct RPCError: Error, Sendable {
    let code: JSONRPCErrorCode
    let message: String
    var data: KwilJSON?
    var httpStatus: Int { code.httpStatus }

    init(_ code: JSONRPCErrorCode, _ message: String, data: KwilJSON? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    static func parse(_ m: String) -> RPCError { RPCError(.parseError, m) }
    static func invalidRequest(_ m: String) -> RPCError { RPCError(.invalidRequest, m) }
    static func unknownMethod(_ m: String) -> RPCError { RPCError(.methodNotFound, "method not found: \(m)") }
    static func invalidParams(_ m: String) -> RPCError { RPCError(.invalidParams, m) }
    static func internalError(_ m: String) -> RPCError { RPCError(.internalError, m) }
    /// −201 broadcast rejected, with `data = {code: TxCode, hash, message}`.
    static func broadcastRejected(txCode: TxCode, hash: String, message: String) -> RPCError {
        RPCError(.broadcastRejected, message,
                 data: .object(["code": .int(Int64(txCode.rawValue)), "hash": .string(hash), "message": .string(message)]))
    }
    static func txNotFound() -> RPCError { RPCError(.txNotFound, "transaction not found") }
    static func engine(_ m: String) -> RPCError { RPCError(.engineInternal, m) }
    static func notAuthorized() -> RPCError { RPCError(.notAuthorized, "not authorized: sign in through kgw.authn first") }
    static func kgwInvalidPayload(_ m: String) -> RPCError { RPCError(.gatewayInvalidPayload, m) }
}
