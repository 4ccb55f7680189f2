import Foundation
import HTTPTypes
import IdosCrypto
import IssuerAPI
import IssuerEngine
import IssuerStore
import IssuerTestSupport
import CurlTransport
import KwilKit
import Testing
import TestSupport

/// Webhooks through the real router, queue, devnode and HTTP: registration and its SSRF guard, provider
/// isolation, events committed with the state change that causes them, and deliveries to
/// `Tests/webhooks/receiver.py`, which checks every signature with Python's own `hmac` (the README's recipe),
/// fails the first attempts, and refuses replays. Serialized: each test runs a whole world (a store pool, a
/// devnode pool of up to 40 connections), and the suite's worlds at once would crowd the test cluster's 200
/// connections that the other suites share.
@Suite(.requiresPostgres, .serialized)
struct WebhookTests {
    static let allowPrivate: @Sendable (inout IssuanceContext) -> Void = { $0.webhooks.policy.allowPrivate = true }
    static let allowPrivateAPI: @Sendable (inout APIServices) -> Void = { $0.webhookURLPolicy.allowPrivate = true }

    // MARK: Registration

    @Test func registrationRefusesBadInputNamingTheField() async throws {
        try await APIWorld.with { api in
            let cases: [(body: [String: Any], field: String, reason: String)] = [
                (["url": "ftp://hooks.example/idos", "events": ["user.created"]], "url", "must be an http or https URL"),
                (["url": "https://hooks example/idos", "events": ["user.created"]], "url", "must not contain spaces or control characters"),
                (["url": "https://kyc:pw@hooks.example/idos", "events": ["user.created"]], "url", "must not contain a user name or password"),
                (["url": "https:///idos", "events": ["user.created"]], "url", "must name a host"),
                (["url": "https://hooks.example/idos", "events": [String]()], "events", "must name at least one event"),
                (["url": "https://hooks.example/idos", "events": ["user.created", "user.deleted"]], "events[1]", "'user.deleted' is not an event"),
                (["url": "https://hooks.example/idos", "events": "user.created"], "events", "must be an array of strings"),
                (["url": "https://hooks.example/idos", "events": [42]], "events[0]", "must be a string"),
                (["events": ["user.created"]], "url", "is required"),
                (["url": "https://hooks.example/idos", "events": ["user.created"], "secret": "mine"], "secret", "is not a known field"),
            ]
            for (body, field, reason) in cases {
                let answer = try await api.call(.post, "/v1/webhooks", json: body)
                #expect(answer.status == 400, "\(body)")
                #expect(answer.problemType == "validation", "\(body)")
                #expect(answer.fieldErrors == [field], "\(body): \(String(decoding: answer.body, as: UTF8.self))")
                let reasons = (answer.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["reason"] as? String }
                #expect(reasons.first?.contains(reason) == true, "\(body): \(reasons)")
            }
            let malformed = try await api.call(.post, "/v1/webhooks", raw: "{\"url\":")
            #expect(malformed.status == 400)
            #expect(malformed.problemType == "malformed-json")
            let list = try await api.call(.get, "/v1/webhooks")
            #expect(list.status == 200)
            #expect((list.json["items"] as? [Any])?.isEmpty == true)
        }
    }

