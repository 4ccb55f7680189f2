import Foundation
import HTTPTypes
import Hummingbird
import IssuerEngine
import IssuerStore
import Logging

/// Webhooks: a provider registers receiver endpoints for events (`POST /v1/webhooks`, the signing secret shown
/// once), lists, reads and deletes them, rotates a secret with an overlap in which deliveries carry both
/// signatures, lists an endpoint's deliveries and redelivers one (a new round of the same event: same id and
/// body, fresh timestamp and signature). A provider sees only its own endpoints: another's is 404.
struct WebhookController {
    let services: APIServices

    /// Endpoints per provider (each event is one delivery per subscribed endpoint).
    static let maxEndpoints = 25
    /// How long the previous secret keeps signing after a rotation, unless the request says (seconds).
    static let defaultOverlap = 86_400
    static let maxOverlap = 7 * 86_400

    func register(on router: Router<IssuerRequestContext>) {
        router.post("/v1/webhooks") { request, context in try await create(request, context) }
        router.get("/v1/webhooks") { request, context in try await index(request, context) }
        router.get("/v1/webhooks/:id") { request, context in try await show(request, context) }
        router.delete("/v1/webhooks/:id") { request, context in try await remove(request, context) }
        router.post("/v1/webhooks/:id/rotate-secret") { request, context in try await rotateSecret(request, context) }
        router.get("/v1/webhooks/:id/deliveries") { request, context in try await deliveries(request, context) }
        router.post("/v1/webhooks/:id/deliveries/:eventId/redeliver") { request, context in try await redeliverEvent(request, context) }
    }

    // MARK: Register

    func create(_ request: Request, _ context: IssuerRequestContext) async throws -> Response {
        let caller = try context.require(scope: "issue")
        let body = try await request.bytes(limit: services.configuration.http.maxBodyBytes)
        var input = try JSONInput(body)
        let url = input.string("url", maxLength: WebhookURLPolicy.maxURLBytes)
        let names = input.stringList("events", maxItems: 16, maxLength: 64)
        input.rejectUnknownFields()
        var events: [WebhookEventType] = []
        if let names {
            if names.isEmpty, !input.errors.contains(where: { $0.field.hasPrefix("events[") }) { input.fail("events", "must name at least one event (\(WebhookEventType.names.joined(separator: ", ")))") }
            for (index, name) in names.enumerated() {
                guard let type = WebhookEventType(rawValue: name) else {
                    input.fail("events[\(index)]", "'\(name.prefix(64))' is not an event; use \(WebhookEventType.names.joined(separator: ", "))")
                    continue
                }
                if !events.contains(type) { events.append(type) }
            }
        }
        try input.check()
        guard let url else { throw Problem.validation(input.errors) }
        // Resolved outside any transaction (a slow DNS answer holds no connection); checked again at every delivery.
        if case .refused(let reason) = await services.webhookURLPolicy.check(url) {
            throw Problem.validation([.init(field: "url", reason: reason)])
        }
        return try await services.mutation.run(request, context: context, caller: caller, body: body) { session in
            if try await session.countWebhookEndpoints(providerID: caller.providerID) >= Self.maxEndpoints {
                throw Problem.conflict("webhook-limit", "a provider may have at most \(Self.maxEndpoints) webhooks; delete one first")
            }
            let endpoint = WebhookEndpointRecord(id: UUID(), providerID: caller.providerID, url: url, events: events.map(\.rawValue),
                                                 secret: WebhookSecret.generate())
            try await session.insertWebhookEndpoint(endpoint)
            try await session.appendAudit(actor: AuditActor.provider(caller.providerID), action: .webhookCreated, subject: endpoint.id.auditText,
                                          details: ["webhookId": .string(endpoint.id.auditText), "events": .array(endpoint.events.map(AuditValue.string))])
            return (.created, ["id": APIJSON.id(endpoint.id), "url": endpoint.url, "events": endpoint.events, "secret": endpoint.secret])
        }
    }

    // MARK: Read

    func index(_ request: Request, _ context: IssuerRequestContext) async throws -> Response {
        let caller = try context.require(scope: "read")
        let endpoints = try await services.store.session.webhookEndpoints(providerID: caller.providerID)
        return APIJSON.response(.ok, ["items": endpoints.map(Self.view)])
    }

    func show(_ request: Request, _ context: IssuerRequestContext) async throws -> Response {
        let caller = try context.require(scope: "read")
        let id = try context.uuidParameter("id")
        guard let endpoint = try await services.store.session.webhookEndpoint(id: id, providerID: caller.providerID) else {
            throw Problem.notFound("no webhook \(APIJSON.id(id))")
        }
        return APIJSON.response(.ok, Self.view(endpoint))
    }

    /// An endpoint without its secrets.
    static func view(_ e: WebhookEndpointRecord) -> [String: Any] {
        let overlapEnds = e.previousSecretExpiresAt.flatMap { $0 > Date() ? APIJSON.timestamp($0) : nil }
        return ["id": APIJSON.id(e.id), "url": e.url, "events": e.events, "createdAt": APIJSON.timestamp(e.createdAt),
                "secretRotatedAt": e.secretRotatedAt.map(APIJSON.timestamp) ?? NSNull(), "previousSecretExpiresAt": overlapEnds ?? NSNull()]
    }

    // MARK: Delete

