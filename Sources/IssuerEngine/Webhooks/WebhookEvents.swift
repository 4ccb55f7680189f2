public import Foundation
public import IssuerStore
import IdosCrypto

/// The events a provider can subscribe its webhook endpoints to (the raw value is the event's `type`).
public enum WebhookEventType: String, Sendable, CaseIterable, Codable {
    /// The node confirmed the user (and her wallet): her status became `created`. Data: `userId`.
    case userCreated = "user.created"
    /// A credential was read back from a node: its status became `delivered`. Data: `credentialId`, `userId`.
    case credentialDelivered = "credential.delivered"
    /// The node has a credential's revoking public notes: its status became `revoked`. Data: `credentialId`, `userId`.
    case credentialRevoked = "credential.revoked"
    /// A credential's write grant expired before it could be written: the user must sign a new one (status
    /// `needs_consent`). Data: `credentialId`, `userId`.
    case credentialNeedsConsent = "credential.needs_consent"
    /// The node refused a credential's write for good (status `failed`). Data: `credentialId`, `userId`.
    case credentialFailed = "credential.failed"
    /// A re-issuance campaign finished (everything re-issued, revoked or failed) or was cancelled. Data: `campaignId`.
    case campaignFinished = "campaign.finished"

    /// Every type name, in declaration order (for messages).
    public static var names: [String] { allCases.map(\.rawValue) }
}

/// What an event is about; it decides the event's `data` and its stored subject.
public enum WebhookSubject: Sendable, Equatable {
    case user(UUID)
    case credential(UUID, userID: UUID)
    case campaign(UUID)

    /// `user:<id>`, `credential:<id>`, `campaign:<id>` (lower-case ids).
    public var text: String {
        switch self {
        case .user(let id): "user:\(id.webhookText)"
        case .credential(let id, _): "credential:\(id.webhookText)"
        case .campaign(let id): "campaign:\(id.webhookText)"
        }
    }

    /// The event's `data`: the API's ids of what it is about.
    public var data: [String: String] {
        switch self {
        case .user(let id): ["userId": id.webhookText]
        case .credential(let id, let user): ["credentialId": id.webhookText, "userId": user.webhookText]
        case .campaign(let id): ["campaignId": id.webhookText]
        }
    }
}

/// The body of a delivery: `{"createdAt","data":{…},"id","type"}` as compact JSON with sorted keys, built once
/// when the event is stored and sent byte for byte by every attempt.
public enum WebhookPayload {
    /// The JSON text of an event.
    public static func json(id: UUID, type: WebhookEventType, createdAt: Date, subject: WebhookSubject) -> String {
        let object: [String: Any] = ["id": id.webhookText, "type": type.rawValue, "createdAt": timestamp(createdAt), "data": subject.data]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// RFC 3339, UTC, whole seconds (as the API writes timestamps).
    public static func timestamp(_ date: Date) -> String { date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt)) }
}

/// Webhook delivery jobs and the outbox that creates them: an event and one job per subscribed endpoint, in
/// the caller's transaction (the same one as the state change that causes the event), so a rolled-back change
/// emits nothing and a committed one is delivered however often workers die.
public enum WebhookOutbox {
    /// The job kind that POSTs one event to one endpoint.
    public static let deliveryKind = "webhook_delivery"
    /// Attempts per delivery round before it is a dead letter (`transient_exhausted`). With the default
    /// `RetryPolicy` (1 s doubling, capped at 1 h) the last attempt comes about 8 hours after the first.
    public static let maxAttempts = 20
    /// Below node writes: a slow receiver never holds up credentials.
    public static let priority = 3

    /// A delivery job's arguments (ids only).
    public struct DeliveryArgs: Codable, Sendable, Equatable {
        public var endpointId: UUID
        public var eventId: UUID
        /// The delivery round (0, then one more per redelivery); a job of an older round does nothing.
        public var round: Int
        public init(endpointId: UUID, eventId: UUID, round: Int) { self.endpointId = endpointId; self.eventId = eventId; self.round = round }
    }

