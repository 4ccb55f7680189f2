import Foundation
import HTTPTypes
import Hummingbird
import IdosKit
import IssuerEngine
import IssuerStore
import VerifiableCredentials

/// Re-issuance campaigns: a provider plans one over a filter of its own credentials (`POST
/// /v1/reissue-campaigns`, the selection snapshotted; `"dryRun": true` keeps nothing and answers the preview),
/// previews it (`GET …/{id}/preview`: counts and a sample diff of notes and VC fields), and starts, pauses,
/// resumes or cancels it. Another provider's campaign is 404.
struct CampaignController {
    let services: APIServices

    func register(on router: Router<IssuerRequestContext>) {
        router.post("/v1/reissue-campaigns") { request, context in try await create(request, context) }
        router.get("/v1/reissue-campaigns") { request, context in try await index(request, context) }
        router.get("/v1/reissue-campaigns/:id") { request, context in try await show(request, context) }
        router.get("/v1/reissue-campaigns/:id/preview") { request, context in try await preview(request, context) }
        router.post("/v1/reissue-campaigns/:id/start") { request, context in try await transition("start", request, context) }
        router.post("/v1/reissue-campaigns/:id/pause") { request, context in try await transition("pause", request, context) }
        router.post("/v1/reissue-campaigns/:id/resume") { request, context in try await transition("resume", request, context) }
        router.post("/v1/reissue-campaigns/:id/cancel") { request, context in try await transition("cancel", request, context) }
    }

    /// Top-level VC fields a campaign may replace.
    static let replaceableFields: Set = ["level", "expirationDate", "approvedAt", "issued"]

    // MARK: Plan

    func create(_ request: Request, _ context: IssuerRequestContext) async throws -> Response {
        let caller = try context.require(scope: "issue")
        let body = try await request.bytes(limit: services.configuration.http.maxBodyBytes)
        var input = try JSONInput(body)
        var filterInput = input.nested("filter", required: false)
        let level = filterInput?.string("level", required: false, maxLength: 128)
        let issuedBeforeText = filterInput?.string("issuedBefore", required: false, maxLength: 64)
        let statusText = filterInput?.string("status", required: false, maxLength: 32)
        let keyText = filterInput?.string("issuerKey", required: false, maxLength: 2048)
        let type = filterInput?.string("type", required: false, maxLength: 128)
        // Compared in SQL as given: no control characters (PostgreSQL text cannot hold NUL).
        for (name, value) in [("level", level), ("type", type)] where value.map(CampaignFilter.isPlainText) == false {
            filterInput?.fail(name, "must not contain control characters")
        }
        var filter = CampaignFilter(level: level, type: type)
        if let issuedBeforeText {
            if let date = CampaignFilter.instant(issuedBeforeText) { filter.issuedBefore = date } else {
                filterInput?.fail("issuedBefore", "must be an RFC 3339 date-time (2026-01-31T00:00:00Z) or a date (2026-01-31)")
            }
        }
        if let statusText {
            switch statusText {
            case "delivered": filter.status = .delivered
            case "pending": filter.status = .pending
            default: filterInput?.fail("status", "must be delivered or pending")
            }
        }
        if let keyText {
            if let version = services.vcKeys.version(named: keyText), version <= 10_000 { filter.vcKeyVersion = version } else {
                filterInput?.fail("issuerKey", "must be a key id \(services.vcKeys.issuerBaseURL)/keys/N (or N)")
            }
        }
        filterInput?.rejectUnknownFields()
        if let filterInput { input.absorb(filterInput) }
        let rate = input.double("ratePerSecond", required: false, range: 0.01...100_000)
        _ = input.object("publicNotes", required: false)
        let fieldsGiven = input.object("credentialFields", required: false)
        let concurrency = input.int("concurrencyPerNode", required: false, range: 1...10_000)
        let haltRate = input.double("haltErrorRate", required: false, range: 0.001...1)
        let haltMin = input.int("haltMinItems", required: false, range: 1...1_000_000)
        let retireKey = input.bool("retireKey", required: false) ?? false
        let dryRun = input.bool("dryRun", required: false) ?? false
        let sample = input.int("sample", required: false, range: 0...20) ?? 3
        input.rejectUnknownFields()
        for key in (fieldsGiven?.keys.sorted() ?? []) where !Self.replaceableFields.contains(key) {
            input.fail("credentialFields.\(key.prefix(64))", "cannot be replaced; only \(Self.replaceableFields.sorted().joined(separator: ", "))")
        }
        for (key, value) in fieldsGiven ?? [:] where Self.replaceableFields.contains(key) {
            guard let text = value as? String else { input.fail("credentialFields.\(key)", "must be a string"); continue }
            if key == "level", let problem = CredentialBuilder.levelProblem(text) { input.fail("credentialFields.level", problem) }
        }
        try input.check()

        let ordered = try CredentialController.orderedBody(body)
        var plan = CampaignPlan(filter: filter, filterText: Self.filterText(ordered["filter"]))
        plan.ratePerSecond = rate
        if case .object(let notes)? = ordered["publicNotes"] {
            if let long = notes.keys.first(where: { $0.utf8.count > 128 }) {
                throw Problem.validation([.init(field: "publicNotes.\(long.prefix(32))", reason: "keys must be at most 128 bytes")])
            }
            plan.publicNotes = notes
        }
        if case .object(let fields)? = ordered["credentialFields"] { plan.credentialFields = fields }
        if let concurrency { plan.concurrencyPerNode = concurrency }
        if let haltRate { plan.haltErrorRate = haltRate }
        if let haltMin { plan.haltMinItems = haltMin }
        plan.retireKey = retireKey
        let campaigns = services.campaigns
        do {
            if dryRun {
                let preview = try await campaigns.dryRun(plan, providerID: caller.providerID, sample: sample)
                return APIJSON.response(.ok, Self.view(preview, dryRun: true))
            }
            return try await services.mutation.run(request, context: context, caller: caller, body: body) { session in
                let campaign: CampaignRecord
                do {
                    campaign = try await campaigns.plan(plan, providerID: caller.providerID, actor: AuditActor.provider(caller.providerID), in: session)
                } catch let error as CampaignError { throw Self.problem(error) }
                var progress = CampaignProgress()
                progress.selected = campaign.selected
                progress.pending = campaign.selected
                return (.created, Self.view(campaign, progress))
            }
        } catch let error as CampaignError {
            throw Self.problem(error)
        }
    }