    /// Names resolved by a fixed table first (so the test needs no DNS), then by the system (numeric spellings).
    static let resolver = HostResolver { host in
        let table = ["intranet.example": ["10.20.30.40"], "rebind.example": ["93.184.216.34", "fd12::1"],
                     "public.example": ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"]]
        if let addresses = table[host] { return addresses.compactMap(IPAddress.init(literal:)) }
        return try await HostResolver.system.resolve(host)
    }

    @Test func registrationRefusesNonPublicAddressesUnlessAllowed() async throws {
        try await APIWorld.with(configure: { $0.webhookURLPolicy.resolver = Self.resolver }) { api in
            let refused: [(url: String, reason: String)] = [
                ("http://127.0.0.1:8080/hook", "127.0.0.1 is a loopback address"),
                ("http://localhost:9000/hook", "the host localhost is a loopback name"),
                ("http://api.localhost/hook", "is a loopback name"),
                ("http://10.1.2.3/hook", "10.1.2.3 is a private address"),
                ("http://172.16.5.4/hook", "172.16.5.4 is a private address"),
                ("http://192.168.0.10/hook", "192.168.0.10 is a private address"),
                ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
                ("http://100.64.0.1/hook", "100.64.0.1 is a CGNAT address"),
                ("http://0.0.0.0/hook", "0.0.0.0 is an unspecified address"),
                ("http://[::1]:8080/hook", "::1 is a loopback address"),
                ("http://[::]/hook", ":: is an unspecified address"),
                ("http://[fd00::1]/hook", "fd00::1 is a unique-local address"),
                ("http://[fe80::1]/hook", "fe80::1 is a link-local address"),
                ("http://[::ffff:192.168.1.1]/hook", "::ffff:192.168.1.1 is a private address"),
                ("http://127.1/hook", "127.1 resolves to 127.0.0.1, a loopback address"),
                ("http://2130706433/hook", "2130706433 resolves to 127.0.0.1, a loopback address"),
                ("http://intranet.example/hook", "intranet.example resolves to 10.20.30.40, a private address"),
                ("https://rebind.example/hook", "rebind.example resolves to fd12::1, a unique-local address"),
            ]
            for (url, reason) in refused {
                let answer = try await api.call(.post, "/v1/webhooks", json: ["url": url, "events": ["credential.delivered"]])
                #expect(answer.status == 400, "\(url)")
                #expect(answer.problemType == "validation", "\(url)")
                #expect(answer.fieldErrors == ["url"], "\(url)")
                let reasons = (answer.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["reason"] as? String }
                #expect(reasons.first?.contains(reason) == true, "\(url): \(reasons)")
            }
            // Public addresses, and a name that does not resolve now (checked again at every delivery).
            for url in ["http://93.184.216.34/hook", "https://public.example/idos/hook", "https://no-such-host.invalid/hook"] {
                let answer = try await api.call(.post, "/v1/webhooks", json: ["url": url, "events": ["credential.delivered", "credential.delivered"]])
                #expect(answer.status == 201, "\(url): \(String(decoding: answer.body, as: UTF8.self))")
                #expect(Set(answer.json.keys) == ["id", "url", "events", "secret"])
                #expect(answer.json["url"] as? String == url)
                #expect(answer.json["events"] as? [String] == ["credential.delivered"])
                let secret = try #require(answer.json["secret"] as? String)
                #expect(secret.wholeMatch(of: /whsec_[A-Za-z0-9_-]{43}/) != nil)
            }
        }
        try await APIWorld.with(configure: Self.allowPrivateAPI) { api in
            for url in ["http://127.0.0.1:9/hook", "http://[::1]:9/hook", "http://localhost:9/hook", "http://10.1.2.3/hook"] {
                let answer = try await api.call(.post, "/v1/webhooks", json: ["url": url, "events": ["user.created"]])
                #expect(answer.status == 201, "\(url) with ISSUER_WEBHOOK_ALLOW_PRIVATE")
            }
            let ftp = try await api.call(.post, "/v1/webhooks", json: ["url": "ftp://127.0.0.1/hook", "events": ["user.created"]])
            #expect(ftp.status == 400)
            #expect(ftp.fieldErrors == ["url"])
        }
    }

    // MARK: Isolation, idempotency, deletion

    @Test func aProviderSeesAndTouchesOnlyItsOwnWebhooks() async throws {
        try await APIWorld.with { api in
            let body: [String: Any] = ["url": "https://93.184.216.34/idos", "events": ["user.created", "campaign.finished"]]
            let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "webhook-\(UUID())"]
            let created = try await api.call(.post, "/v1/webhooks", json: body, headers: key)
            #expect(created.status == 201)
            let id = try #require(created.json["id"] as? String)
            let secret = try #require(created.json["secret"] as? String)
            #expect(created.json["events"] as? [String] == ["user.created", "campaign.finished"])

            // The same Idempotency-Key and body replay the first answer; another body with it is 409.
            let replay = try await api.call(.post, "/v1/webhooks", json: body, headers: key)
            #expect(replay.status == 201)
            #expect(replay.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(replay.json["id"] as? String == id)
            #expect(replay.json["secret"] as? String == secret)
            let reused = try await api.call(.post, "/v1/webhooks", json: ["url": "https://93.184.216.34/other", "events": ["user.created"]], headers: key)
            #expect(reused.status == 409)
            #expect(reused.problemType == "idempotency-key-reused")

            // Its owner reads it (never the secret), with a read-only key too; a read-only key cannot change it.
            let list = try await api.call(.get, "/v1/webhooks")
            let items = try #require(list.json["items"] as? [[String: Any]])
            #expect(items.map { $0["id"] as? String } == [id])
            #expect(items.allSatisfy { $0["secret"] == nil })
            let shown = try await api.call(.get, "/v1/webhooks/\(id)", key: .some(api.readKey))
            #expect(shown.status == 200)
            #expect(Set(shown.json.keys) == ["id", "url", "events", "createdAt", "secretRotatedAt", "previousSecretExpiresAt"])
            #expect(!String(decoding: shown.body, as: UTF8.self).contains(secret))
            #expect(try await api.call(.post, "/v1/webhooks", json: body, key: .some(api.readKey)).status == 403)
            #expect(try await api.call(.delete, "/v1/webhooks/\(id)", key: .some(api.readKey)).status == 403)
            #expect(try await api.call(.get, "/v1/webhooks/not-a-uuid").status == 400)

            // Another provider: not found, whatever it tries.
            let other: String?? = .some(api.otherKey)
            #expect((try await api.call(.get, "/v1/webhooks", key: other).json["items"] as? [Any])?.isEmpty == true)
            for (method, path) in [(HTTPRequest.Method.get, "/v1/webhooks/\(id)"), (.delete, "/v1/webhooks/\(id)"),
                                   (.post, "/v1/webhooks/\(id)/rotate-secret"), (.get, "/v1/webhooks/\(id)/deliveries"),
                                   (.post, "/v1/webhooks/\(id)/deliveries/\(UUID().uuidString.lowercased())/redeliver")] {
                let answer = try await api.call(method, path, key: other)
                #expect(answer.status == 404, "\(method) \(path)")
                #expect(answer.problemType == "not-found", "\(method) \(path)")
            }
            #expect(try await api.call(.get, "/v1/webhooks/\(id)").status == 200)

            // Deleted: gone for its owner too; a second delete is 404.
            let deleted = try await api.call(.delete, "/v1/webhooks/\(id)")
            #expect(deleted.status == 204)
            #expect(deleted.body.isEmpty)
            #expect(try await api.call(.get, "/v1/webhooks/\(id)").status == 404)
            #expect(try await api.call(.delete, "/v1/webhooks/\(id)").status == 404)

            // Audited, without the URL or the secret.
            let rows = try await api.world.store.session.auditRecords().filter { $0.subject == id }
            #expect(rows.map(\.action) == ["webhook.created", "webhook.deleted"])
            #expect(rows.allSatisfy { !$0.jsonLine.contains(secret) && !$0.jsonLine.contains("93.184.216.34") })
        }
    }

