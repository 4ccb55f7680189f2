public import Foundation
internal import PostgresNIO

/// Webhook endpoints, events and deliveries. Every lookup a provider makes is scoped by its id, so another
/// provider's endpoint is simply not found.
extension StoreSession {
    // MARK: Endpoints

    public func insertWebhookEndpoint(_ e: WebhookEndpointRecord) async throws {
        try await rows("""
            INSERT INTO webhook_endpoints (id, provider_id, url, events, secret, created_at)
            VALUES (\(e.id), \(e.providerID), \(e.url), \(e.events)::text[], \(e.secret), \(e.createdAt))
            """)
    }

    static let endpointColumns = """
        id, provider_id, url, events, secret, previous_secret, previous_secret_expires_at, created_at, secret_rotated_at
        """

    static func endpoint(_ row: PostgresRow) throws -> WebhookEndpointRecord {
        let (id, provider, url, events, secret, previous, previousUntil, createdAt, rotatedAt) =
            try row.decode((UUID, UUID, String, [String], String, String?, Date?, Date, Date?).self)
        return WebhookEndpointRecord(id: id, providerID: provider, url: url, events: events, secret: secret, previousSecret: previous,
                                     previousSecretExpiresAt: previousUntil, createdAt: createdAt, secretRotatedAt: rotatedAt)
    }

    /// The provider's endpoint, or nil (another provider's is nil too).
    public func webhookEndpoint(id: UUID, providerID: UUID) async throws -> WebhookEndpointRecord? {
        try await map("""
            SELECT \(unescaped: Self.endpointColumns) FROM webhook_endpoints WHERE id = \(id) AND provider_id = \(providerID)
            """, Self.endpoint).first
    }

    /// An endpoint whoever owns it (the delivery worker), or nil when it was deleted.
    public func webhookEndpoint(id: UUID) async throws -> WebhookEndpointRecord? {
        try await map("SELECT \(unescaped: Self.endpointColumns) FROM webhook_endpoints WHERE id = \(id)", Self.endpoint).first
    }

    /// The provider's endpoints, oldest first.
    public func webhookEndpoints(providerID: UUID) async throws -> [WebhookEndpointRecord] {
        try await map("""
            SELECT \(unescaped: Self.endpointColumns) FROM webhook_endpoints WHERE provider_id = \(providerID) ORDER BY created_at, id
            """, Self.endpoint)
    }

    /// How many endpoints the provider has.
    public func countWebhookEndpoints(providerID: UUID) async throws -> Int {
        try await map("SELECT count(*) FROM webhook_endpoints WHERE provider_id = \(providerID)") { Int(try $0.decode(Int64.self)) }.first ?? 0
    }

    /// The ids of the provider's endpoints subscribed to `eventType`, oldest first.
    public func webhookEndpointIDs(providerID: UUID, subscribedTo eventType: String) async throws -> [UUID] {
        try await map("""
            SELECT id FROM webhook_endpoints WHERE provider_id = \(providerID) AND \(eventType) = ANY(events) ORDER BY created_at, id
            """) { try $0.decode(UUID.self) }
    }

    /// Deletes the provider's endpoint (its deliveries go with it) and cancels the jobs of its unfinished
    /// deliveries. Returns nil when the provider has no such endpoint, else how many jobs were cancelled.
    public func deleteWebhookEndpoint(id: UUID, providerID: UUID) async throws -> Int? {
        let jobs = try await map("""
            SELECT d.job_id FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
            WHERE e.id = \(id) AND e.provider_id = \(providerID) AND d.job_id IS NOT NULL AND d.status = 'pending'
            """) { try $0.decode(Int64.self) }
        let deleted = try await count("DELETE FROM webhook_endpoints WHERE id = \(id) AND provider_id = \(providerID) RETURNING 1")
        guard deleted == 1 else { return nil }
        return jobs.isEmpty ? 0 : try await cancelJobs(ids: jobs).count
    }

