import Foundation
import Hummingbird
import Logging
import NIOCore
import TestSupport

/// A loopback "node" that answers each JSON-RPC method with a fixed raw body, whatever it holds: what a
/// broken or malicious node could send a `KwilClient`.
enum HostileNode {
    /// Serves `answers` (method → raw JSON body; anything else gets a method-not-found error), runs `body`
    /// with the base URL, stops.
    static func with(_ answers: [String: String], _ body: (String) async throws -> Void) async throws {
        try await ServerHarness.withServer({ announce in
            let router = Router()
            router.post("/rpc/v1") { request, _ -> Response in
                let buffer = try await request.body.collect(upTo: 1 << 20)
                let envelope = (try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))) as? [String: Any] ?? [:]
                let method = envelope["method"] as? String ?? ""
                let text = answers[method] ?? #"{"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"method not found"}}"#
                return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
            }
            var logger = Logger(label: "hostile-node")
            logger.logLevel = .critical
            let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                                  onServerRunning: { channel in announce(channel.localAddress?.port ?? 0) }, logger: logger)
            try await app.runService(gracefulShutdownSignals: [])
        }, { port in try await body("http://127.0.0.1:\(port)") })
    }

    /// A JSON-RPC success envelope around `result`.
    static func result(_ result: String) -> String { #"{"jsonrpc":"2.0","id":1,"result":\#(result)}"# }
}
