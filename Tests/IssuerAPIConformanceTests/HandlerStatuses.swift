import Foundation

/// The HTTP statuses each route's handler can answer, read statically from `Sources/IssuerAPI`.
///
/// A route's code is its registration closure plus, transitively, every function of the same file it
/// calls, plus the shared helpers of `Support/` and the request context it calls (listed in `helpers`;
/// their bodies are read too, never their statuses written down here). In that code, each
/// `Problem.<kind>(`, `Problem(.<status>`, `APIJSON.response(.<status>`, `Response(status: .<status>` and
/// `return (.<status>, …)` (a mutation's answer) is a status. The authentication middleware runs before
/// every route, so its statuses (401, 429) belong to every route. 500 never counts: the contract is that
/// no input yields one, and `RequestMiddleware` turns any unexpected error into it.
struct HandlerStatuses {
    struct Route: Hashable, CustomStringConvertible, Sendable {
        var method: String
        var path: String
        var description: String { "\(method) \(path)" }
    }

    struct Analysis: Sendable {
        var statuses: Set<Int>
        /// The scopes the handler asks for (`require(scope: "issue")`).
        var scopes: Set<String>
        var usesMutation: Bool
        var rejectsUnknownFields: Bool
        /// Where each status comes from (file: matched text), for failure messages.
        var evidence: [Int: [String]]
    }

    /// A call in route code that runs a helper defined in another file: `marker` in the code means the
    /// function `name` of `file` runs (`signature` picks among overloads).
    struct Helper {
        var marker: String
        var file: String
        var name: String
        var signature: String?
    }

    static let helpers: [Helper] = [
        Helper(marker: ".require(scope:", file: "IssuerRequestContext.swift", name: "require"),
        Helper(marker: ".bytes(limit:", file: "Support/RequestSupport.swift", name: "bytes"),
        Helper(marker: ".uuidParameter(", file: "Support/RequestSupport.swift", name: "uuidParameter"),
        Helper(marker: "services.user(", file: "Support/RequestSupport.swift", name: "user"),
        Helper(marker: "services.credential(", file: "Support/RequestSupport.swift", name: "credential"),
        Helper(marker: "mutation.run(", file: "Support/Mutation.swift", name: "run"),
        Helper(marker: "JSONInput(", file: "Support/JSONInput.swift", name: "init", signature: "[UInt8]"),
        Helper(marker: ".check()", file: "Support/JSONInput.swift", name: "check"),
    ]

    static let controllerFiles = ["Controllers/PublicController.swift", "Controllers/WalletChallengeController.swift",
                                  "Controllers/UserController.swift", "Controllers/WriteGrantController.swift",
                                  "Controllers/CredentialController.swift", "Controllers/WebhookController.swift",
                                  "Controllers/CampaignController.swift"]
    static let middlewareFile = "Middleware/AuthenticationMiddleware.swift"

    /// HTTPTypes' names of the statuses this API uses.
    static let statusNames: [String: Int] = [
        "ok": 200, "created": 201, "accepted": 202, "noContent": 204, "badRequest": 400, "unauthorized": 401, "forbidden": 403,
        "notFound": 404, "methodNotAllowed": 405, "conflict": 409, "gone": 410, "contentTooLarge": 413, "unprocessableContent": 422,
        "tooManyRequests": 429, "internalServerError": 500, "serviceUnavailable": 503,
    ]
    /// `Problem`'s factory methods and their statuses (Support/Problem.swift).
    static let problemFactories: [String: Int] = [
        "validation": 400, "badRequest": 400, "unauthorized": 401, "forbidden": 403, "notFound": 404, "conflict": 409, "gone": 410,
        "unavailable": 503,
    ]

    let sources: [String: SwiftSource]
    let routes: [Route: (file: String, body: Range<Int>)]

    init() throws {
        var sources: [String: SwiftSource] = [:]
        for file in Self.controllerFiles + Self.helpers.map(\.file) + [Self.middlewareFile, "Support/Problem.swift"] where sources[file] == nil {
            sources[file] = SwiftSource(name: file, text: try SourceTree.text(file))
        }
        var routes: [Route: (String, Range<Int>)] = [:]
        for file in Self.controllerFiles {
            for registration in sources[file]!.routeRegistrations {
                let route = Route(method: registration.method, path: registration.path)
                guard routes[route] == nil else { throw SpecError("\(route) is registered twice") }
                routes[route] = (file, registration.body)
            }
        }
        self.sources = sources
        self.routes = routes
    }

