import Logging
import Foundation
import Hummingbird
import IssuerStore

extension IssuerConsole {
    /// GET /console/jobs/{id}: the job, its attempts with the node's messages, the transactions it signed, and
    /// its history (created, failed attempts, operators' actions, node confirmations, finished). Refreshes
    /// itself until the job is final.
    func jobPage(_ idText: String, _ request: Request, _ visitor: Visitor) async throws -> Response {
        guard let id = Int64(idText) else { throw ConsoleError.badRequest("job ids are numbers") }
        guard let overview = try await store.session.jobOverview(id: id) else {
            return page("error", ["title": "No such job", "message": "There is no job \(id) (it may have been pruned)."], status: .notFound, visitor: visitor)
        }
        let job = overview.job
        let now = Date()
        var subject: [String: Any] = [:]
        if let args = try? JSONSerialization.jsonObject(with: Data(job.args.utf8)) as? [String: Any] {
            if let credential = args["credentialId"] as? String, let cid = UUID(uuidString: credential) {
                subject["credentialId"] = cid.uuidString.lowercased()
                if let user = try await store.session.findUser(cid.uuidString) { subject["userId"] = user.uuidString.lowercased() }
            }
            if let user = args["userId"] as? String, let uid = UUID(uuidString: user) { subject["userId"] = uid.uuidString.lowercased() }
            if let version = args["version"] as? Int { subject["version"] = version }
        }
        let attempts: [[String: Any]] = job.errors.map {
            ["attempt": $0.attempt, "at": ConsoleFormat.time($0.at), "reason": $0.reason ?? "", "error": $0.error]
        }
        let transactions: [[String: Any]] = overview.transactions.map { tx in
            var row: [String: Any] = ["hash": tx.txHash, "action": tx.action, "state": tx.state.rawValue, "nonce": tx.nonce, "signer": ConsoleFormat.mask(tx.signer),
             "node": tx.node ?? "—", "height": tx.height.map(String.init) ?? "—", "code": tx.code.map(String.init) ?? "—",
             "broadcasts": tx.broadcasts, "created": ConsoleFormat.time(tx.createdAt), "confirmed": ConsoleFormat.time(tx.confirmedAt)]
            if let log = tx.log, !log.isEmpty { row["log"] = Self.short(log) }
            return row
        }
        var history: [(Date, String)] = [(job.createdAt, "created (\(job.kind))")]
        for e in job.errors { history.append((e.at, "attempt \(e.attempt) failed" + (e.reason.map { " (\($0))" } ?? ""))) }
        for row in overview.audit {
            let at = ISO8601DateFormatter().date(from: String(row.at.prefix(19)) + "Z") ?? job.createdAt
            history.append((at, "\(row.action) by \(row.actor)"))
        }
        for tx in overview.transactions { if let at = tx.confirmedAt { history.append((at, "transaction \(tx.txHash.prefix(12))… \(tx.state.rawValue)")) } }
        if let at = job.attemptedAt, !job.state.isFinal { history.append((at, "attempt \(job.attempt) started by \(job.attemptedBy ?? "a worker")")) }
        if let at = job.finalizedAt { history.append((at, "finished: \(job.state.rawValue)" + (job.deadReason.map { " (\($0.rawValue))" } ?? ""))) }
        // By second (attempt times are stored to the second), then in the order above (created, attempts, …).
        history = history.enumerated().sorted { a, b in
            let x = a.element.0.timeIntervalSince1970.rounded(.down), y = b.element.0.timeIntervalSince1970.rounded(.down)
            return x != y ? x < y : a.offset < b.offset
        }.map(\.element)
        let canRetry = [.available, .retryable, .discarded, .needsConsent, .cancelled].contains(job.state)
        let canCancel = [.available, .retryable, .running, .needsConsent, .discarded].contains(job.state)
        var data: [String: Any] = [
            "title": "Job \(job.id)", "id": String(job.id), "kind": job.kind, "state": job.state.rawValue, "final": job.state.isFinal,
            "attempts": "\(job.attempt) of \(job.maxAttempts)", "priority": job.priority, "created": ConsoleFormat.time(job.createdAt),
            "scheduled": ConsoleFormat.time(job.scheduledAt) + (job.state.isFinal ? "" : " (\(ConsoleFormat.relative(job.scheduledAt, now: now)))"),
            "deadline": ConsoleFormat.time(job.deadline), "attempted": ConsoleFormat.time(job.attemptedAt), "attemptedBy": job.attemptedBy ?? "—",
            "lease": ConsoleFormat.time(job.leaseExpiresAt), "finalized": ConsoleFormat.time(job.finalizedAt),
            "deadReason": job.deadReason?.rawValue ?? "—", "uniqueKey": job.uniqueKey ?? "—", "requestId": job.requestID ?? "—",
            "subject": subject, "errors": attempts, "hasErrors": !attempts.isEmpty,
            "transactions": transactions, "hasTransactions": !transactions.isEmpty,
            "history": history.map { ["at": ConsoleFormat.time($0.0), "event": $0.1] },
            "canRetry": canRetry, "canCancel": canCancel, "back": "/console/jobs/\(job.id)",
        ]
        if !job.state.isFinal { data["refresh"] = min(configuration.refreshSeconds, 2) }
        if let flash = Self.flash(ConsoleForm(request.uri.query ?? "")) { data["flash"] = flash }
        return page("job", data, visitor: visitor)
    }
}
