import Logging
import Foundation
import Hummingbird
import IssuerStore

extension IssuerConsole {
    /// GET /console/dead-letters[?reason=R][&after=ID]: counts by reason and the dead letters, each with retry
    /// and cancel; a redrive per reason goes through a dry run first.
    func deadLettersPage(_ request: Request, _ visitor: Visitor) async throws -> Response {
        let query = ConsoleForm(request.uri.query ?? "")
        let reason = try Self.reason(query["reason"])
        let after = Int64(query["after"] ?? "") ?? 0
        let counts = try await store.session.deadLetterCounts()
        let pageSize = 50
        let jobs = try await store.session.deadLetters(reason: reason, afterID: after, limit: pageSize)
        let reasons: [[String: Any]] = DeadReason.allCases.compactMap { r in
            guard let n = counts[r.rawValue] else { return nil }
            return ["reason": r.rawValue, "count": ConsoleFormat.count(n), "selected": r == reason]
        }
        let rows: [[String: Any]] = jobs.map { job in
            ["id": String(job.id), "kind": job.kind, "reason": job.deadReason?.rawValue ?? "—", "attempts": "\(job.attempt)/\(job.maxAttempts)",
             "finalized": ConsoleFormat.time(job.finalizedAt), "lastError": Self.short(job.errors.last?.error ?? "—")]
        }
        var data: [String: Any] = ["title": "Dead letters", "reasons": reasons, "hasReasons": !reasons.isEmpty, "jobs": rows,
                                   "hasJobs": !rows.isEmpty, "reason": reason?.rawValue ?? "",
                                   "total": ConsoleFormat.count(counts.values.reduce(0, +))]
        if jobs.count == pageSize, let last = jobs.last {
            data["next"] = "/console/dead-letters?" + (reason.map { "reason=\($0.rawValue)&" } ?? "") + "after=\(last.id)"
        }
        if let flash = Self.flash(query) { data["flash"] = flash }
        return page("dead_letters", data, visitor: visitor)
    }

    /// GET /console/dead-letters/redrive[?reason=R]: the dry run — how many dead letters a redrive would move.
    func redrivePreview(_ request: Request, _ visitor: Visitor) async throws -> Response {
        let query = ConsoleForm(request.uri.query ?? "")
        let reason = try Self.reason(query["reason"])
        let count = try await store.session.countRedrivable(JobFilter(states: [.discarded], deadReason: reason))
        return page("redrive", ["title": "Redrive dead letters", "reason": reason?.rawValue ?? "", "reasonText": reason?.rawValue ?? "any reason",
                                "count": ConsoleFormat.count(count), "countValue": count, "none": count == 0,
                                "extra": configuration.extraAttempts], visitor: visitor)
    }

    /// POST /console/dead-letters/redrive (operator): moves the dead letters of a reason back to available,
    /// each audited; at most the dry run's count plus what died since, 10,000 per click.
    func redrive(_ form: ConsoleForm, _ visitor: Visitor) async throws -> Response {
        let reason = try Self.reason(form["reason"])
        let ids = try await store.withTransaction { session in
            try await session.redriveJobs(JobFilter(states: [.discarded], deadReason: reason, limit: 10_000),
                                          extraAttempts: configuration.extraAttempts, notify: store.jobChannel, actor: visitor.actor)
        }
        logger.notice("console redrive", metadata: ["operator": "\(visitor.name)", "reason": "\(reason?.rawValue ?? "any")", "jobs": "\(ids.count)"])
        return Self.redirect("/console/dead-letters?done=redriven&n=\(ids.count)")
    }

    /// POST /console/jobs/{id}/retry (operator): the job back to available now, audited.
    func retry(_ idText: String, _ form: ConsoleForm, _ visitor: Visitor) async throws -> Response {
        guard let id = Int64(idText) else { throw ConsoleError.badRequest("job ids are numbers") }
        let moved = try await store.withTransaction { session in
            try await session.retryJob(id: id, extraAttempts: configuration.extraAttempts, notify: store.jobChannel, actor: visitor.actor)
        }
        logger.notice("console retry", metadata: ["operator": "\(visitor.name)", "job": "\(id)", "moved": "\(moved)"])
        return Self.redirect(Self.back(form, fallback: "/console/jobs/\(id)") + (moved ? "done=retried" : "done=unchanged"))
    }

    /// POST /console/jobs/{id}/cancel (operator): a dead letter is given up (cancelled); an unfinished job is
    /// cancelled (a running one's worker finds its completion refused). Audited.
    func cancel(_ idText: String, _ form: ConsoleForm, _ visitor: Visitor) async throws -> Response {
        guard let id = Int64(idText) else { throw ConsoleError.badRequest("job ids are numbers") }
        let moved = try await store.withTransaction { session in
            let dismissed = try await session.dismissDeadLetters(ids: [id], actor: visitor.actor)
            if !dismissed.isEmpty { return true }
            return try await !session.cancelJobs(ids: [id], actor: visitor.actor).isEmpty
        }
        logger.notice("console cancel", metadata: ["operator": "\(visitor.name)", "job": "\(id)", "moved": "\(moved)"])
        return Self.redirect(Self.back(form, fallback: "/console/jobs/\(id)") + (moved ? "done=cancelled" : "done=unchanged"))
    }

    /// Where a form returns: its `back` field when it is a console path, else `fallback`; ready for a query item.
    static func back(_ form: ConsoleForm, fallback: String) -> String {
        var target = fallback
        if let back = form["back"], back.hasPrefix("/console/"), !back.contains("//"), !back.contains("\\") { target = back }
        return target + (target.contains("?") ? "&" : "?")
    }

    static func reason(_ text: String?) throws -> DeadReason? {
        guard let text, !text.isEmpty else { return nil }
        guard let reason = DeadReason(rawValue: text) else {
            throw ConsoleError.badRequest("unknown dead-letter reason '\(text.prefix(40))'; one of \(DeadReason.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return reason
    }

    /// The message of a `done=` query item after an action.
    static func flash(_ query: ConsoleForm) -> String? {
        switch query["done"] {
        case "retried": "The job was moved back to available; a worker picks it up now."
        case "cancelled": "The job was cancelled."
        case "redriven": "Redrove \(query["n"].flatMap(Int.init) ?? 0) dead letters; workers pick them up now."
        case "unchanged": "Nothing changed: the job is not in a state that allows it (it may have moved meanwhile)."
        default: nil
        }
    }

    static func short(_ text: String, limit: Int = 240) -> String {
        text.count > limit ? String(text.prefix(limit)) + "…" : text
    }
}