    // MARK: Read

    func index(_ request: Request, _ context: IssuerRequestContext) async throws -> Response {
        let caller = try context.require(scope: "read")
        let session = services.store.session
        var items: [[String: Any]] = []
        for campaign in try await session.campaigns(providerID: caller.providerID) {
            items.append(Self.view(campaign, try await session.campaignProgress(id: campaign.id)))
        }
        return APIJSON.response(.ok, ["items": items])
    }

    func show(_ request: Request, _ context: IssuerRequestContext) async throws -> Response {
        let caller = try context.require(scope: "read")
        let campaign = try await owned(try context.uuidParameter("id"), caller: caller)
        let session = services.store.session
        var view = Self.view(campaign, try await session.campaignProgress(id: campaign.id))
        view["failures"] = try await session.failedItems(campaignID: campaign.id, limit: 10).map {
            ["credentialId": APIJSON.id($0.credentialID), "error": $0.error]
        }
        return APIJSON.response(.ok, view)
    }

    func preview(_ request: Request, _ context: IssuerRequestContext) async throws -> Response {
        let caller = try context.require(scope: "read")
        let campaign = try await owned(try context.uuidParameter("id"), caller: caller)
        var sample = 3
        if let text = request.uri.queryParameters["sample"].map(String.init) {
            guard let n = Int(text), (0...20).contains(n) else { throw Problem.validation([.init(field: "sample", reason: "must be an integer in 0…20")]) }
            sample = n
        }
        let preview = try await services.campaigns.preview(campaign, sample: sample, in: services.store.session)
        return APIJSON.response(.ok, Self.view(preview, dryRun: false))
    }

    // MARK: Transitions

    func transition(_ action: String, _ request: Request, _ context: IssuerRequestContext) async throws -> Response {
        let caller = try context.require(scope: "issue")
        let id = try context.uuidParameter("id")
        let body = try await request.bytes(limit: services.configuration.http.maxBodyBytes)
        if !body.isEmpty {
            var input = try JSONInput(body)
            input.rejectUnknownFields()
            try input.check()
        }
        let campaigns = services.campaigns
        do {
            return try await services.mutation.run(request, context: context, caller: caller, body: body) { session in
                let campaign: CampaignRecord
                do {
                    campaign = try await campaigns.apply(action, to: id, providerID: caller.providerID, actor: AuditActor.provider(caller.providerID),
                                                         requestID: context.requestID, in: session)
                } catch let error as CampaignError { throw Self.problem(error) }
                return (.accepted, Self.view(campaign, try await session.campaignProgress(id: id)))
            }
        } catch let error as CampaignError {
            throw Self.problem(error)
        }
    }

    // MARK: Support

    private func owned(_ id: UUID, caller: APICaller) async throws -> CampaignRecord {
        guard let campaign = try await services.store.session.campaign(id: id), campaign.providerID == caller.providerID else {
            throw Problem.notFound("no campaign \(APIJSON.id(id))")
        }
        return campaign
    }

    static func problem(_ error: CampaignError) -> Problem {
        switch error {
        case .unknown(let id): Problem.notFound("no campaign \(APIJSON.id(id))")
        case .invalidTransition(let status, let action):
            Problem.conflict("campaign-state", "the campaign is \(status.rawValue): it cannot \(action) (start: planned; pause: running; resume: paused or halted; cancel: not finished or cancelled)")
        case .invalidPlan(let field, let reason): Problem.validation([.init(field: field, reason: reason)])
        }
    }

    static func view(_ c: CampaignRecord, _ p: CampaignProgress) -> [String: Any] { CampaignView.json(c, p) }

    static func view(_ preview: CampaignPreview, dryRun: Bool) -> [String: Any] { CampaignView.json(preview, dryRun: dryRun) }

    /// The filter as given, compact JSON (`{}` when absent).
    static func filterText(_ value: JSONValue?) -> String {
        guard case .object(let object)? = value else { return "{}" }
        return JSONSerializer.serialize(.object(object))
    }
}
