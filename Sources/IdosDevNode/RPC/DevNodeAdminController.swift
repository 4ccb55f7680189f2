import Foundation
import Logging
import Hummingbird

/// The devnode-only endpoints: `GET/POST /devnode/faults` and `GET /devnode/stats`.
struct DevNodeAdminController: Sendable {
    let runtime: DevNodeRuntime

    func register(on router: Router<some RequestContext>) {
        router.get("/devnode/faults") { _, _ in try await json(await runtime.faults.current) }
        router.post("/devnode/faults") { request, _ in
            let body = try await request.body.collect(upTo: 64 * 1024)
            let settings: FaultSettings
            do { settings = try JSONDecoder().decode(FaultSettings.self, from: Data(body.readableBytesView)) } catch {
                throw HTTPError(.badRequest, message: "invalid fault settings: \(error)")
            }
            await runtime.faults.set(settings)
            runtime.logger.notice("faults changed", metadata: ["faults": "\(settings)"])
            return try await json(settings)
        }
        router.get("/devnode/stats") { _, _ in
            let counters = await runtime.state.counters
            let stats = Stats(height: await runtime.state.height, mempool_size: await runtime.state.mempool.count,
                              txs_accepted: counters.accepted, txs_rejected: counters.rejected,
                              txs_mined: counters.minedOk + counters.minedFailed, txs_mined_ok: counters.minedOk,
                              txs_mined_failed: counters.minedFailed, blocks_produced: counters.blocks)
            return try await json(stats)
        }
    }

    /// The body of `GET /devnode/stats` (since this process started, except `height`).
    struct Stats: Codable {
        var height: Int64
        var mempool_size: Int
        var txs_accepted: Int
        var txs_rejected: Int
        var txs_mined: Int
        var txs_mined_ok: Int
        var txs_mined_failed: Int
        var blocks_produced: Int
    }

    func json(_ value: some Encodable) async throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Response(status: .ok, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }
}
