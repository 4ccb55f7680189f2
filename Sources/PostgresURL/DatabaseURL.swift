import Foundation
public import PostgresNIO
internal import NIOSSL

/// A parsed `postgres://user:password@host:port/database?sslmode=…` URL, and the PostgresNIO client
/// configuration it stands for. The one parser of database URLs: the issuer store, the devnode and the tests
/// use it.
public struct DatabaseURL: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    /// `sslmode=require` or `verify-full`: connect with TLS or fail.
    public var requireTLS: Bool

    /// Parses a URL; the error message never contains the password.
    public init(_ text: String) throws(DatabaseURLError) {
        guard let components = URLComponents(string: text), components.scheme == "postgres" || components.scheme == "postgresql",
              let host = components.host, !host.isEmpty else {
            throw DatabaseURLError(message: "database URL must look like postgres://user@host:port/db, got '\(Self.redacted(text))'")
        }
        if let port = components.port, !(1...65535).contains(port) {
            throw DatabaseURLError(message: "database URL port \(port) is out of range")
        }
        self.host = host
        self.port = components.port ?? 5432
        self.user = components.user.flatMap { $0.removingPercentEncoding } ?? "postgres"
        self.password = components.password.flatMap { $0.removingPercentEncoding }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        self.database = path.isEmpty ? self.user : path
        let sslmode = components.queryItems?.first { $0.name == "sslmode" }?.value
        self.requireTLS = sslmode == "require" || sslmode == "verify-full"
    }

    /// A client configuration for this URL. `searchPath` sets the connection's `search_path` at startup, so
    /// unqualified table names resolve in that schema.
    public func clientConfiguration(searchPath: String? = nil, maximumConnections: Int = 20) throws -> PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: user, password: password, database: database,
            tls: requireTLS ? .require(.makeClientConfiguration()) : .disable)
        if let searchPath { configuration.options.additionalStartupParameters = [("search_path", searchPath)] }
        configuration.options.maximumConnections = maximumConnections
        return configuration
    }

    /// A single-connection configuration (LISTEN, session advisory locks).
    public func connectionConfiguration(searchPath: String? = nil) throws -> PostgresConnection.Configuration {
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password, database: database,
            tls: requireTLS ? .require(try NIOSSLContext(configuration: .makeClientConfiguration())) : .disable)
        if let searchPath { configuration.options.additionalStartupParameters = [("search_path", searchPath)] }
        return configuration
    }

    /// The URL without its password, for messages and logs.
    public static func redacted(_ text: String) -> String {
        guard var components = URLComponents(string: text), components.password != nil else { return text }
        components.password = "***"
        return components.string ?? "<unparseable URL>"
    }
}

/// A database URL that cannot be used; the message is safe to print (no password).
public struct DatabaseURLError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