    func remove(_ request: Request, _ context: IssuerRequestContext) async throws -> Response {
        let caller = try context.require(scope: "issue")
        let id = try context.uuidParameter("id")
        try await services.store.withTransaction { session in
            guard let cancelled = try await session.deleteWebhookEndpoint(id: id, providerID: caller.providerID) else {
                throw Problem.notFound("no webhook \(APIJSON.id(id))")
            }
            try await session.appendAudit(actor: AuditActor.provider(caller.providerID), action: .webhookDeleted, subject: id.auditText,
                                          details: ["webhookId": .string(id.auditText), "cancelledDeliveries": .int(Int64(cancelled))])
        }
        return Response(status: .noContent)
    }

    // MARK: Rotate the secret

    func rotateSecret(_ request: Request, _ context: IssuerRequestContext) async throws -> Response {
        let caller = try context.require(scope: "issue")
        let id = try context.uuidParameter("id")
        let body = try await request.bytes(limit: services.configuration.http.maxBodyBytes)
        var input = try JSONInput(body.isEmpty ? Array("{}".utf8) : body)
        let overlap = input.int("overlapSeconds", required: false, range: 0...Self.maxOverlap) ?? Self.defaultOverlap
        input.rejectUnknownFields()
        try input.check()
        return try await services.mutation.run(request, context: context, caller: caller, body: body) { session in
            guard let endpoint = try await session.rotateWebhookSecret(id: id, providerID: caller.providerID, newSecret: WebhookSecret.generate(),
                                                                      overlap: Double(overlap)) else {
                throw Problem.notFound("no webhook \(APIJSON.id(id))")
            }
            try await session.appendAudit(actor: AuditActor.provider(caller.providerID), action: .webhookSecretRotated, subject: id.auditText,
                                          details: ["webhookId": .string(id.auditText), "overlapSeconds": .int(Int64(overlap))])
            return (.ok, ["id": APIJSON.id(endpoint.id), "secret": endpoint.secret,
                          "previousSecretExpiresAt": endpoint.previousSecretExpiresAt.map(APIJSON.timestamp) ?? NSNull()])
        }
    }

    // MARK: Deliveries

    func deliveries(_ request: Request, _ context: IssuerRequestContext) async throws -> Response {
        let caller = try context.require(scope: "read")
        let id = try context.uuidParameter("id")
        let query = request.uri.queryParameters
        var errors: [Problem.FieldError] = []
        var status: WebhookDeliveryRecord.Status?
        if let text = query["status"].map(String.init) {
            status = WebhookDeliveryRecord.Status(rawValue: text)
            if status == nil { errors.append(.init(field: "status", reason: "must be pending, delivered or failed")) }
        }
        var limit = 50
        if let text = query["limit"].map(String.init) {
            if let n = Int(text), (1...100).contains(n) { limit = n } else { errors.append(.init(field: "limit", reason: "must be an integer in 1…100")) }
        }
        if !errors.isEmpty { throw Problem.validation(errors) }
        let session = services.store.session
        guard try await session.webhookEndpoint(id: id, providerID: caller.providerID) != nil else {
            throw Problem.notFound("no webhook \(APIJSON.id(id))")
        }
        let page = try await session.webhookDeliveries(endpointID: id, status: status, limit: limit)
        return APIJSON.response(.ok, ["items": page.map(Self.deliveryView)])
    }

    static func deliveryView(_ d: WebhookDeliveryRecord) -> [String: Any] {
        ["eventId": APIJSON.id(d.eventID), "eventType": d.eventType, "status": d.status.rawValue, "round": d.round, "attempts": d.attempts,
         "lastStatus": d.lastStatus.map { $0 as Any } ?? NSNull(), "lastError": d.lastError.map { $0 as Any } ?? NSNull(),
         "createdAt": APIJSON.timestamp(d.createdAt), "lastAttemptAt": d.lastAttemptAt.map(APIJSON.timestamp) ?? NSNull(),
         "deliveredAt": d.deliveredAt.map(APIJSON.timestamp) ?? NSNull()]
    }

    func redeliverEvent(_ request: Request, _ context: IssuerRequestContext) async throws -> Response {
        let caller = try context.require(scope: "issue")
        let id = try context.uuidParameter("id")
        let eventID = try context.uuidParameter("eventId")
        let body = try await request.bytes(limit: services.configuration.http.maxBodyBytes)
        return try await services.mutation.run(request, context: context, caller: caller, body: body) { session in
            guard try await session.webhookEndpoint(id: id, providerID: caller.providerID) != nil else {
                throw Problem.notFound("no webhook \(APIJSON.id(id))")
            }
            guard let current = try await session.webhookDelivery(endpointID: id, eventID: eventID) else {
                throw Problem.notFound("no delivery of event \(APIJSON.id(eventID)) to webhook \(APIJSON.id(id))")
            }
            if current.status == .pending {
                throw Problem.conflict("delivery-pending", "event \(APIJSON.id(eventID)) is still being delivered to this webhook; redeliver it once it is delivered or failed")
            }
            guard let delivery = try await WebhookOutbox.redeliver(endpointID: id, eventID: eventID, in: session, notify: services.store.jobChannel,
                                                                   requestID: context.requestID) else {
                throw Problem.notFound("no delivery of event \(APIJSON.id(eventID)) to webhook \(APIJSON.id(id))")
            }
            try await session.appendAudit(actor: AuditActor.provider(caller.providerID), action: .webhookRedelivered, subject: id.auditText,
                                          details: ["webhookId": .string(id.auditText), "eventId": .string(eventID.auditText),
                                                    "round": .int(Int64(delivery.round))])
            return (.accepted, Self.deliveryView(delivery))
        }
    }
}
