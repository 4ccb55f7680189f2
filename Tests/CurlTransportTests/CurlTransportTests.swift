import CurlTransport
import Foundation
import KwilKit
import TestSupport
import Testing

/// `CurlTransport` for real over loopback sockets, with `KwilClient` on top: keep-alive reuse, error bodies
/// whatever the HTTP status, KGW 401 + cookie, timeouts, the response cap, TLS with an extra CA.
@Suite struct CurlTransportTests {
    @Test func sequentialCallsReuseOneConnection() async throws {
        try await LoopbackNode.with { node in
            var configuration = CurlTransport.Configuration()
            configuration.workers = 1
            let transport = try CurlTransport(configuration: configuration)
            let client = KwilClient(baseURL: node.baseURL, transport: transport)
            for _ in 0..<20 { #expect(try await client.chainInfo().chainID == "loop") }
            #expect(transport.connectionsOpened == 1)
            #expect(await node.peers.ports.count == 20)
            #expect(await node.peers.distinct == 1, "20 requests over one kept-alive TCP connection")
        }
    }

    /// `pinnedAddresses` take the place of resolving the name (here a `.invalid` one, which never resolves), and
    /// do not outlive their request: the same handle resolves the name again (and fails) once it is not pinned.
    @Test func pinnedAddressesReplaceResolutionForTheirRequestOnly() async throws {
        try await LoopbackNode.with { node in
            var configuration = CurlTransport.Configuration()
            configuration.workers = 1
            let transport = try CurlTransport(configuration: configuration)
            let port = try #require(URLComponents(string: node.baseURL)?.port)
            let name = "pinned-\(UUID().uuidString.prefix(8).lowercased()).invalid"
            // `Connection: close`: no kept-alive connection for the unpinned request to reuse.
            var pinned = HTTPRequest(method: "POST", url: "http://\(name):\(port)/rpc/v1",
                                     headers: [HTTPHeader("Content-Type", "application/json"), HTTPHeader("Connection", "close")],
                                     body: Array(#"{"jsonrpc":"2.0","id":1,"method":"user.chain_info","params":{}}"#.utf8), timeout: 10)
            pinned.pinnedAddresses = ["127.0.0.1"]
            let answer = try await transport.send(pinned)
            #expect(answer.status == 200)
            #expect(await node.peers.ports.count == 1)
            var unpinned = pinned
            unpinned.pinnedAddresses = []
            do {
                _ = try await transport.send(unpinned)
                Issue.record("\(name) was reached without its pin")
            } catch let error as KwilError {
                guard case .transport(let reason) = error else { Issue.record("\(error)"); return }
                #expect(reason.hasPrefix("Couldn't resolve host name"), "\(reason)")
            }
            #expect(await node.peers.ports.count == 1)
        }
    }

    @Test func concurrentCallersShareThePoolsConnections() async throws {
        try await LoopbackNode.with { node in
            var configuration = CurlTransport.Configuration()
            configuration.workers = 4
            let transport = try CurlTransport(configuration: configuration)
            let client = KwilClient(baseURL: node.baseURL, transport: transport)
            try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<64 { group.addTask { try await client.chainInfo().chainID } }
                for try await chain in group { #expect(chain == "loop") }
            }
            #expect(transport.connectionsOpened <= 4, "at most one connection per worker")
            #expect(await node.peers.distinct <= 4)
        }
    }

    @Test func errorBodiesAreParsedWhateverTheStatus() async throws {
        try await LoopbackNode.with { node in
            let client = KwilClient(baseURL: node.baseURL, transport: CurlTransport())
            await #expect(throws: KwilError.rpc(code: -32601, message: "method not found")) { try await client.rawCall("user.nope") }
            do {
                _ = try await client.rawCall("broken")
                Issue.record("expected an internal error")
            } catch let error as KwilError {
                #expect(error == .rpc(code: -32603, message: "internal error"))
                #expect(error.isRetryable)
            }
        }
    }

    @Test func kgwCookieFlowAfter401() async throws {
        try await LoopbackNode.with { node in
            let client = KwilClient(baseURL: node.baseURL, transport: CurlTransport())
            let signer = try Ed25519Signer(secretKey: Array(repeating: 7, count: 32))
            let rows = try await client.call(ActionCall(action: "get_user", arguments: []), signer: signer)
            #expect(rows.rows == [[.int8(42)]])
            #expect(await client.hasSession(for: signer))
            // The cookie is reused: the second call needs no new sign-in (one user.call, no authn round trip).
            let before = await node.peers.ports.count
            _ = try await client.call(ActionCall(action: "get_user", arguments: []), signer: signer)
            #expect(await node.peers.ports.count == before + 1)
        }
    }

    @Test func totalTimeoutIsRetryableTimedOut() async throws {
        try await LoopbackNode.with { node in
            let client = KwilClient(baseURL: node.baseURL, transport: CurlTransport(), timeout: 0.5)
            // "slow" answers after 3 s; a 0.5 s total timeout must end the exchange with timedOut, not an answer.
            do {
                _ = try await client.rawCall("slow")
                Issue.record("expected a timeout")
            } catch let error as KwilError {
                guard case .timedOut = error else { Issue.record("expected timedOut, got \(error)"); return }
                #expect(error.isRetryable)
            }
        }
    }

    @Test func responseCapIsNotRetryable() async throws {
        try await LoopbackNode.with { node in
            var configuration = CurlTransport.Configuration()
            configuration.maxResponseBytes = 1000
            let client = KwilClient(baseURL: node.baseURL, transport: try CurlTransport(configuration: configuration))
            await #expect(throws: KwilError.responseTooLarge(limit: 1000)) { try await client.rawCall("big") }
            #expect(!KwilError.responseTooLarge(limit: 1000).isRetryable)
            #expect(try await client.chainInfo().chainID == "loop", "the worker recovers after an aborted transfer")
        }
    }

    @Test func refusedConnectionIsARetryableTransportError() async throws {
        // A port that was just free: nothing listens there.
        let client = KwilClient(baseURL: "http://127.0.0.1:9", transport: CurlTransport())
        do {
            _ = try await client.chainInfo()
            Issue.record("expected an error")
        } catch {
            guard case .transport = error else { Issue.record("expected transport, got \(error)"); return }
            #expect(error.isRetryable)
        }
    }

    @Test func tlsVerifiesAgainstTheSystemBundlePlusAnExtraCA() async throws {
        let certificate = try SelfSignedCertificate.make()
        try await LoopbackNode.with(tls: certificate) { node in
            #expect(node.baseURL.hasPrefix("https://"))
            let untrusting = KwilClient(baseURL: node.baseURL, transport: CurlTransport())
            do {
                _ = try await untrusting.chainInfo()
                Issue.record("a self-signed certificate must not verify against the system bundle alone")
            } catch let error as KwilError {
                guard case let .transport(reason) = error else { Issue.record("expected transport, got \(error)"); return }
                #expect(reason.lowercased().contains("certificate"), "\(reason)")
            }
            var configuration = CurlTransport.Configuration()
            configuration.extraCAFile = certificate.certificatePath
            let trusting = KwilClient(baseURL: node.baseURL, transport: try CurlTransport(configuration: configuration))
            #expect(try await trusting.chainInfo().chainID == "loop")
        }
    }

    @Test func unreadableExtraCAFileIsAnError() {
        var configuration = CurlTransport.Configuration()
        configuration.extraCAFile = "/nonexistent/ca.pem"
        #expect(throws: KwilError.transport("cannot read the extra CA file /nonexistent/ca.pem")) { _ = try CurlTransport(configuration: configuration) }
    }
}