    /// Replaces the provider's endpoint's secret with `newSecret`. With `overlap` > 0 seconds the old secret
    /// keeps signing until now + `overlap` (an older previous secret is dropped); with 0 it stops at once.
    /// Returns the endpoint after the change, or nil when the provider has no such endpoint.
    public func rotateWebhookSecret(id: UUID, providerID: UUID, newSecret: String, overlap: Double) async throws -> WebhookEndpointRecord? {
        try await map("""
            UPDATE webhook_endpoints SET
                previous_secret = CASE WHEN \(overlap) > 0 THEN secret END,
                previous_secret_expires_at = CASE WHEN \(overlap) > 0 THEN now() + \(overlap) * interval '1 second' END,
                secret = \(newSecret), secret_rotated_at = now()
            WHERE id = \(id) AND provider_id = \(providerID)
            RETURNING \(unescaped: Self.endpointColumns)
            """, Self.endpoint).first
    }

    // MARK: Events and deliveries

    /// Stores an event and its deliveries (each with the job that makes it), in the caller's transaction.
    public func insertWebhookEvent(_ event: WebhookEventRecord, deliveries: [(endpointID: UUID, jobID: Int64)]) async throws {
        try await rows("""
            INSERT INTO webhook_events (id, provider_id, type, subject, payload, created_at)
            VALUES (\(event.id), \(event.providerID), \(event.type), \(event.subject), \(event.payload), \(event.createdAt))
            """)
        guard !deliveries.isEmpty else { return }
        let endpoints = deliveries.map(\.endpointID), jobs = deliveries.map(\.jobID)
        try await rows("""
            INSERT INTO webhook_deliveries (endpoint_id, event_id, job_id, created_at)
            SELECT d.endpoint_id, \(event.id), d.job_id, \(event.createdAt)
            FROM unnest(\(endpoints)::uuid[], \(jobs)::int8[]) AS d(endpoint_id, job_id)
            """)
    }

    /// An event, or nil.
    public func webhookEvent(id: UUID) async throws -> WebhookEventRecord? {
        try await map("""
            SELECT id, provider_id, type, subject, payload, created_at FROM webhook_events WHERE id = \(id)
            """) { row in
            let (id, provider, type, subject, payload, createdAt) = try row.decode((UUID, UUID, String, String, String, Date).self)
            return WebhookEventRecord(id: id, providerID: provider, type: type, subject: subject, payload: payload, createdAt: createdAt)
        }.first
    }

    /// The events about `subject` (`credential:<id>`…), oldest first.
    public func webhookEvents(subject: String) async throws -> [WebhookEventRecord] {
        try await map("""
            SELECT id, provider_id, type, subject, payload, created_at FROM webhook_events WHERE subject = \(subject) ORDER BY created_at, id
            """) { row in
            let (id, provider, type, subject, payload, createdAt) = try row.decode((UUID, UUID, String, String, String, Date).self)
            return WebhookEventRecord(id: id, providerID: provider, type: type, subject: subject, payload: payload, createdAt: createdAt)
        }
    }

    /// A delivery's status as the provider sees it: its own, except that a pending round whose job is gone,
    /// dead-lettered or cancelled has failed.
    static let deliveryColumns = """
        d.endpoint_id, d.event_id, ev.type, d.round, d.job_id,
        CASE WHEN d.status <> 'pending' OR d.job_id IS NULL THEN d.status
             WHEN j.id IS NULL OR j.state IN ('discarded', 'cancelled', 'needs_consent') THEN 'failed'
             ELSE 'pending' END,
        d.attempts, d.last_status, d.last_error, d.created_at, d.last_attempt_at, d.delivered_at
        """
    static let deliveryTables = """
        webhook_deliveries d JOIN webhook_events ev ON ev.id = d.event_id LEFT JOIN jobs j ON j.id = d.job_id
        """

