public import Foundation
public import Hummingbird
public import IssuerAPI
public import IssuerEngine
public import IssuerStore
public import Logging
import Mustache

/// IssuerConsole: the operators' console under `/console/` on the API listener. Server-rendered from
/// `Templates/` (swift-mustache), it works with JavaScript off. Operators sign in with a name and password
/// (scrypt hashes, attempts throttled per name and per client address); sessions are random tokens in an
/// `HttpOnly; SameSite=Strict` (and, except over plain HTTP on loopback, `Secure`) cookie, stored hashed;
/// every form carries its session's CSRF token. Viewers read; operators also retry, redrive and cancel jobs,
/// each action written to the audit log as `operator:<name>`. Pages show ids, states and node messages,
/// never names, documents or key material; wallet addresses are masked.
public struct IssuerConsole: Sendable {
    let store: IssuerStore
    let pool: NodePool?
    let configuration: ConsoleConfiguration
    let templates: MustacheLibrary
    let logger: Logger

    /// The console over `store`; `pool` (the process's node pool) gives the node status of the queue page.
    public init(store: IssuerStore, pool: NodePool?, configuration: ConsoleConfiguration = ConsoleConfiguration(), logger: Logger) async throws {
        guard let directory = Bundle.module.resourceURL?.appendingPathComponent("Templates").path else {
            throw ConsoleError.templatesMissing("no resource bundle")
        }
        templates = try await MustacheLibrary(directory: directory)
        guard templates.getTemplate(named: "base") != nil else { throw ConsoleError.templatesMissing(directory) }
        self.store = store; self.pool = pool; self.configuration = configuration; self.logger = logger
    }

    /// Adds the console's routes under `/console`.
    public func register(on router: Router<IssuerRequestContext>) {
        router.get("/console") { _, _ in Self.redirect("/console/queue") }
        router.get("/console/login") { request, context in await self.loginPage(request, context) }
        router.post("/console/login") { request, context in await self.login(request, context) }
        router.post("/console/logout") { request, context in await self.logout(request, context) }
        router.get("/console/queue") { request, context in await self.guarded(request, context) { try await self.queuePage($0) } }
        router.get("/console/dead-letters") { request, context in
            await self.guarded(request, context) { try await self.deadLettersPage(request, $0) }
        }
        router.get("/console/dead-letters/redrive") { request, context in
            await self.guarded(request, context) { try await self.redrivePreview(request, $0) }
        }
        router.post("/console/dead-letters/redrive") { request, context in
            await self.action(request, context) { form, visitor in try await self.redrive(form, visitor) }
        }
        router.get("/console/users") { request, context in await self.guarded(request, context) { try await self.userSearch(request, $0) } }
        router.get("/console/users/{id}") { request, context in
            await self.guarded(request, context) { try await self.userPage(context.parameters.get("id") ?? "", $0) }
        }
        router.get("/console/jobs/{id}") { request, context in
            await self.guarded(request, context) { try await self.jobPage(context.parameters.get("id") ?? "", request, $0) }
        }
        router.post("/console/jobs/{id}/retry") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await self.action(request, context) { form, visitor in try await self.retry(id, form, visitor) }
        }
        router.post("/console/jobs/{id}/cancel") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await self.action(request, context) { form, visitor in try await self.cancel(id, form, visitor) }
        }
    }

    // MARK: - Guards

    /// A page for a signed-in operator: without a session, a redirect to the login page.
    func guarded(_ request: Request, _ context: IssuerRequestContext, _ body: (Visitor) async throws -> Response) async -> Response {
        do {
            guard let visitor = try await visitor(request, context) else { return Self.redirect("/console/login") }
            return try await body(visitor)
        } catch {
            return failure(error, context)
        }
    }

    /// A form post that changes jobs: a session, its CSRF token, and the `operator` role, else 403.
    func action(_ request: Request, _ context: IssuerRequestContext, _ body: (ConsoleForm, Visitor) async throws -> Response) async -> Response {
        do {
            guard let visitor = try await visitor(request, context) else {
                return page("error", ["title": "Signed out", "message": "Your session has ended; sign in again."], status: .forbidden, visitor: nil)
            }
            let form = try await Self.form(request)
            guard let token = form["csrf"], ConsoleTokens.equal(token, visitor.session.csrfToken) else {
                logger.warning("console form refused: CSRF token missing or wrong", metadata: ["operator": "\(visitor.name)"])
                return page("error", ["title": "Form refused", "message": "The form's CSRF token is missing or wrong. Reload the page and try again."],
                            status: .forbidden, visitor: visitor)
            }
            guard visitor.session.account.role == .operator else {
                logger.warning("console action refused: viewer", metadata: ["operator": "\(visitor.name)"])
                return page("error", ["title": "Not allowed", "message": "Your role (viewer) can read the console but not change jobs."],
                            status: .forbidden, visitor: visitor)
            }
            return try await body(form, visitor)
        } catch {
            return failure(error, context)
        }
    }

    /// An error page that names the request id, never the error's text (it could quote data).
    func failure(_ error: any Error, _ context: IssuerRequestContext) -> Response {
        if let bad = error as? ConsoleError, case .badRequest(let message) = bad {
            return page("error", ["title": "Bad request", "message": message], status: .badRequest, visitor: nil)
        }
        context.logger.error("console page failed", metadata: ["error": "\(String(describing: type(of: error)))"])
        return page("error", ["title": "Something went wrong", "message": "The page could not be shown; quote request id \(context.requestID)."],
                    status: .internalServerError, visitor: nil)
    }

    static func form(_ request: Request) async throws -> ConsoleForm {
        var request = request
        let buffer: ByteBuffer
        do { buffer = try await request.collectBody(upTo: 16_384) } catch { throw ConsoleError.badRequest("the form is too large") }
        return ConsoleForm(String(buffer: buffer))
    }
}

/// What went wrong in a console handler.
enum ConsoleError: Error, Sendable {
    case templatesMissing(String)
    case badRequest(String)
}