    // MARK: The outbox

    @Test func eventsCommitWithTheStateChangeThatCausesThem() async throws {
        try await StoreFixture.withStore { store in
            let provider = try await store.session.ensureProvider(name: "webhook-provider")
            let other = try await store.session.ensureProvider(name: "webhook-other")
            let both = WebhookEndpointRecord(id: UUID(), providerID: provider, url: "https://93.184.216.34/a",
                                             events: ["user.created", "credential.delivered"], secret: WebhookSecret.generate())
            let users = WebhookEndpointRecord(id: UUID(), providerID: provider, url: "https://93.184.216.34/b", events: ["user.created"],
                                              secret: WebhookSecret.generate())
            let failures = WebhookEndpointRecord(id: UUID(), providerID: provider, url: "https://93.184.216.34/c", events: ["credential.failed"],
                                                 secret: WebhookSecret.generate())
            let stranger = WebhookEndpointRecord(id: UUID(), providerID: other, url: "https://93.184.216.34/d", events: ["user.created"],
                                                 secret: WebhookSecret.generate())
            for endpoint in [both, users, failures, stranger] { try await store.session.insertWebhookEndpoint(endpoint) }
            let user = UserRecord(id: UUID(), providerID: provider, recipientEncryptionPublicKey: Base64.encode([UInt8](repeating: 7, count: 32)),
                                  encryptionPasswordStore: "user")
            try await store.session.insertUser(user)
            let subject = "user:\(user.id.uuidString.lowercased())"

            // Rolled back with its status change: no event, no job, no delivery.
            struct RolledBack: Error {}
            await #expect(throws: RolledBack.self) {
                try await store.withTransaction { session in
                    #expect(try await session.setUserStatus(id: user.id, .created))
                    let event = try await WebhookOutbox.emit(.userCreated, providerID: provider, subject: .user(user.id), in: session,
                                                             notify: store.jobChannel)
                    #expect(event != nil)
                    throw RolledBack()
                }
            }
            #expect(try await store.session.user(id: user.id)?.status == .pending)
            #expect(try await store.session.webhookEvents(subject: subject).isEmpty)
            #expect(try await store.session.listJobs(JobFilter(kind: WebhookOutbox.deliveryKind)).isEmpty)

            // Committed: one event, one job and one delivery per subscribed endpoint of this provider.
            let now = Date(timeIntervalSince1970: 1_796_000_000)
            let emitted = try await store.withTransaction { session -> WebhookEventRecord? in
                guard try await session.setUserStatus(id: user.id, .created) else { return nil }
                return try await WebhookOutbox.emit(.userCreated, providerID: provider, subject: .user(user.id), in: session,
                                                    notify: store.jobChannel, requestID: "req-1", now: now)
            }
            let event = try #require(emitted)
            #expect(try await store.session.webhookEvents(subject: subject).map(\.id) == [event.id])
            #expect(event.payload == #"{"createdAt":"2026-11-30T00:53:20Z","data":{"userId":"\#(user.id.uuidString.lowercased())"},"id":"\#(event.id.uuidString.lowercased())","type":"user.created"}"#)
            let jobs = try await store.session.listJobs(JobFilter(kind: WebhookOutbox.deliveryKind))
            #expect(jobs.count == 2)
            #expect(jobs.allSatisfy { $0.maxAttempts == WebhookOutbox.maxAttempts && $0.requestID == "req-1" && $0.state == .available })
            let targets = Set(try jobs.map { try JSONDecoder().decode(WebhookOutbox.DeliveryArgs.self, from: Data($0.args.utf8)).endpointId })
            #expect(targets == [both.id, users.id])
            for endpoint in [both, users] {
                let delivery = try #require(try await store.session.webhookDelivery(endpointID: endpoint.id, eventID: event.id))
                #expect(delivery.status == .pending)
                #expect(delivery.round == 0)
                #expect(jobs.contains { $0.id == delivery.jobID })
            }
            #expect(try await store.session.webhookDelivery(endpointID: failures.id, eventID: event.id) == nil)
            #expect(try await store.session.webhookDelivery(endpointID: stranger.id, eventID: event.id) == nil)

            // A status written again is no change: no second event. An event nobody subscribes to stores nothing.
            #expect(try await store.session.setUserStatus(id: user.id, .created) == false)
            let unsubscribed = try await store.withTransaction { session in
                try await WebhookOutbox.emit(.credentialRevoked, providerID: provider, subject: .credential(UUID(), userID: user.id), in: session,
                                             notify: store.jobChannel)
            }
            #expect(unsubscribed == nil)
            #expect(try await store.session.listJobs(JobFilter(kind: WebhookOutbox.deliveryKind)).count == 2)
        }
    }

    // MARK: Deliveries, checked by Python

    @Test func deliveriesRetryThenArriveSignedAsPythonChecksThem() async throws {
        try await withTemporaryDirectory { directory in
            let secrets = directory.appendingPathComponent("secrets")
            try Data().write(to: secrets)
            let receiver = try await WebhookReceiver.start(secretsFile: secrets.path, failFirst: 2, tolerance: 5)
            defer { receiver.stop() }
            // Retries at most 3 s apart: the always-failing endpoint below stays pending for well over half a minute.
            let retries: @Sendable (inout QueueConfiguration) -> Void = { $0.retry = RetryPolicy(base: 0.05, factor: 2, maximum: 3, jitter: 0.1) }
            try await APIWorld.with(queueSettings: retries, issuanceSettings: Self.allowPrivate, configure: Self.allowPrivateAPI) { api in
                let created = try await api.call(.post, "/v1/webhooks", json: [
                    "url": receiver.base + "/hook", "events": ["user.created", "credential.delivered", "credential.revoked"]])
                #expect(created.status == 201)
                let hook = try #require(created.json["id"] as? String)
                let secret = try #require(created.json["secret"] as? String)
                try WebhookReceiver.write([secret], to: secrets)
                // A second endpoint whose receiver always answers 500, for revocations only.
                let failing = try await api.call(.post, "/v1/webhooks", json: ["url": receiver.base + "/fail", "events": ["credential.revoked"]])
                #expect(failing.status == 201)
                let failingID = try #require(failing.json["id"] as? String)
                let failingSecret = try #require(failing.json["secret"] as? String)
                try WebhookReceiver.write([secret, failingSecret], to: secrets)

                // Seed flow 1 through the API (user.created), an inserter credential (credential.delivered), its revocation.
                let wallet = OnboardingTests.Wallet(key: .evm(.generate()))
                let (userID, _) = try await OnboardingTests.onboard(api, wallet: wallet)
                let issued = try await api.call(.post, "/v1/credentials", json: [
                    "userId": userID, "credential": ["fields": OnboardingTests.fields, "subject": OnboardingTests.subject]])
                #expect(issued.status == 202)
                let credentialID = try #require(issued.json["id"] as? String)
                try await api.eventually("/v1/credentials/\(credentialID)", "delivered") { $0["status"] as? String == "delivered" }
                let revoked = try await api.call(.post, "/v1/credentials/\(credentialID)/revoke", json: ["reason": "test"])
                #expect(revoked.status == 202)
                try await api.eventually("/v1/credentials/\(credentialID)", "revoked") { $0["status"] as? String == "revoked" }
                try await api.eventually("/v1/webhooks/\(hook)/deliveries?status=delivered", "three deliveries") {
                    ($0["items"] as? [Any])?.count == 3
                }

                // Each event reached the receiver three times (500, 500, 200) with the same id and body, every
                // signature verified by Python's hmac with the secret.
                let log = try await receiver.log().filter { $0["path"] as? String == "/hook" }
                let byEvent = Dictionary(grouping: log) { $0["eventId"] as? String ?? "" }
                #expect(byEvent.count == 3)
                var eventIDs: [String: String] = [:]
                for (eventID, attempts) in byEvent {
                    #expect(attempts.map { $0["status"] as? Int } == [500, 500, 200], "\(eventID)")
                    #expect(attempts.allSatisfy { $0["verified"] as? Bool == true && $0["matched"] as? [Int] == [0] }, "\(attempts)")
                    #expect(attempts.allSatisfy { $0["contentType"] as? String == "application/json" })
                    #expect(Set(attempts.compactMap { $0["body"] as? String }).count == 1, "a retry resends the same body")
                    let firstBody = try #require(attempts.first?["body"] as? String)
                    let payload = try #require(APIJSONTest.object(firstBody))
                    #expect(Set(payload.keys) == ["id", "type", "createdAt", "data"])
                    #expect(payload["id"] as? String == eventID)
                    let type = try #require(payload["type"] as? String)
                    eventIDs[type] = eventID
                    let data = payload["data"] as? [String: String]
                    #expect(data == (type == "user.created" ? ["userId": userID] : ["credentialId": credentialID, "userId": userID]), "\(type)")
                }
                #expect(Set(eventIDs.keys) == ["user.created", "credential.delivered", "credential.revoked"])
                let deliveries = try await api.call(.get, "/v1/webhooks/\(hook)/deliveries")
                for item in try #require(deliveries.json["items"] as? [[String: Any]]) {
                    #expect(item["status"] as? String == "delivered")
                    #expect(item["attempts"] as? Int == 3)
                    #expect(item["lastStatus"] as? Int == 200)
                    #expect(item["round"] as? Int == 0)
                    #expect(eventIDs[item["eventType"] as? String ?? ""] == item["eventId"] as? String)
                }

                // The always-failing endpoint: its delivery is pending (retrying), so a redelivery is refused;
                // deleting the endpoint cancels the job.
                let revokedEvent = try #require(eventIDs["credential.revoked"])
                try await api.eventually("/v1/webhooks/\(failingID)/deliveries", "a failed attempt") {
                    (($0["items"] as? [[String: Any]])?.first?["attempts"] as? Int ?? 0) >= 1
                }
                let pending = try await api.call(.post, "/v1/webhooks/\(failingID)/deliveries/\(revokedEvent)/redeliver")
                #expect(pending.status == 409)
                #expect(pending.problemType == "delivery-pending")
                let failingDelivery = try await api.world.store.session.webhookDelivery(endpointID: try #require(UUID(uuidString: failingID)),
                                                                                        eventID: try #require(UUID(uuidString: revokedEvent)))
                let failingJob = try #require(failingDelivery?.jobID)
                #expect(try await api.call(.delete, "/v1/webhooks/\(failingID)").status == 204)
                #expect(try await api.world.store.session.job(id: failingJob)?.state == .cancelled)
                #expect(try await api.call(.get, "/v1/webhooks/\(failingID)/deliveries").status == 404)

                // Replays, refused by the receiver's own checks: a captured delivery with a refreshed timestamp
                // (the signature no longer matches), with another body, and verbatim once its timestamp is old.
                let captured = try #require(log.first { $0["eventId"] as? String == revokedEvent && $0["status"] as? Int == 200 })
                let capturedTimestampText = try #require(captured["timestamp"] as? String)
                let capturedTimestamp = try #require(Int64(capturedTimestampText))
                let capturedSignature = try #require(captured["signature"] as? String)
                let capturedBody = Array(try #require(captured["body"] as? String).utf8)
                // Another timestamp than the captured one, within the tolerance.
                let fresh = String(max(Int64(Date().timeIntervalSince1970), capturedTimestamp + 1))
                let refreshed = try await receiver.post("/hook", timestamp: fresh, signature: capturedSignature, body: capturedBody)
                #expect(refreshed.status == 400)
                #expect(WebhookReceiver.error(refreshed) == "bad signature")
                let forged = Array(String(decoding: capturedBody, as: UTF8.self).replacingOccurrences(of: "credential.revoked", with: "credential.failed").utf8)
                #expect(forged != capturedBody)
                let altered = try await receiver.post("/hook", timestamp: fresh, signature: capturedSignature, body: forged)
                #expect(altered.status == 400)
                #expect(WebhookReceiver.error(altered) == "bad signature")
                while Int64(Date().timeIntervalSince1970) <= capturedTimestamp + 6 { try await Task.sleep(for: .milliseconds(200)) }
                let replayed = try await receiver.post("/hook", timestamp: String(capturedTimestamp), signature: capturedSignature, body: capturedBody)
                #expect(replayed.status == 400)
                #expect(WebhookReceiver.error(replayed) == "stale timestamp")

                // Rotation with the default overlap: a redelivery carries v1=<new>,v1=<old>, and Python verifies both.
                let rotated = try await api.call(.post, "/v1/webhooks/\(hook)/rotate-secret")
                #expect(rotated.status == 200)
                let newSecret = try #require(rotated.json["secret"] as? String)
                #expect(newSecret != secret)
                #expect(rotated.json["previousSecretExpiresAt"] as? String != nil)
                let afterRotation = try await api.call(.get, "/v1/webhooks/\(hook)")
                #expect(afterRotation.json["previousSecretExpiresAt"] as? String == rotated.json["previousSecretExpiresAt"] as? String)
                #expect(afterRotation.json["secretRotatedAt"] as? String != nil)
                try WebhookReceiver.write([newSecret, secret], to: secrets)
                let userEvent = try #require(eventIDs["user.created"])
                let again = try await api.call(.post, "/v1/webhooks/\(hook)/deliveries/\(userEvent)/redeliver")
                #expect(again.status == 202)
                #expect(again.json["status"] as? String == "pending")
                #expect(again.json["round"] as? Int == 1)
                #expect(again.json["attempts"] as? Int == 0)
                try await receiver.waitForAttempts(of: userEvent, count: 4, api: api)
                let redelivered = try await receiver.log().filter { $0["eventId"] as? String == userEvent }
                let first = try #require(redelivered.first), last = try #require(redelivered.last)
                #expect(last["status"] as? Int == 200)
                #expect(last["verified"] as? Bool == true)
                #expect(last["matched"] as? [Int] == [0, 1], "both the new and the old secret's signatures verify")
                #expect((last["signature"] as? String)?.split(separator: ",").count == 2)
                #expect(last["body"] as? String == first["body"] as? String, "a redelivery sends the same body")
                try await api.eventually("/v1/webhooks/\(hook)/deliveries?status=delivered", "redelivered") { page in
                    (page["items"] as? [[String: Any]] ?? []).contains { $0["eventId"] as? String == userEvent && $0["round"] as? Int == 1 }
                }

                // Rotation without overlap: one signature, the newest secret's only.
                let cut = try await api.call(.post, "/v1/webhooks/\(hook)/rotate-secret", json: ["overlapSeconds": 0])
                #expect(cut.status == 200)
                #expect(cut.json["previousSecretExpiresAt"] is NSNull)
                let newest = try #require(cut.json["secret"] as? String)
                try WebhookReceiver.write([newest, newSecret, secret], to: secrets)
                let deliveredEvent = try #require(eventIDs["credential.delivered"])
                #expect(try await api.call(.post, "/v1/webhooks/\(hook)/deliveries/\(deliveredEvent)/redeliver").status == 202)
                try await receiver.waitForAttempts(of: deliveredEvent, count: 4, api: api)
                let final = try #require(try await receiver.log().last { $0["eventId"] as? String == deliveredEvent })
                #expect(final["status"] as? Int == 200)
                #expect(final["matched"] as? [Int] == [0])
                #expect((final["signature"] as? String)?.split(separator: ",").count == 1)
            }
        }
    }

    @Test func exhaustedDeliveriesAreDeadLettersThenRedeliverable() async throws {
        try await withTemporaryDirectory { directory in
            let secrets = directory.appendingPathComponent("secrets")
            try Data().write(to: secrets)
            // Every attempt of the first round fails (20 of them), the next one succeeds.
            let receiver = try await WebhookReceiver.start(secretsFile: secrets.path, failFirst: WebhookOutbox.maxAttempts, tolerance: 300)
            defer { receiver.stop() }
            let fast: @Sendable (inout QueueConfiguration) -> Void = {
                $0.retry = RetryPolicy(base: 0.01, factor: 2, maximum: 0.05, jitter: 0, minimumRemaining: 1)
                $0.pollInterval = .milliseconds(50)
            }
            try await APIWorld.with(queueSettings: fast, issuanceSettings: Self.allowPrivate, configure: Self.allowPrivateAPI) { api in
                let created = try await api.call(.post, "/v1/webhooks", json: ["url": receiver.base + "/hook", "events": ["user.created"]])
                #expect(created.status == 201)
                let hook = try #require(created.json["id"] as? String)
                try WebhookReceiver.write([try #require(created.json["secret"] as? String)], to: secrets)
                let store = api.world.store
                let acme = try await store.session.ensureProvider(name: "acme")
                let event = try #require(try await store.withTransaction { session in
                    try await WebhookOutbox.emit(.userCreated, providerID: acme, subject: .user(UUID()), in: session, notify: store.jobChannel)
                })
                let eventID = event.id.uuidString.lowercased()
                try await api.eventually("/v1/webhooks/\(hook)/deliveries?status=failed", "the round failed") { ($0["items"] as? [Any])?.count == 1 }
                let failed = try #require((try await api.call(.get, "/v1/webhooks/\(hook)/deliveries").json["items"] as? [[String: Any]])?.first)
                #expect(failed["eventId"] as? String == eventID)
                #expect(failed["attempts"] as? Int == WebhookOutbox.maxAttempts)
                #expect(failed["lastStatus"] as? Int == 500)
                #expect(failed["lastError"] as? String == "the receiver answered HTTP 500")
                let hookID = try #require(UUID(uuidString: hook))
                let delivery = try #require(try await store.session.webhookDelivery(endpointID: hookID, eventID: event.id))
                let jobID = try #require(delivery.jobID)
                // The job's last transition is written by the completer just after the attempt.
                try await api.world.eventually("the job is a dead letter") { try await store.session.job(id: jobID)?.state == .discarded }
                let job = try #require(try await store.session.job(id: jobID))
                #expect(job.deadReason == .transientExhausted)
                #expect(job.attempt == WebhookOutbox.maxAttempts)
                let firstRound = try await receiver.log()
                #expect(firstRound.count == WebhookOutbox.maxAttempts)
                #expect(firstRound.allSatisfy { $0["eventId"] as? String == eventID && $0["verified"] as? Bool == true && $0["status"] as? Int == 500 })
                #expect(Set(firstRound.compactMap { $0["body"] as? String }) == [event.payload])

                // Redelivered: a new round, the same event id and body, accepted this time.
                let again = try await api.call(.post, "/v1/webhooks/\(hook)/deliveries/\(eventID)/redeliver",
                                               headers: [HTTPField.Name("Idempotency-Key")!: "redeliver-\(eventID)"])
                #expect(again.status == 202)
                #expect(again.json["round"] as? Int == 1)
                try await api.eventually("/v1/webhooks/\(hook)/deliveries?status=delivered", "delivered") { ($0["items"] as? [Any])?.count == 1 }
                let log = try await receiver.log()
                #expect(log.count == WebhookOutbox.maxAttempts + 1)
                #expect(log.last?["status"] as? Int == 200)
                #expect(log.last?["body"] as? String == event.payload)
                let done = try #require((try await api.call(.get, "/v1/webhooks/\(hook)/deliveries").json["items"] as? [[String: Any]])?.first)
                #expect(done["attempts"] as? Int == 1)
                #expect(done["round"] as? Int == 1)
            }
        }
    }
}