    static func job(_ args: DeliveryArgs, requestID: String?) -> NewJob {
        NewJob(kind: deliveryKind, args: IssuanceJobs.args(args), priority: priority, maxAttempts: maxAttempts,
               uniqueKey: "\(deliveryKind):\(args.endpointId.webhookText):\(args.eventId.webhookText):\(args.round)", requestID: requestID)
    }

    /// Stores an event of `providerID` and queues its delivery to each of the provider's endpoints subscribed to
    /// `type`, in `session`'s transaction. Nothing is stored when no endpoint subscribes.
    /// - Returns: the event, or nil when nobody subscribes.
    @discardableResult
    public static func emit(_ type: WebhookEventType, providerID: UUID, subject: WebhookSubject, in session: StoreSession, notify channel: String,
                            requestID: String? = nil, now: Date = Date()) async throws -> WebhookEventRecord? {
        let endpoints = try await session.webhookEndpointIDs(providerID: providerID, subscribedTo: type.rawValue)
        guard !endpoints.isEmpty else { return nil }
        let id = UUID()
        let event = WebhookEventRecord(id: id, providerID: providerID, type: type.rawValue, subject: subject.text,
                                       payload: WebhookPayload.json(id: id, type: type, createdAt: now, subject: subject), createdAt: now)
        let jobs = try await session.insertJobs(endpoints.map { job(DeliveryArgs(endpointId: $0, eventId: id, round: 0), requestID: requestID) },
                                                notify: channel)
        guard jobs.count == endpoints.count else { throw WebhookOutboxError.jobsNotInserted(expected: endpoints.count, inserted: jobs.count) }
        try await session.insertWebhookEvent(event, deliveries: Array(zip(endpoints, jobs)).map { (endpointID: $0.0, jobID: $0.1) })
        return event
    }

    /// Starts a new delivery round of `eventID` to `endpointID` (same event id and body; fresh timestamp and
    /// signature), in `session`'s transaction. Returns the delivery, or nil when there is no such delivery.
    public static func redeliver(endpointID: UUID, eventID: UUID, in session: StoreSession, notify channel: String,
                                 requestID: String? = nil) async throws -> WebhookDeliveryRecord? {
        guard let round = try await session.restartWebhookDelivery(endpointID: endpointID, eventID: eventID) else { return nil }
        let ids = try await session.insertJobs([job(DeliveryArgs(endpointId: endpointID, eventId: eventID, round: round), requestID: requestID)],
                                               notify: channel)
        guard let jobID = ids.first else { throw WebhookOutboxError.jobsNotInserted(expected: 1, inserted: 0) }
        try await session.setWebhookDeliveryJob(endpointID: endpointID, eventID: eventID, jobID: jobID)
        return try await session.webhookDelivery(endpointID: endpointID, eventID: eventID)
    }
}

/// The outbox could not queue what it stored (a unique key already taken: a bug).
public enum WebhookOutboxError: Error, Sendable, Equatable, CustomStringConvertible {
    case jobsNotInserted(expected: Int, inserted: Int)
    public var description: String {
        switch self {
        case .jobsNotInserted(let expected, let inserted): "webhook delivery jobs: \(inserted) of \(expected) inserted"
        }
    }
}

/// Webhook signing secrets: `whsec_` and 32 random bytes in base64url (no padding). The whole text's UTF-8
/// bytes are the HMAC key.
public enum WebhookSecret {
    /// A new secret from the system's CSPRNG (libsodium).
    public static func generate() -> String {
        let text = Base64URL.encode(secureRandomBytes(32))
        return "whsec_" + text
    }
}

enum Base64URL {
    static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

extension UUID {
    /// Lower case, as the API writes ids.
    var webhookText: String { uuidString.lowercased() }
}
