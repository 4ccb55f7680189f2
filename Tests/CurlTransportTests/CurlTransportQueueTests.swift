import CurlTransport
import Foundation
import KwilKit
import TestSupport
import Testing

/// What makes `CurlTransport` fit for a long-running worker, observed through events (held requests, queue
/// depths, the errors returned), never through the wall clock: the bounded queue (fail fast, or wait), task
/// cancellation while queued and in flight (the handle is reused afterwards), queue time counted in the
/// request's deadline, and http/https only.
@Suite struct CurlTransportQueueTests {
    static func transport(workers: Int = 1, capacity: Int = 1, policy: CurlTransport.QueueFullPolicy) throws -> CurlTransport {
        var configuration = CurlTransport.Configuration()
        configuration.workers = workers
        configuration.queueCapacity = capacity
        configuration.whenQueueFull = policy
        return try CurlTransport(configuration: configuration)
    }

    static func request(_ node: LoopbackNode, _ method: String, timeout: Double = 30) -> HTTPRequest {
        HTTPRequest(method: "POST", url: node.baseURL + "/rpc/v1", headers: [HTTPHeader("Content-Type", "application/json")],
                    body: Array(#"{"jsonrpc":"2.0","id":1,"method":"\#(method)","params":{}}"#.utf8), timeout: timeout)
    }

    /// Waits (polling, no clock asserts) until `condition` holds.
    static func eventually(_ condition: @Sendable () async -> Bool) async throws {
        while await !condition() { try await Task.sleep(for: .milliseconds(5)) }
    }

    @Test func aFullQueueFailsFastWithQueueFull() async throws {
        try await LoopbackNode.with { node in
            let transport = try Self.transport(policy: .failFast)
            let running = Task { try await transport.send(Self.request(node, "hold")) }
            try await node.gate.waitUntilHolding(1)
            let queued = Task { try await transport.send(Self.request(node, "user.chain_info")) }
            try await Self.eventually { transport.queuedRequests == 1 }
            await #expect(throws: KwilError.queueFull(capacity: 1)) { try await transport.send(Self.request(node, "user.chain_info")) }
            #expect(await node.peers.ports.count == 1, "the refused request never reached the node")
            await node.gate.open()
            #expect(try await running.value.status == 200)
            #expect(try await queued.value.status == 200)
        }
    }

    @Test func aFullQueueMakesSendWaitForASlot() async throws {
        try await LoopbackNode.with { node in
            let transport = try Self.transport(policy: .wait)
            let running = Task { try await transport.send(Self.request(node, "hold")) }
            try await node.gate.waitUntilHolding(1)
            let queued = Task { try await transport.send(Self.request(node, "user.chain_info")) }
            try await Self.eventually { transport.queuedRequests == 1 }
            let waiting = Task { try await transport.send(Self.request(node, "user.chain_info")) }
            try await Self.eventually { transport.callersWaitingForQueue == 1 }
            #expect(transport.queuedRequests == 1, "the waiting caller holds no queue slot")
            await node.gate.open()
            for task in [running, queued, waiting] { #expect(try await task.value.status == 200) }
            #expect(transport.queuedRequests == 0 && transport.callersWaitingForQueue == 0)
        }
    }

    @Test func cancellingAWaitingOrQueuedSendReturnsCancellationErrorAndFreesItsSlot() async throws {
        try await LoopbackNode.with { node in
            let transport = try Self.transport(policy: .wait)
            let running = Task { try await transport.send(Self.request(node, "hold")) }
            try await node.gate.waitUntilHolding(1)
            let queued = Task { try await transport.send(Self.request(node, "user.chain_info")) }
            try await Self.eventually { transport.queuedRequests == 1 }
            let waiting = Task { try await transport.send(Self.request(node, "user.chain_info")) }
            try await Self.eventually { transport.callersWaitingForQueue == 1 }
            waiting.cancel()
            await #expect(throws: CancellationError.self) { try await waiting.value }
            #expect(transport.callersWaitingForQueue == 0)
            queued.cancel()
            await #expect(throws: CancellationError.self) { try await queued.value }
            #expect(transport.queuedRequests == 0, "a cancelled request leaves the queue")
            await node.gate.open()
            #expect(try await running.value.status == 200)
            #expect(await node.peers.ports.count == 1, "cancelled requests were never sent")
        }
    }

    @Test func cancellingAnInFlightSendReturnsAtOnceAndTheHandleIsReused() async throws {
        try await LoopbackNode.with { node in
            let transport = try Self.transport(policy: .wait)
            let inFlight = Task { try await transport.send(Self.request(node, "hold")) }
            try await node.gate.waitUntilHolding(1)
            inFlight.cancel()
            await #expect(throws: CancellationError.self) { try await inFlight.value }
            // The only worker aborts the held transfer and serves the next request on its reset handle.
            let next = try await transport.send(Self.request(node, "user.chain_info"))
            #expect(next.status == 200)
            #expect(String(decoding: next.body, as: UTF8.self).contains(#""chain_id":"loop""#))
        }
    }

    @Test func timeSpentQueuedCountsAgainstTheDeadline() async throws {
        try await LoopbackNode.with { node in
            let transport = try Self.transport(policy: .wait)
            let running = Task { try await transport.send(Self.request(node, "hold")) }
            try await node.gate.waitUntilHolding(1)
            let late = Task { try await transport.send(Self.request(node, "user.chain_info", timeout: 0.05)) }
            try await Self.eventually { transport.queuedRequests == 1 }
            try await Task.sleep(for: .milliseconds(100))  // lets the queued request's 50 ms pass; not an assert
            await node.gate.open()
            #expect(try await running.value.status == 200)
            do {
                _ = try await late.value
                Issue.record("a request whose deadline passed in the queue must not be sent")
            } catch let error as KwilError {
                guard case let .timedOut(reason) = error else { Issue.record("expected timedOut, got \(error)"); return }
                #expect(reason.contains("waiting in the queue"), "\(reason)")
            }
            #expect(await node.peers.ports.count == 1, "the expired request never reached the node")
        }
    }

    @Test func aDeadlinePassingWhileWaitingForASlotIsTimedOut() async throws {
        try await LoopbackNode.with { node in
            let transport = try Self.transport(policy: .wait)
            let running = Task { try await transport.send(Self.request(node, "hold")) }
            try await node.gate.waitUntilHolding(1)
            let queued = Task { try await transport.send(Self.request(node, "user.chain_info")) }
            try await Self.eventually { transport.queuedRequests == 1 }
            do {
                _ = try await transport.send(Self.request(node, "user.chain_info", timeout: 0.05))
                Issue.record("a caller must not wait for a slot past its deadline")
            } catch let error as KwilError {
                guard case let .timedOut(reason) = error else { Issue.record("expected timedOut, got \(error)"); return }
                #expect(reason.contains("waiting for a queue slot"), "\(reason)")
            }
            #expect(transport.callersWaitingForQueue == 0 && transport.queuedRequests == 1, "the timed-out caller left no slot behind")
            await node.gate.open()
            #expect(try await running.value.status == 200)
            #expect(try await queued.value.status == 200)
            #expect(await node.peers.ports.count == 2)
        }
    }

    @Test(arguments: ["ftp://127.0.0.1/x", "file:///etc/passwd", "gopher://127.0.0.1:70/", "127.0.0.1:8484/rpc/v1", "http:///nohost"])
    func onlyHTTPAndHTTPSURLsAreSent(url: String) async throws {
        let transport = try Self.transport(policy: .failFast)
        do {
            _ = try await transport.send(HTTPRequest(method: "GET", url: url))
            Issue.record("\(url) must be refused")
        } catch let error as KwilError {
            guard case .unsupportedURL = error else { Issue.record("expected unsupportedURL, got \(error)"); return }
            #expect(!error.isRetryable)
        }
    }
}
