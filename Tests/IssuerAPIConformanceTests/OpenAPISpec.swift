import Foundation
import TestSupport
import Yams

/// The parts of `openapi.yaml` the conformance tests compare with the server: each operation's method,
/// path, response statuses, parameters, security and request body schema.
struct OpenAPISpec {
    struct Operation: CustomStringConvertible, Sendable {
        var method: String
        var path: String
        var statuses: Set<Int>
        /// `security: []`: the operation needs no API key.
        var isPublic: Bool
        /// `$ref`s and names of the operation's parameters (`#/components/parameters/IdempotencyKey`).
        var parameterRefs: [String]
        /// The request body schema, with `$ref`s resolved one level (nil without a body).
        var requestSchema: [String: any Sendable]?
        var summary: String
        /// Header names declared on each response, by status.
        var responseHeaders: [Int: Set<String>]

        var description: String { "\(method) \(path)" }
    }

    let root: [String: Any]
    let operations: [Operation]

    static let methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"]

    /// The document in this repository (`Sources/IssuerAPI/Resources/openapi.yaml`).
    static var fileURL: URL {
        SourceTree.root.appendingPathComponent("Sources/IssuerAPI/Resources/openapi.yaml")
    }

    static func load() throws -> OpenAPISpec {
        try OpenAPISpec(yaml: String(decoding: try Data(contentsOf: fileURL), as: UTF8.self))
    }

    init(yaml: String) throws {
        guard let root = try Yams.load(yaml: yaml) as? [String: Any] else { throw SpecError("the document is not a YAML mapping") }
        self.root = root
        let paths = root["paths"] as? [String: Any] ?? [:]
        var operations: [Operation] = []
        for (path, item) in paths {
            guard let item = item as? [String: Any] else { throw SpecError("path \(path) is not a mapping") }
            for method in Self.methods {
                guard let op = item[method] as? [String: Any] else { continue }
                let responses = op["responses"] as? [String: Any] ?? [:]
                var statuses: Set<Int> = []
                var headers: [Int: Set<String>] = [:]
                for (code, response) in responses {
                    guard let status = Int(code) else { throw SpecError("\(method.uppercased()) \(path): response '\(code)' is not a status code") }
                    statuses.insert(status)
                    let resolved = try Self.resolve(response, in: root)
                    headers[status] = Set((resolved["headers"] as? [String: Any] ?? [:]).keys)
                }
                let parameters = (op["parameters"] as? [Any] ?? []).compactMap { p -> String? in
                    guard let p = p as? [String: Any] else { return nil }
                    return (p["$ref"] as? String) ?? (p["name"] as? String)
                }
                var requestSchema: [String: any Sendable]?
                if let body = op["requestBody"] as? [String: Any], let content = body["content"] as? [String: Any],
                   let json = content["application/json"] as? [String: Any], let schema = json["schema"] {
                    requestSchema = Self.sendable(try Self.resolve(schema, in: root))
                }
                let security = op["security"] as? [Any]
                operations.append(Operation(method: method.uppercased(), path: path, statuses: statuses, isPublic: security?.isEmpty == true,
                                            parameterRefs: parameters, requestSchema: requestSchema, summary: op["summary"] as? String ?? "",
                                            responseHeaders: headers))
            }
        }
        self.operations = operations.sorted { ($0.path, $0.method) < ($1.path, $1.method) }
    }

    /// `value`, or the component its `$ref` names (`#/components/...` only).
    static func resolve(_ value: Any, in root: [String: Any]) throws -> [String: Any] {
        guard let object = value as? [String: Any] else { throw SpecError("expected a mapping, got \(value)") }
        guard let ref = object["$ref"] as? String else { return object }
        guard ref.hasPrefix("#/") else { throw SpecError("only local $refs are used, got \(ref)") }
        var node: Any = root
        for part in ref.dropFirst(2).split(separator: "/") {
            guard let next = (node as? [String: Any])?[String(part)] else { throw SpecError("$ref \(ref) names nothing") }
            node = next
        }
        return try resolve(node, in: root)
    }

    /// A JSON-like tree as Sendable values (strings, numbers, booleans, arrays, mappings).
    static func sendable(_ object: [String: Any]) -> [String: any Sendable] {
        object.mapValues(sendableValue)
    }

    private static func sendableValue(_ value: Any) -> any Sendable {
        switch value {
        case let object as [String: Any]: sendable(object)
        case let array as [Any]: array.map(sendableValue)
        case let string as String: string
        case let int as Int: int
        case let double as Double: double
        case let bool as Bool: bool
        default: String(describing: value)
        }
    }
}

struct SpecError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The IssuerAPI module's sources in this repository.
enum SourceTree {
    static var root: URL { TestEnvironment.repositoryRoot }

    static var issuerAPI: URL { root.appendingPathComponent("Sources/IssuerAPI") }

    static func text(_ relativePath: String) throws -> String {
        String(decoding: try Data(contentsOf: issuerAPI.appendingPathComponent(relativePath)), as: UTF8.self)
    }
}