/// Signing and the SSRF rules without a database.
@Suite struct WebhookSigningTests {
    /// The header equals what Python's hmac computes from the README's recipe.
    @Test func signatureIsTheREADMERecipeInPython() async throws {
        let secret = "whsec_\(UUID().uuidString)", body = #"{"createdAt":"2026-12-02T10:00:00Z","data":{"userId":"x"},"id":"y","type":"user.created"}"#
        let timestamp: Int64 = 1_796_215_240
        let script = "import hashlib, hmac, sys; secret, ts, body = sys.argv[1:4]; "
            + "print(hmac.new(secret.encode(), f'{ts}.{body}'.encode(), hashlib.sha256).hexdigest())"
        let python = try await ChildProcess.run("/usr/bin/env", ["python3", "-c", script, secret, String(timestamp), body])
        #expect(python.status == 0, "\(python.stderr)")
        let expected = python.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(expected.count == 64)
        #expect(WebhookSignature.header(secrets: [secret], timestamp: timestamp, body: Array(body.utf8)) == "v1=\(expected)")
        #expect(WebhookSignature.header(secrets: [secret, "old"], timestamp: timestamp, body: Array(body.utf8)).hasPrefix("v1=\(expected),v1="))
        let now = Date(timeIntervalSince1970: Double(timestamp) + 10)
        #expect(WebhookSignature.verify(header: "v1=\(expected)", timestamp: String(timestamp), body: Array(body.utf8), secret: secret, now: now))
        #expect(!WebhookSignature.verify(header: "v1=\(expected)", timestamp: String(timestamp), body: Array(body.utf8), secret: secret,
                                         now: now.addingTimeInterval(400)))
        #expect(!WebhookSignature.verify(header: "v1=\(expected)", timestamp: String(timestamp + 1), body: Array(body.utf8), secret: secret, now: now))
    }

    @Test(arguments: [
        ("8.8.8.8", nil), ("93.184.216.34", nil), ("100.63.255.255", nil), ("100.128.0.1", nil), ("172.32.0.1", nil),
        ("127.255.0.1", "loopback"), ("10.255.255.255", "private"), ("172.31.0.1", "private"), ("100.127.255.255", "CGNAT"),
        ("169.254.0.1", "link-local"), ("0.1.2.3", "unspecified"), ("224.0.0.1", "multicast"), ("255.255.255.255", "reserved"),
        ("2606:4700::1111", nil), ("::1", "loopback"), ("::", "unspecified"), ("fc00::1", "unique-local"), ("fdff::1", "unique-local"),
        ("fe80::1", "link-local"), ("febf::1", "link-local"), ("ff02::1", "multicast"), ("::ffff:10.0.0.1", "private"),
        ("::ffff:8.8.8.8", nil), ("64:ff9b::7f00:1", "loopback"), ("64:ff9b::808:808", nil), ("2002:c0a8:0101::1", "private"),
        ("2002:0808:0808::1", nil),
    ] as [(String, String?)])
    func addressClasses(address: String, restriction: String?) throws {
        let parsed = try #require(IPAddress(literal: address))
        #expect(parsed.restriction == restriction)
    }

    @Test func everyAddressANameResolvesToMustBePublicAndIsPinned() async {
        let policy = WebhookURLPolicy(resolver: .fixed(["mixed.example": ["93.184.216.34", "10.0.0.1"],
                                                        "public.example": ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"]]))
        #expect(await policy.check("https://mixed.example/hook")
                == .refused("mixed.example resolves to 10.0.0.1, a private address; private, loopback, link-local, unique-local and CGNAT hosts are refused"))
        guard case .allowed(let target, let pinned) = await policy.check("https://PUBLIC.example:8443/hook") else {
            Issue.record("public.example refused"); return
        }
        #expect(target.host == "public.example")
        #expect(target.port == 8443)
        #expect(pinned == ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"])
        guard case .unresolved = await policy.check("https://unknown.example/hook") else { Issue.record("unknown.example resolved"); return }
        guard case .allowed(let local, let none) = await WebhookURLPolicy(allowPrivate: true).check("http://localhost/hook") else {
            Issue.record("localhost refused although private hosts are allowed"); return
        }
        #expect(local.host == "localhost" && local.port == 80 && none.isEmpty)
    }
}

/// `Tests/webhooks/receiver.py` as a child process.
struct WebhookReceiver: Sendable {
    let process: ChildProcess
    /// `http://127.0.0.1:<port>`.
    let base: String

    static let script = TestEnvironment.repositoryRoot.appendingPathComponent("Tests/webhooks/receiver.py").path

    static func start(secretsFile: String, failFirst: Int, tolerance: Int) async throws -> WebhookReceiver {
        let process = try ChildProcess("/usr/bin/env", ["python3", script, "--secrets-file", secretsFile, "--fail-first", String(failFirst),
                                                        "--tolerance", String(tolerance)], timeout: .seconds(900))
        for await line in process.stdoutLines() {
            if let range = line.range(of: "listening on ") { return WebhookReceiver(process: process, base: String(line[range.upperBound...])) }
        }
        throw FixtureError("receiver.py exited before listening: \(process.stderrText)")
    }

    func stop() { process.terminate() }

    /// The secrets the receiver checks against, one per line (it reads the file at every request).
    static func write(_ secrets: [String], to file: URL) throws {
        try Data(secrets.joined(separator: "\n").utf8).write(to: file, options: .atomic)
    }

    /// Every request the receiver got, in order.
    func log() async throws -> [[String: Any]] {
        let response = try await IssuanceWorld.transport.send(KwilKit.HTTPRequest(method: "GET", url: base + "/log", timeout: 10))
        guard response.status == 200, let entries = try JSONSerialization.jsonObject(with: Data(response.body)) as? [[String: Any]] else {
            throw FixtureError("GET /log answered \(response.status)")
        }
        return entries
    }

    /// Sends a delivery by hand (a replay).
    func post(_ path: String, timestamp: String, signature: String, body: [UInt8]) async throws -> KwilKit.HTTPResponse {
        try await IssuanceWorld.transport.send(KwilKit.HTTPRequest(method: "POST", url: base + path, headers: [
            HTTPHeader("Content-Type", "application/json"), HTTPHeader(WebhookSignature.timestampHeader, timestamp),
            HTTPHeader(WebhookSignature.signatureHeader, signature)], body: body, timeout: 10))
    }

    /// The receiver's `error` in an answer.
    static func error(_ response: KwilKit.HTTPResponse) -> String? {
        (try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])?["error"] as? String
    }

    /// Waits until the receiver logged `count` requests for `eventID`.
    func waitForAttempts(of eventID: String, count: Int, api: APIWorld) async throws {
        try await api.world.eventually("\(count) requests for event \(eventID)", report: api.world.report) {
            try await log().filter { $0["eventId"] as? String == eventID }.count >= count
        }
    }
}
