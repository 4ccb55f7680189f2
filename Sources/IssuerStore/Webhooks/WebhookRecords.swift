public import Foundation

/// A provider's webhook endpoint as stored. `secret` (and `previousSecret`) are the signing keys: never log
/// them, never show them after creation or rotation.
public struct WebhookEndpointRecord: Sendable, Equatable {
    public var id: UUID
    public var providerID: UUID
    public var url: String
    /// Event type names it subscribes to.
    public var events: [String]
    public var secret: String
    /// The secret before the last rotation; it signs too until `previousSecretExpiresAt`.
    public var previousSecret: String?
    public var previousSecretExpiresAt: Date?
    public var createdAt: Date
    public var secretRotatedAt: Date?

    public init(id: UUID, providerID: UUID, url: String, events: [String], secret: String, previousSecret: String? = nil,
                previousSecretExpiresAt: Date? = nil, createdAt: Date = Date(), secretRotatedAt: Date? = nil) {
        self.id = id; self.providerID = providerID; self.url = url; self.events = events; self.secret = secret
        self.previousSecret = previousSecret; self.previousSecretExpiresAt = previousSecretExpiresAt; self.createdAt = createdAt
        self.secretRotatedAt = secretRotatedAt
    }

    /// The secrets that sign a delivery at `now`: the current one, then the previous one while its overlap lasts.
    public func signingSecrets(at now: Date) -> [String] {
        guard let previousSecret, let until = previousSecretExpiresAt, until > now else { return [secret] }
        return [secret, previousSecret]
    }
}

/// An event as stored: its type, what it is about, and the exact body every delivery of it sends.
public struct WebhookEventRecord: Sendable, Equatable {
    public var id: UUID
    public var providerID: UUID
    public var type: String
    /// `user:<id>`, `credential:<id>` or `campaign:<id>`.
    public var subject: String
    /// The JSON body, byte for byte as sent.
    public var payload: String
    public var createdAt: Date

    public init(id: UUID, providerID: UUID, type: String, subject: String, payload: String, createdAt: Date) {
        self.id = id; self.providerID = providerID; self.type = type; self.subject = subject; self.payload = payload; self.createdAt = createdAt
    }
}

/// One event to one endpoint: its current round (redeliveries) and how its attempts went.
public struct WebhookDeliveryRecord: Sendable, Equatable {
    /// `pending` until an attempt is acknowledged with a 2xx (`delivered`) or the round gives up (`failed`:
    /// attempts used up, or its job was cancelled or dead-lettered).
    public enum Status: String, Sendable, CaseIterable, Codable {
        case pending, delivered, failed
    }

    public var endpointID: UUID
    public var eventID: UUID
    public var eventType: String
    public var round: Int
    public var jobID: Int64?
    public var status: Status
    /// Attempts of the current round.
    public var attempts: Int
    /// The last attempt's HTTP status; nil when none answered.
    public var lastStatus: Int?
    public var lastError: String?
    public var createdAt: Date
    public var lastAttemptAt: Date?
    public var deliveredAt: Date?
}
