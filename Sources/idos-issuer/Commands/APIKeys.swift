import ArgumentParser
import Foundation
import IssuerAPI
import IssuerStore

extension IssuerCommand {
    /// `api-keys`: create, list and revoke KYC providers' API keys.
    struct APIKeys: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "api-keys", abstract: "Create, list and revoke API keys.",
                                                        subcommands: [Create.self, List.self, Revoke.self])
    }
}

extension IssuerCommand.APIKeys {
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an API key for a provider; prints the key once, as the last line.",
            discussion: "Only the key's SHA-256 is stored: keep the printed key, it cannot be shown again.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "The provider's name (created if new).") var name: String
        @Option(help: "Comma-separated scopes: issue, read, admin.") var scopes: String

        func validate() throws {
            guard !name.trimmingCharacters(in: .whitespaces).isEmpty, name.count <= 200 else { throw ValidationError("--name must be 1–200 characters") }
            let list = scopes.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard !list.isEmpty, list.allSatisfy(APIKey.scopes.contains) else {
                throw ValidationError("--scopes must be a comma-separated list of issue, read, admin; got '\(scopes)'")
            }
        }

        func run() async throws {
            try await reportingFailures {
                let list = Array(Set(scopes.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })).sorted()
                let created = try await database.withStore(logger: CommandLogging.logger("idos-issuer.api-keys", level: "warning")) { store in
                    try await store.withTransaction { session in try await APIKey.create(providerName: name, scopes: list, in: session) }
                }
                StandardStreams.writeError("created key \(created.id.uuidString.lowercased()) for \(name) with scopes \(list.joined(separator: ","))\n")
                StandardStreams.write(created.key + "\n")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List API keys (never the secrets).")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await reportingFailures {
                let keys = try await database.withStore(logger: CommandLogging.logger("idos-issuer.api-keys", level: "warning")) {
                    try await $0.session.apiKeys()
                }
                let rows = keys.map { [$0.id.uuidString.lowercased(), $0.providerName, "idos_\($0.prefix)_…", $0.scopes.joined(separator: ","),
                                       JobView.format($0.createdAt), $0.revokedAt.map(JobView.format) ?? "live", $0.lastUsedAt.map(JobView.format) ?? "-"] }
                if output.json {
                    let objects = keys.map { KeyView(id: $0.id.uuidString.lowercased(), provider: $0.providerName, prefix: $0.prefix, scopes: $0.scopes,
                                                     createdAt: JobView.format($0.createdAt), revokedAt: $0.revokedAt.map(JobView.format),
                                                     lastUsedAt: $0.lastUsedAt.map(JobView.format)) }
                    StandardStreams.write(try JSONOutput.line(objects))
                } else {
                    StandardStreams.write(TableOutput.render(header: ["ID", "PROVIDER", "KEY", "SCOPES", "CREATED", "REVOKED", "LAST USED"], rows: rows))
                }
            }
        }

        struct KeyView: Encodable { var id, provider, prefix: String; var scopes: [String]; var createdAt: String; var revokedAt, lastUsedAt: String? }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke an API key by id or prefix (exit 1 if no live key matches).")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The key's id or its 16-hex-digit prefix.") var key: String

        func run() async throws {
            try await reportingFailures {
                let revoked = try await database.withStore(logger: CommandLogging.logger("idos-issuer.api-keys", level: "warning")) {
                    try await $0.session.revokeAPIKey(idOrPrefix: key)
                }
                guard revoked else { throw CLIFailure.rejected("no live key \(key)") }
                StandardStreams.write("revoked \(key)\n")
            }
        }
    }
}
