import Foundation
import Hummingbird
import IdosCrypto
import IssuerAPI
import IssuerEngine
import IssuerStore
import Logging
import PostgresURL
import Testing
import TestSupport

/// `openapi.yaml` cannot drift from the server: its operations are the router's routes, each operation's
/// statuses are the ones its handler's code can answer, and its auth, idempotency and request-body rules
/// are the handler's. The live check (bodies and headers against the schemas) is `Tests/api/schemathesis.sh`.
@Suite struct OpenAPIConformanceTests {
    let spec: OpenAPISpec
    let handlers: HandlerStatuses

    init() throws {
        spec = try OpenAPISpec.load()
        handlers = try HandlerStatuses()
    }

    /// The router `idos-issuer serve` runs, built without connecting to anything (routes are listed, never called).
    static func router() throws -> Router<IssuerRequestContext> {
        let logger = Logger(label: "conformance")
        let store = try IssuerStore(url: try DatabaseURL("postgres://conformance@127.0.0.1:1/none?sslmode=disable"), logger: logger)
        let issuance = IssuanceService(store: store, issuerKey: .generate(), encryptionKey: .generate())
        let services = APIServices(store: store, issuance: issuance, pool: NodePool(clients: []), reader: nil, vcKey: .generate(),
                                   configuration: IssuerConfiguration(issuerName: "Conformance", vcIssuer: "https://issuer.example"))
        return IssuerAPI.router(services: services)
    }

    static let operationNames: [String] = (try? OpenAPISpec.load().operations.map(\.description)) ?? []

    // MARK: The document

    @Test func documentIsOpenAPI31AndNotThePlaceholder() {
        #expect(spec.root["openapi"] as? String == "3.1.0")
        #expect(spec.operations.count >= 14)
    }

    /// The real validator (openapi-spec-validator, PyPI) in the git-ignored .venv that
    /// `python3 -m venv .venv && .venv/bin/pip install -r Tests/api/requirements.txt` makes.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: Self.validator),
                   "no .venv/bin/openapi-spec-validator: python3 -m venv .venv && .venv/bin/pip install -r Tests/api/requirements.txt"))
    func documentPassesOpenAPISpecValidator() async throws {
        let result = try await ChildProcess.run(Self.validator, [OpenAPISpec.fileURL.path], timeout: .seconds(120))
        #expect(result.status == 0, "openapi-spec-validator: \(result.stdoutText) \(result.stderr)")
    }

    static var validator: String { TestEnvironment.repositoryRoot.appendingPathComponent(".venv/bin/openapi-spec-validator").path }

    @Test func servedDocumentIsThisFile() throws {
        #expect(OpenAPIDocument.bytes == Array(try Data(contentsOf: OpenAPISpec.fileURL)))
    }

    // MARK: Routes

    @Test func documentedOperationsAreExactlyTheRoutersRoutes() throws {
        let routes = Set(try Self.router().routes.map { "\($0.method.rawValue) \($0.path)" })
        let documented = Set(spec.operations.map(\.description))
        #expect(documented.subtracting(routes).sorted() == [], "documented but not routed")
        #expect(routes.subtracting(documented).sorted() == [], "routed but not documented")
    }

    /// The status analysis reads route registrations from the controllers' sources; they must be the router's.
    @Test func sourceRegistrationsAreTheRoutersRoutes() throws {
        let routes = Set(try Self.router().routes.map { "\($0.method.rawValue) \($0.path)" })
        #expect(Set(handlers.routes.keys.map(\.description)) == routes)
    }

    // MARK: Statuses

    @Test func problemFactoryStatusesAreProblemSwifts() {
        #expect(handlers.problemFactoriesInSource() == HandlerStatuses.problemFactories)
    }

    @Test(arguments: operationNames)
    func documentedStatusesAreExactlyTheHandlers(operation: String) throws {
        let op = try #require(spec.operations.first { $0.description == operation })
        let analysis = try handlers.analyse(.init(method: op.method, path: op.path))
        let undocumented = analysis.statuses.subtracting(op.statuses).sorted()
        let unproduced = op.statuses.subtracting(analysis.statuses).sorted()
        #expect(undocumented == [], "\(operation) can answer \(undocumented) (\(undocumented.map { analysis.evidence[$0] ?? [] })) but openapi.yaml does not list them")
        #expect(unproduced == [], "openapi.yaml lists \(unproduced) for \(operation) but its handler cannot answer them")
    }

    // MARK: Auth, idempotency, bodies, headers

    @Test(arguments: operationNames)
    func publicOperationsAreTheOnesWithoutAScope(operation: String) throws {
        let op = try #require(spec.operations.first { $0.description == operation })
        let analysis = try handlers.analyse(.init(method: op.method, path: op.path))
        #expect(op.isPublic == analysis.scopes.isEmpty, "security: [] must mark exactly the routes that ask for no scope")
        #expect(analysis.scopes.count <= 1)
        for scope in analysis.scopes { #expect(op.summary.contains("(scope `\(scope)`)"), "the summary names the scope") }
    }

    @Test(arguments: operationNames)
    func mutationsTakeAnIdempotencyKey(operation: String) throws {
        let op = try #require(spec.operations.first { $0.description == operation })
        let analysis = try handlers.analyse(.init(method: op.method, path: op.path))
        let takesKey = op.parameterRefs.contains("#/components/parameters/IdempotencyKey")
        #expect(takesKey == ["POST", "PUT", "PATCH"].contains(op.method))
        #expect(analysis.usesMutation == takesKey, "Idempotency-Key is documented exactly where Mutation.run handles it")
        for (status, headers) in op.responseHeaders where (200..<300).contains(status) {
            #expect(headers.contains("Idempotent-Replayed") == takesKey, "\(status): Idempotent-Replayed")
        }
    }

    @Test(arguments: operationNames)
    func requestBodiesRejectUnknownFieldsWhereTheHandlerDoes(operation: String) throws {
        let op = try #require(spec.operations.first { $0.description == operation })
        let analysis = try handlers.analyse(.init(method: op.method, path: op.path))
        #expect((op.requestSchema != nil) == analysis.rejectsUnknownFields, "a request body is documented exactly where the handler reads one")
        if let schema = op.requestSchema {
            #expect(schema["additionalProperties"] as? Bool == false)
        }
    }

    @Test(arguments: operationNames)
    func everyResponseCarriesTheRequestIdAndEachLimitItsRetryAfter(operation: String) throws {
        let op = try #require(spec.operations.first { $0.description == operation })
        #expect(op.parameterRefs.contains("#/components/parameters/RequestId"))
        for (status, headers) in op.responseHeaders {
            #expect(headers.contains("X-Request-Id"), "\(status) lacks X-Request-Id")
            if status == 429 || status == 503 { #expect(headers.contains("Retry-After"), "\(status) lacks Retry-After") }
            if status == 401 { #expect(headers.contains("WWW-Authenticate")) }
        }
    }
}
