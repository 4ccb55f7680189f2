import Foundation
import Hummingbird
import NIOCore
import IdosCrypto
import KwilKit
import Logging

/// `POST /rpc/v1`: the Kwil 0.10 JSON-RPC envelope (kwil-transport.md §2), the user service methods (§3)
/// and the KGW gateway methods (§8), with the configured faults applied first.
struct RPCController: Sendable {
    let runtime: DevNodeRuntime

    /// The methods served.
    static let methods: Set<String> = [
        "user.health", "user.version", "user.ping", "user.chain_info", "user.account", "user.estimate_price", "user.broadcast",
        "user.tx_query", "user.call", "user.challenge", "kgw.authn_param", "kgw.authn", "kgw.logout",
    ]

    /// Per-request facts the methods need besides params.
    struct Incoming: Sendable {
        /// The `kgw_session` cookie, if sent.
        var cookie: String?
        /// The client's IP address ("" when unknown), for the `user.challenge` rate limit.
        var clientAddress: String
    }

    /// One method's answer: a result, and possibly a cookie to set.
    struct Answer: Sendable {
        var result: KwilJSON
        var setCookie: String? = nil
    }

    func handle(_ request: Request, context: DevNodeRequestContext) async throws -> Response {
        let faults = await runtime.faults.current
        let delay = await runtime.faults.latency()
        if delay > .zero { try await Task.sleep(for: delay) }
        if await runtime.faults.roll(faults.errorRate) {
            return respond(id: .null, error: RPCError(.internalError, "injected fault: node unavailable"), status: .serviceUnavailable)
        }
        if await runtime.faults.roll(faults.timeoutRate) {
            try await Task.sleep(for: .milliseconds(faults.timeoutMs))
            return respond(id: .null, error: RPCError(.timeout, "injected fault: timeout"), status: .gatewayTimeout)
        }
        let body: ByteBuffer
        do { body = try await request.body.collect(upTo: runtime.configuration.limits.maxRequestBytes) } catch {
            return respond(id: .null, error: .invalidRequest("the request body is larger than \(runtime.configuration.limits.maxRequestBytes) bytes"),
                           status: .contentTooLarge)
        }
        let envelope: KwilJSON
        do { envelope = try KwilJSON(parsing: body.readableBytesView) } catch {
            return respond(id: .null, error: .parse("parse error: the body is not JSON"))
        }
        let id = envelope["id"] ?? .null
        guard envelope.object != nil else { return respond(id: .null, error: .invalidRequest("the request must be a JSON object")) }
        guard envelope["jsonrpc"] == .string("2.0") else { return respond(id: id, error: .invalidRequest("jsonrpc must be \"2.0\"")) }
        switch id {
        case .null, .string(""), .int(0): return respond(id: id, error: .invalidRequest("id must be non-zero, non-empty and non-null"))
        case .double(let d) where d == 0: return respond(id: id, error: .invalidRequest("id must be non-zero, non-empty and non-null"))
        case .int, .string, .double: break
        default: return respond(id: id, error: .invalidRequest("id must be a number or a string"))
        }
        guard let method = envelope["method"]?.string else { return respond(id: id, error: .invalidRequest("method must be a string")) }
        guard Self.methods.contains(method) else { return respond(id: id, error: .unknownMethod(method)) }
        let params = envelope["params"] ?? .object([:])
        guard case let .object(paramObject) = params else { return respond(id: id, error: .invalidParams("params must be an object")) }
        let incoming = Incoming(cookie: request.cookies[GatewaySessions.cookieName]?.value, clientAddress: context.clientAddress)
        do {
            let answer = try await dispatch(method, paramObject, incoming)
            if method == "user.broadcast", await runtime.faults.roll(faults.dropAfterCommitRate) {
                // The write happens (a sync=0 broadcast is waited for too), but the client only sees a 500.
                if answer.result["result"] == nil, let hash = answer.result["tx_hash"]?.string {
                    _ = await runtime.waitForBlock(hash)
                }
                return respond(id: id, error: RPCError(.internalError, "injected fault: dropped after commit"), status: .internalServerError)
            }
            return respond(id: id, result: answer.result, setCookie: answer.setCookie)
        } catch let error as RPCError {
            return respond(id: id, error: error)
        } catch let error as DevNodeError {
            return respond(id: id, error: .engine(error.logMessage))
        } catch {
            runtime.logger.error("rpc method failed", metadata: ["method": "\(method)", "error": "\(String(reflecting: error))"])
            return respond(id: id, error: .internalError("internal error"))
        }
    }

    func dispatch(_ method: String, _ params: [String: KwilJSON], _ incoming: Incoming) async throws -> Answer {
        switch method {
        case "user.health": return Answer(result: try await health())
        case "user.version":
            return Answer(result: .object(["service": .string("user"), "api_ver": .string("0.3.0"), "major": .int(0), "minor": .int(3),
                                           "patch": .int(0), "kwil_ver": .string("0.10.2+idos-devnode")]))
        case "user.ping": return Answer(result: .object(["message": .string("pong")]))
        case "user.chain_info": return Answer(result: try await chainInfo())
        case "user.account": return Answer(result: try await account(params))
        case "user.estimate_price": return Answer(result: try estimatePrice(params))
        case "user.broadcast": return Answer(result: try await broadcast(params))
        case "user.tx_query": return Answer(result: try await txQuery(params))
        case "user.call": return Answer(result: try await call(params, incoming))
        case "user.challenge": return Answer(result: try await challenge(incoming))
        case "kgw.authn_param": return Answer(result: await authnParameters())
        case "kgw.authn": return try await authenticate(params)
        case "kgw.logout":
            await runtime.sessions.logout(cookie: incoming.cookie)
            return Answer(result: .object([:]), setCookie: "\(GatewaySessions.cookieName)=; Path=/; Max-Age=0; HttpOnly")
        default: throw RPCError.unknownMethod(method)
        }
    }

    // MARK: - Responses

    func respond(id: KwilJSON, result: KwilJSON, setCookie: String? = nil) -> Response {
        var response = json(.object(["jsonrpc": .string("2.0"), "id": id, "result": result]), status: .ok)
        if let setCookie { response.headers[.setCookie] = setCookie }
        return response
    }

    func respond(id: KwilJSON, error: RPCError, status: HTTPResponse.Status? = nil) -> Response {
        var object: [String: KwilJSON] = ["code": .int(Int64(error.code.rawValue)), "message": .string(error.message)]
        if let data = error.data { object["data"] = data }
        return json(.object(["jsonrpc": .string("2.0"), "id": id, "error": .object(object)]),
                    status: status ?? HTTPResponse.Status(code: error.httpStatus))
    }

    func json(_ value: KwilJSON, status: HTTPResponse.Status) -> Response {
        let data = value.encoded()
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
