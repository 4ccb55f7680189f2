import Logging
import Foundation
import Hummingbird
import IssuerStore

extension IssuerConsole {
    /// GET /console/users[?q=…]: find a user by user id, credential id (ours or the node's) or wallet address.
    func userSearch(_ request: Request, _ visitor: Visitor) async throws -> Response {
        let q = (ConsoleForm(request.uri.query ?? "")["q"] ?? "").trimmingCharacters(in: .whitespaces)
        guard !q.isEmpty else { return page("users", ["title": "Find a user"], visitor: visitor) }
        guard q.count <= 200 else { throw ConsoleError.badRequest("the search text is too long") }
        if let id = try await store.session.findUser(q) { return Self.redirect("/console/users/\(id.uuidString.lowercased())") }
        return page("users", ["title": "Find a user", "q": q, "notFound": true], status: .notFound, visitor: visitor)
    }

    /// GET /console/users/{id}: her node status, masked wallets, credentials with their delivery in one sentence
    /// each, and the jobs about her.
    func userPage(_ idText: String, _ visitor: Visitor) async throws -> Response {
        guard let id = UUID(uuidString: idText) else { throw ConsoleError.badRequest("user ids are UUIDs") }
        guard let user = try await store.session.userOverview(id: id) else {
            return page("users", ["title": "Find a user", "q": idText, "notFound": true], status: .notFound, visitor: visitor)
        }
        let now = Date()
        let identity: String = switch user.status {
        case "created": "Identity created on the node \(ConsoleFormat.relative(user.confirmedAt, now: now)) (\(ConsoleFormat.time(user.confirmedAt)))."
        case "failed": "Identity NOT created on the node: its job is a dead letter (see below)."
        default: "Identity pending on the node since \(ConsoleFormat.duration(now.timeIntervalSince(user.createdAt)))."
        }
        let credentials: [[String: Any]] = user.credentials.map { c in
            var row: [String: Any] = ["id": c.id.uuidString.lowercased(), "status": c.status, "level": c.level ?? "—", "delivery": c.delivery,
                                      "summary": Self.summary(c, now: now), "jobs": c.jobs.map { Self.jobRow($0, now: now) }]
            if let error = c.lastError, !error.isEmpty, c.status != "delivered" { row["lastError"] = Self.short(error) }
            return row
        }
        let data: [String: Any] = [
            "title": "User \(id.uuidString.lowercased().prefix(8))…", "id": id.uuidString.lowercased(), "provider": user.providerName,
            "identity": identity, "status": user.status, "keyVersion": user.keyVersion, "created": ConsoleFormat.time(user.createdAt),
            "wallets": user.wallets.map { ["type": $0.type, "address": ConsoleFormat.mask($0.address)] },
            "credentials": credentials, "hasCredentials": !credentials.isEmpty,
            "jobs": user.jobs.map { Self.jobRow($0, now: now) },
        ]
        return page("user", data, visitor: visitor)
    }

    /// "credential X pending since 3 h, attempt 7 of 25, next try 14:05 (in 5 min), write grant expires in 6 h".
    static func summary(_ c: CredentialOverview, now: Date) -> String {
        let grant = c.writeGrantExpiresAt.map { end in
            end > now ? "write grant expires \(ConsoleFormat.relative(end, now: now))" : "write grant expired \(ConsoleFormat.relative(end, now: now))"
        }
        switch c.status {
        case "delivered":
            return "Delivered \(ConsoleFormat.relative(c.deliveredAt, now: now)) (\(ConsoleFormat.time(c.deliveredAt)))."
        case "revoked":
            return "Revoked \(ConsoleFormat.relative(c.revokedAt, now: now))."
        case "pending":
            var parts = ["Pending since \(ConsoleFormat.duration(now.timeIntervalSince(c.createdAt)))"]
            if let job = c.jobs.first(where: { !$0.state.isFinal }) ?? c.jobs.first {
                parts.append("attempt \(job.attempt) of \(job.maxAttempts)")
                switch job.state {
                case .running: parts.append("running now")
                case .available, .retryable:
                    parts.append("next try \(ConsoleFormat.time(job.scheduledAt)) (\(ConsoleFormat.relative(job.scheduledAt, now: now)))")
                default: parts.append("job \(job.state.rawValue)")
                }
            }
            if let grant { parts.append(grant) }
            return parts.joined(separator: ", ") + "."
        case "needs_consent":
            return "Waiting for the user's consent: " + (grant ?? "the write grant expired") + "; she must sign a new write grant."
        case "failed":
            return "Failed: its delivery is a dead letter" + (c.jobs.first?.deadReason.map { " (\($0.rawValue))" } ?? "") + "."
        default:
            return c.status
        }
    }

    static func jobRow(_ job: JobRecord, now: Date) -> [String: Any] {
        ["id": String(job.id), "kind": job.kind, "state": job.state.rawValue, "attempts": "\(job.attempt)/\(job.maxAttempts)",
         "created": ConsoleFormat.time(job.createdAt),
         "next": job.state == .available || job.state == .retryable ? ConsoleFormat.relative(job.scheduledAt, now: now) : "—",
         "reason": job.deadReason?.rawValue ?? ""]
    }
}