    /// The factories `Problem` declares (Support/Problem.swift), with the status each builds.
    func problemFactoriesInSource() -> [String: Int] {
        let problem = sources["Support/Problem.swift"]!
        var found: [String: Int] = [:]
        for function in problem.functions where !["init", "body", "response"].contains(function.name) {
            let body = problem.codeText(function.body)
            if let name = Self.matches(#"Problem\(\s*\.(\w+)"#, in: body).first, let status = Self.statusNames[name] { found[function.name] = status }
        }
        return found
    }

    /// The analysis of one route.
    func analyse(_ route: Route) throws -> Analysis {
        guard let (file, body) = routes[route] else { throw SpecError("no handler for \(route)") }
        var visited: Set<String> = []
        var pending: [(file: String, body: Range<Int>)] = [(file, body)]
        var reached: [(file: String, code: String, original: String)] = []
        while let unit = pending.popLast() {
            let source = sources[unit.file]!
            let text = source.codeText(unit.body)
            reached.append((unit.file, text, String(decoding: source.original[unit.body], as: UTF8.self)))
            let calls = Set(Self.matches(#"\b(\w+)\s*\("#, in: text))
            for function in source.functions where function.name != "init" && calls.contains(function.name) {
                if visited.insert("\(unit.file)#\(function.body.lowerBound)").inserted { pending.append((unit.file, function.body)) }
            }
            for helper in Self.helpers where text.contains(helper.marker) {
                let helperSource = sources[helper.file]!
                let candidates = helperSource.functions.filter { $0.name == helper.name && (helper.signature.map($0.signature.contains) ?? true) }
                guard candidates.count == 1, let function = candidates.first else {
                    throw SpecError("helper \(helper.name) of \(helper.file) is defined \(candidates.count) times; update HandlerStatuses.helpers")
                }
                if visited.insert("\(helper.file)#\(function.body.lowerBound)").inserted { pending.append((helper.file, function.body)) }
            }
        }
        let middleware = sources[Self.middlewareFile]!
        guard let handle = middleware.functions.first(where: { $0.name == "handle" }) else { throw SpecError("\(Self.middlewareFile) has no handle(") }
        reached.append((Self.middlewareFile, middleware.codeText(handle.body), ""))

        var evidence: [Int: [String]] = [:]
        func record(_ status: Int?, _ what: String, _ file: String) throws {
            guard let status else { throw SpecError("\(file): unknown status in '\(what)'; add it to HandlerStatuses") }
            evidence[status, default: []].append("\(file): \(what)")
        }
        for unit in reached {
            for name in Self.matches(#"\bProblem\.(\w+)\("#, in: unit.code) {
                try record(Self.problemFactories[name], "Problem.\(name)(", unit.file)
            }
            for pattern in [#"\bProblem\(\s*\.(\w+)"#, #"APIJSON\.response\(\s*\.(\w+)"#, #"\bResponse\(\s*status:\s*\.(\w+)"#,
                            #"\breturn\s*\(\s*\.(\w+)\s*,"#] {
                for name in Self.matches(pattern, in: unit.code) { try record(Self.statusNames[name], ".\(name)", unit.file) }
            }
        }
        evidence[500] = nil
        let own = reached.filter { $0.file == file }
        return Analysis(statuses: Set(evidence.keys),
                        scopes: Set(own.flatMap { Self.matches(#"require\(scope:\s*"(\w+)"\)"#, in: $0.original) }),
                        usesMutation: own.contains { $0.code.contains("mutation.run(") || $0.code.contains("mutation.runPrepared(") },
                        rejectsUnknownFields: own.contains { $0.code.contains("rejectUnknownFields()") }, evidence: evidence)
    }

    /// The first capture group of every match of `pattern` in `text`.
    static func matches(_ pattern: String, in text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: pattern)
        let ns = text as NSString
        return regex.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { ns.substring(with: $0.range(at: 1)) }
    }
}
