import Logging
import Foundation
import Hummingbird
import IdosCrypto
import IssuerAPI
import IssuerStore

/// The signed-in operator of a request.
struct Visitor: Sendable {
    let session: OperatorSession
    let tokenHash: String
    var name: String { session.account.name }
    var canAct: Bool { session.account.role == .operator }
    /// `operator:<name>`, the audit log's actor for this operator.
    var actor: String { "operator:\(name)" }
}

extension IssuerConsole {
    /// The request's live session, or nil.
    func visitor(_ request: Request, _ context: IssuerRequestContext) async throws -> Visitor? {
        guard let token = ConsoleCookies.value(ConsoleCookies.session, in: request), ConsoleTokens.isWellFormed(token) else { return nil }
        let hash = ConsoleTokens.hash(token)
        guard let session = try await store.session.operatorSession(tokenHash: hash) else { return nil }
        return Visitor(session: session, tokenHash: hash)
    }

    /// GET /console/login: the form, with a fresh login CSRF token in the form and a cookie (double submit).
    func loginPage(_ request: Request, _ context: IssuerRequestContext, message: String? = nil,
                   status: HTTPResponse.Status = .ok) async -> Response {
        if message == nil, let visitor = try? await visitor(request, context) {
            _ = visitor
            return Self.redirect("/console/queue")
        }
        let token = ConsoleTokens.new()
        var data: [String: Any] = ["title": "Sign in", "loginToken": token]
        if let message { data["error"] = message }
        return page("login", data, status: status, visitor: nil,
                    cookies: [ConsoleCookies.header(ConsoleCookies.login, token, path: "/console/login", maxAge: 3600,
                                                    secure: ConsoleCookies.secure(request, context))])
    }

    /// POST /console/login: CSRF (double submit), throttle (per name and per client address), password.
    func login(_ request: Request, _ context: IssuerRequestContext) async -> Response {
        do {
            let form = try await Self.form(request)
            guard let sent = form["csrf"], let cookie = ConsoleCookies.value(ConsoleCookies.login, in: request),
                  ConsoleTokens.isWellFormed(cookie), ConsoleTokens.equal(sent, cookie) else {
                return await loginPage(request, context, message: "The form's CSRF token is missing or wrong. Try again.", status: .forbidden)
            }
            let name = (form["name"] ?? "").trimmingCharacters(in: .whitespaces)
            let password = form["password"] ?? ""
            // Per name always; per client address only for a remote peer (behind a proxy on this machine every
            // client is loopback, and one key for all would let anyone lock everyone out).
            var keys = ["name:" + name.lowercased().prefix(64)]
            if !context.peerIsLoopback { keys.append("peer:" + clientKey(request, context)) }
            if let until = try await store.session.loginLockedUntil(keys: keys) {
                logger.warning("console login throttled", metadata: ["name": "\(name.prefix(64))"])
                var response = await loginPage(request, context,
                                               message: "Too many failed sign-ins. Try again in \(ConsoleFormat.duration(until.timeIntervalSinceNow)).",
                                               status: .tooManyRequests)
                response.headers[.retryAfter] = String(Int(max(1, until.timeIntervalSinceNow.rounded(.up))))
                return response
            }
            let account = try await store.session.operatorAccount(named: name)
            // Hash even for an unknown name, so the answer's timing does not tell which names exist.
            let matches = await Self.verify(password, against: account?.passwordHash ?? Self.decoyHash)
            guard let account, matches, account.disabledAt == nil else {
                try await store.session.recordLoginFailure(keys: keys, limit: configuration.loginLimit, window: configuration.loginWindow,
                                                           lockout: configuration.loginLockout)
                logger.notice("console login failed", metadata: ["name": "\(name.prefix(64))"])
                return await loginPage(request, context, message: "Wrong name or password.", status: .unauthorized)
            }
            try await store.session.clearLoginFailures(keys: keys)
            let token = ConsoleTokens.new()
            try await store.session.createOperatorSession(tokenHash: ConsoleTokens.hash(token), operatorID: account.id, csrfToken: ConsoleTokens.new(),
                                                          lifetime: configuration.sessionLifetime)
            logger.notice("console login", metadata: ["operator": "\(account.name)", "role": "\(account.role.rawValue)"])
            let secure = ConsoleCookies.secure(request, context)
            return Self.redirect("/console/queue", cookies: [
                ConsoleCookies.header(ConsoleCookies.session, token, path: "/console", maxAge: Int(configuration.sessionLifetime), secure: secure),
                ConsoleCookies.header(ConsoleCookies.login, "", path: "/console/login", maxAge: 0, secure: secure),
            ])
        } catch {
            return failure(error, context)
        }
    }

    /// POST /console/logout (CSRF-checked): ends the session.
    func logout(_ request: Request, _ context: IssuerRequestContext) async -> Response {
        do {
            guard let visitor = try await visitor(request, context) else { return Self.redirect("/console/login") }
            let form = try await Self.form(request)
            guard let token = form["csrf"], ConsoleTokens.equal(token, visitor.session.csrfToken) else {
                return page("error", ["title": "Form refused", "message": "The form's CSRF token is missing or wrong. Reload the page and try again."],
                            status: .forbidden, visitor: visitor)
            }
            try await store.session.deleteOperatorSession(tokenHash: visitor.tokenHash)
            return Self.redirect("/console/login", cookies: [
                ConsoleCookies.header(ConsoleCookies.session, "", path: "/console", maxAge: 0, secure: ConsoleCookies.secure(request, context)),
            ])
        } catch {
            return failure(error, context)
        }
    }

    /// The throttle key of a remote client: its address (never logged).
    private func clientKey(_ request: Request, _ context: IssuerRequestContext) -> String {
        context.remoteAddressText ?? "unknown"
    }

    /// `PasswordHash.verify` on a thread of its own: scrypt takes ~0.1 s and 32 MiB, which must not hold one of
    /// the few cooperative threads that serve every request.
    static func verify(_ password: String, against stored: String) async -> Bool {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: PasswordHash.verify(password, against: stored)) }.start()
        }
    }

    /// A valid hash of a random password: verified against when the name is unknown.
    static let decoyHash: String = (try? PasswordHash.hash(ConsoleTokens.new())) ?? "$scrypt$ln=15,r=8,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA"
}