    static func delivery(_ row: PostgresRow) throws -> WebhookDeliveryRecord {
        let (endpoint, event, type, round, job, status, attempts, lastStatus, lastError, createdAt, lastAttemptAt, deliveredAt) =
            try row.decode((UUID, UUID, String, Int32, Int64?, String, Int32, Int32?, String?, Date, Date?, Date?).self)
        return WebhookDeliveryRecord(endpointID: endpoint, eventID: event, eventType: type, round: Int(round), jobID: job,
                                     status: WebhookDeliveryRecord.Status(rawValue: status) ?? .pending, attempts: Int(attempts),
                                     lastStatus: lastStatus.map(Int.init), lastError: lastError, createdAt: createdAt,
                                     lastAttemptAt: lastAttemptAt, deliveredAt: deliveredAt)
    }

    /// The delivery of `eventID` to `endpointID`, or nil.
    public func webhookDelivery(endpointID: UUID, eventID: UUID) async throws -> WebhookDeliveryRecord? {
        try await map("""
            SELECT \(unescaped: Self.deliveryColumns) FROM \(unescaped: Self.deliveryTables)
            WHERE d.endpoint_id = \(endpointID) AND d.event_id = \(eventID)
            """, Self.delivery).first
    }

    /// An endpoint's deliveries, newest first, optionally of one status.
    public func webhookDeliveries(endpointID: UUID, status: WebhookDeliveryRecord.Status?, limit: Int) async throws -> [WebhookDeliveryRecord] {
        let wanted = status?.rawValue
        return try await map("""
            SELECT * FROM (SELECT \(unescaped: Self.deliveryColumns) FROM \(unescaped: Self.deliveryTables)
                           WHERE d.endpoint_id = \(endpointID)) AS x(endpoint_id, event_id, type, round, job_id, status, attempts,
                                                                  last_status, last_error, created_at, last_attempt_at, delivered_at)
            WHERE \(wanted)::text IS NULL OR x.status = \(wanted)
            ORDER BY x.created_at DESC, x.event_id LIMIT \(Int32(limit))
            """, Self.delivery)
    }

    /// Records one attempt of round `round` (ignored when a redelivery started another round, or the round is
    /// already settled): `status` is what the delivery is after it (`pending` while retries remain).
    public func recordWebhookAttempt(endpointID: UUID, eventID: UUID, round: Int, status: WebhookDeliveryRecord.Status, httpStatus: Int?,
                                     error: String?) async throws {
        try await rows("""
            UPDATE webhook_deliveries SET attempts = attempts + 1, status = \(status.rawValue), last_status = \(httpStatus.map(Int32.init)),
                last_error = \(error), last_attempt_at = now(),
                delivered_at = CASE WHEN \(status.rawValue) = 'delivered' THEN now() ELSE delivered_at END
            WHERE endpoint_id = \(endpointID) AND event_id = \(eventID) AND round = \(Int32(round)) AND status = 'pending'
            """)
    }

    /// Settles round `round` as failed without an attempt (its endpoint vanished, its job was given up).
    public func failWebhookDelivery(endpointID: UUID, eventID: UUID, round: Int, error: String) async throws {
        try await rows("""
            UPDATE webhook_deliveries SET status = 'failed', last_error = \(error)
            WHERE endpoint_id = \(endpointID) AND event_id = \(eventID) AND round = \(Int32(round)) AND status = 'pending'
            """)
    }

    /// Starts a new round of a delivery (attempts, status and errors reset; the job is set by
    /// `setWebhookDeliveryJob`). Returns the new round, or nil when there is no such delivery.
    public func restartWebhookDelivery(endpointID: UUID, eventID: UUID) async throws -> Int? {
        try await map("""
            UPDATE webhook_deliveries SET round = round + 1, job_id = NULL, status = 'pending', attempts = 0, last_status = NULL,
                last_error = NULL, last_attempt_at = NULL, delivered_at = NULL
            WHERE endpoint_id = \(endpointID) AND event_id = \(eventID)
            RETURNING round
            """) { Int(try $0.decode(Int32.self)) }.first
    }

    /// Names the job of a delivery's current round.
    public func setWebhookDeliveryJob(endpointID: UUID, eventID: UUID, jobID: Int64) async throws {
        try await rows("UPDATE webhook_deliveries SET job_id = \(jobID) WHERE endpoint_id = \(endpointID) AND event_id = \(eventID)")
    }
}
