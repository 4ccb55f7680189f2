import Foundation

/// A parsed `postgres://` URL.
struct DatabaseURL: Sendable {
    var host: String
    var port: Int
    var user: String
    var password: String?
    var database: String
    var requireTLS: Bool

    init(_ text: String) throws {
        guard let components = URLComponents(string: text), components.scheme == "postgres" || components.scheme == "postgresql",
              let host = components.host, !host.isEmpty else {
            throw DevNodeError.invalidConfiguration("database URL must look like postgres://user@host:port/db, got '\(Self.redacted(text))'")
        }
        self.host = host
        self.port = components.port ?? 5432
        self.user = components.user ?? "postgres"
        self.password = components.password
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        self.database = path.isEmpty ? self.user : path
        let sslmode = components.queryItems?.first { $0.name == "sslmode" }?.value
        self.requireTLS = sslmode == "require" || sslmode == "verify-full"
    }

    /// The URL without its password, for messages.
    static func redacted(_ text: String) -> String {
        guard var components = URLComponents(string: text), components.password != nil else { return text }
        components.password = "***"
        return components.string ?? "<unparseable URL>"
    }
}
