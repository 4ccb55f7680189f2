/// A JSON-RPC error answer: code, message, optional data, and the HTTP status it travels with
/// (kwil-transport.md §2: 200 for most errors, 404 for −32601, 400 for −32600/−32602/−32700, 500 for −32603).
struct RPCError: Error, Sendable {
    let code: Int
    let message: String
    var data: JSONValue?
    var httpStatus: Int

    init(_ code: Int, _ message: String, data: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.data = data
        self.httpStatus = switch code {
        case -32601: 404
        case -32600, -32602, -32700: 400
        case -32603: 500
        case -901: 401
        default: 200
        }
    }

    static func parse(_ m: String) -> RPCError { RPCError(-32700, m) }
    static func invalidRequest(_ m: String) -> RPCError { RPCError(-32600, m) }
    static func unknownMethod(_ m: String) -> RPCError { RPCError(-32601, "method not found: \(m)") }
    static func invalidParams(_ m: String) -> RPCError { RPCError(-32602, m) }
    static func internalError(_ m: String) -> RPCError { RPCError(-32603, m) }
    /// −201 broadcast rejected, with `data = {code: TxCode, hash, message}`.
    static func broadcastRejected(txCode: Int, hash: String, message: String) -> RPCError {
        RPCError(-201, message, data: .object(["code": .int(Int64(txCode)), "hash": .string(hash), "message": .string(message)]))
    }
    static func txNotFound() -> RPCError { RPCError(-202, "transaction not found") }
    static func engine(_ m: String) -> RPCError { RPCError(-300, m) }
    static func notAuthorized() -> RPCError { RPCError(-901, "not authorized: sign in through kgw.authn first") }
    static func kgwInvalidPayload(_ m: String) -> RPCError { RPCError(-902, m) }
}
