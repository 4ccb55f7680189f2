import Configuration
import Foundation
import IdosCrypto
import IssuerAPI
import IssuerEngine
import KwilKit
import PostgresURL
import SystemPackage

/// The settings of `serve`, read through swift-configuration from the environment (`ISSUER_*`) and, with
/// `--config FILE`, a JSON file whose keys are the same names in lower case, dotted (`{"issuer": {"name": …}}`);
/// the environment wins. Secrets are read from files named here, never from the environment itself.
struct ServiceSettings: Sendable {
    var api: IssuerConfiguration
    var databaseURL: DatabaseURL
    var schema: String
    var nodeURLs: [String]
    var signers: [Ed25519Signer]
    /// The VC signing keys by version N (`<vcIssuer>/keys/N`); the highest signs new credentials.
    var vcKeys: [Int: Ed25519.PrivateKey]
    var issuerKey: Ed25519.PrivateKey
    var encryptionKey: SealedBox.KeyPair
    var chainID: String?
    /// `ISSUER_METRICS_LISTEN`: serve `/metrics` on its own listener instead of the API's.
    var metricsListen: (host: String, port: Int)?
    /// `ISSUER_JOB_MAX_ATTEMPTS`: attempts of each node-writing job before it is a dead letter.
    var jobMaxAttempts = 25
    /// `ISSUER_WEBHOOK_ALLOW_PRIVATE`: webhooks may point at private, loopback, link-local… addresses.
    var webhookAllowPrivate = false

    /// Every setting with its variable, default and meaning (printed by `serve --help-settings`).
    static let documentation = """
        ISSUER_DATABASE_URL          (required) postgres://user[:password]@host:port/db[?sslmode=require]
        ISSUER_DATABASE_SCHEMA       schema of the issuer's tables (default public)
        ISSUER_NODE_URLS             (required) idOS node base URLs, comma-separated
        ISSUER_SIGNING_KEY_FILES     (required) delegate key files, comma-separated (hex 32-byte seed or 64-byte secret)
        ISSUER_ENCRYPTION_KEY_FILE   (required) the issuer's X25519 secret (hex or base64): credential copies are sealed to it
        ISSUER_VC_KEY_FILE           VC signing key file, <url>/keys/1 (default: the first signing key)
        ISSUER_VC_KEY_FILES          VC signing key files, comma-separated: the Nth is <url>/keys/N, the last signs new
                                     credentials, the others stay published until a rotation campaign retires them;
                                     write - for a key whose file is gone (overrides ISSUER_VC_KEY_FILE)
        ISSUER_KEY_PASSPHRASE_FILE   the passphrase (first line) of key files sealed by `keys generate --passphrase-file`
        ISSUER_LISTEN                host:port of the API (default 127.0.0.1:8080)
        ISSUER_METRICS_LISTEN        host:port of a separate /metrics listener (default: /metrics on the API listener)
        ISSUER_VC_ISSUER             (required) the VC issuer base URL (credentials name <url>/issuers/1, keys <url>/keys/N)
        ISSUER_NAME                  (required) the issuer's name, shown in every wallet challenge
        ISSUER_CHAIN_ID              the chain id (default: asked from the node)
        ISSUER_MAX_BODY_BYTES        request body limit (default 1048576)
        ISSUER_RATE_LIMIT_PER_SECOND requests per second per provider (default 50)
        ISSUER_RATE_LIMIT_BURST      burst per provider (default 200)
        ISSUER_IDEMPOTENCY_RETENTION_DAYS  how long Idempotency-Key answers are kept (default 30)
        ISSUER_CHALLENGE_TTL_SECONDS wallet challenge lifetime (default 600)
        ISSUER_WRITE_GRANT_VALIDITY_SECONDS default write grant validity (default 86400)
        ISSUER_NEAR_RPC_URL          NEAR RPC to check named accounts' keys (default none: such proofs are refused)
        ISSUER_JOB_MAX_ATTEMPTS      attempts of each node-writing job before it becomes a dead letter (default 25)
        ISSUER_WEBHOOK_ALLOW_PRIVATE 1 lets webhooks point at private, loopback, link-local, unique-local, CGNAT or
                                     unspecified addresses (development; default 0: refused at registration and delivery)
        ISSUER_LOG_LEVEL             trace, debug, info, notice, warning, error (default info)
        """

    static func load(configFile: String?) async throws -> ServiceSettings {
        var providers: [any ConfigProvider] = [EnvironmentVariablesProvider()]
        if let configFile {
            do { providers.append(try await FileProvider<JSONSnapshot>(filePath: FilePath(configFile))) } catch {
                throw CLIFailure.malformed("--config \(configFile): \(error)")
            }
        }
        let config = ConfigReader(providers: providers)
        func required(_ key: String, _ variable: String) throws -> String {
            guard let value = config.string(forKey: ConfigKey(key), isSecret: false), !value.isEmpty else {
                throw CLIFailure.malformed("\(variable) is required (see `idos-issuer serve --help`)")
            }
            return value
        }
        func list(_ text: String) -> [String] { text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }

        let database: DatabaseURL
        do { database = try DatabaseURL(try required("issuer.database.url", "ISSUER_DATABASE_URL")) } catch let e as DatabaseURLError {
            throw CLIFailure.malformed("ISSUER_DATABASE_URL: \(e)")
        }
        let nodeURLs = list(try required("issuer.node.urls", "ISSUER_NODE_URLS")).map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        for url in nodeURLs {
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil else {
                throw CLIFailure.malformed("ISSUER_NODE_URLS: '\(url)' must be http(s)://host[:port]")
            }
        }
        let signerFiles = list(try required("issuer.signing.key.files", "ISSUER_SIGNING_KEY_FILES"))
        let signers: [Ed25519Signer]
        do { signers = try signerFiles.map(SigningKeyFile.load) } catch { throw CLIFailure.malformed("ISSUER_SIGNING_KEY_FILES: \(error)") }
        let issuerKey = try privateKey(signerFiles[0], variable: "ISSUER_SIGNING_KEY_FILES")
        let vcKeys = try vcKeyFiles(files: config.string(forKey: "issuer.vc.key.files"), file: config.string(forKey: "issuer.vc.key.file"),
                                    fallback: issuerKey)
        let encryptionKey = try encryptionKeyPair(try required("issuer.encryption.key.file", "ISSUER_ENCRYPTION_KEY_FILE"))
        let vcIssuer = try required("issuer.vc.issuer", "ISSUER_VC_ISSUER")
        guard let vcURL = URL(string: vcIssuer), ["http", "https"].contains(vcURL.scheme ?? ""), vcURL.host != nil else {
            throw CLIFailure.malformed("ISSUER_VC_ISSUER must be an http(s) URL, got '\(vcIssuer)'")
        }
        var api = IssuerConfiguration(issuerName: try required("issuer.name", "ISSUER_NAME"), vcIssuer: vcIssuer)
        let listen = try hostPort(config.string(forKey: "issuer.listen", default: "127.0.0.1:8080"), variable: "ISSUER_LISTEN")
        api.http.host = listen.host
        api.http.port = listen.port
        let metricsListen = try config.string(forKey: "issuer.metrics.listen").flatMap { $0.isEmpty ? nil : $0 }
            .map { try hostPort($0, variable: "ISSUER_METRICS_LISTEN") }
        api.http.maxBodyBytes = config.int(forKey: "issuer.max.body.bytes", default: 1 << 20)
        api.limits.rateLimit = RateLimit(perSecond: config.double(forKey: "issuer.rate.limit.per.second", default: 50),
                                         burst: config.double(forKey: "issuer.rate.limit.burst", default: 200))
        api.limits.idempotencyRetentionDays = config.double(forKey: "issuer.idempotency.retention.days", default: 30)
        api.limits.challengeTTL = config.double(forKey: "issuer.challenge.ttl.seconds", default: 600)
        api.limits.writeGrantValidity = config.double(forKey: "issuer.write.grant.validity.seconds", default: 86_400)
        api.nearRPCURL = config.string(forKey: "issuer.near.rpc.url")
        let maxAttempts = config.int(forKey: "issuer.job.max.attempts", default: 25)
        guard (1...1000).contains(maxAttempts) else { throw CLIFailure.malformed("ISSUER_JOB_MAX_ATTEMPTS must be 1…1000, got \(maxAttempts)") }
        guard api.http.maxBodyBytes > 0, api.limits.rateLimit.perSecond > 0, api.limits.rateLimit.burst >= 1 else {
            throw CLIFailure.malformed("ISSUER_MAX_BODY_BYTES and the rate limits must be positive")
        }
        return ServiceSettings(api: api, databaseURL: database, schema: config.string(forKey: "issuer.database.schema", default: "public"),
                               nodeURLs: nodeURLs, signers: signers, vcKeys: vcKeys, issuerKey: issuerKey, encryptionKey: encryptionKey,
                               chainID: config.string(forKey: "issuer.chain.id"), metricsListen: metricsListen, jobMaxAttempts: maxAttempts,
                               webhookAllowPrivate: try flag(config.string(forKey: "issuer.webhook.allow.private"), variable: "ISSUER_WEBHOOK_ALLOW_PRIVATE"))
    }

    /// The VC keys of `ISSUER_VC_KEY_FILES` (the Nth file is version N; `-` skips a version), else
    /// `ISSUER_VC_KEY_FILE` as version 1, else `fallback` as version 1.
    static func vcKeyFiles(files: String?, file: String?, fallback: Ed25519.PrivateKey) throws -> [Int: Ed25519.PrivateKey] {
        if let files, !files.trimmingCharacters(in: .whitespaces).isEmpty {
            var keys: [Int: Ed25519.PrivateKey] = [:]
            for (index, path) in files.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
                let path = path.trimmingCharacters(in: .whitespaces)
                if path == "-" { continue }
                guard !path.isEmpty else { throw CLIFailure.malformed("ISSUER_VC_KEY_FILES: entry \(index + 1) is empty (write - for a gone key)") }
                keys[index + 1] = try privateKey(path, variable: "ISSUER_VC_KEY_FILES")
            }
            guard !keys.isEmpty else { throw CLIFailure.malformed("ISSUER_VC_KEY_FILES names no key file") }
            let publics = keys.values.map(\.publicKey)
            guard Set(publics.map { $0.description }).count == publics.count else {
                throw CLIFailure.malformed("ISSUER_VC_KEY_FILES: the same key is listed twice (each version needs its own key)")
            }
            return keys
        }
        if let file, !file.isEmpty { return [1: try privateKey(file, variable: "ISSUER_VC_KEY_FILE")] }
        return [1: fallback]
    }

    /// What a `worker` needs to run re-issuance campaigns, from the environment (`ISSUER_VC_ISSUER`,
    /// `ISSUER_ENCRYPTION_KEY_FILE`, the VC key files): nil when the first two are not set (such a worker leaves
    /// campaigns to others).
    static func campaignKeysFromEnvironment(issuerKey: Ed25519.PrivateKey) throws -> (vcIssuer: String, vcKeys: [Int: Ed25519.PrivateKey],
                                                                                       encryptionKey: SealedBox.KeyPair)? {
        let env = ProcessInfo.processInfo.environment
        guard let vcIssuer = env["ISSUER_VC_ISSUER"], !vcIssuer.isEmpty, let encryption = env["ISSUER_ENCRYPTION_KEY_FILE"], !encryption.isEmpty
        else { return nil }
        return (vcIssuer, try vcKeyFiles(files: env["ISSUER_VC_KEY_FILES"], file: env["ISSUER_VC_KEY_FILE"], fallback: issuerKey),
                try encryptionKeyPair(encryption))
    }

    /// `ISSUER_JOB_MAX_ATTEMPTS` from the environment alone (default 25).
    static func jobMaxAttemptsFromEnvironment() throws -> Int {
        guard let text = ProcessInfo.processInfo.environment["ISSUER_JOB_MAX_ATTEMPTS"], !text.isEmpty else { return 25 }
        guard let n = Int(text), (1...1000).contains(n) else { throw CLIFailure.malformed("ISSUER_JOB_MAX_ATTEMPTS must be 1…1000, got \(text)") }
        return n
    }

    /// `ISSUER_WEBHOOK_ALLOW_PRIVATE` from the environment alone (`worker`, which reads no settings file).
    static func webhookAllowPrivateFromEnvironment() throws -> Bool {
        try flag(ProcessInfo.processInfo.environment["ISSUER_WEBHOOK_ALLOW_PRIVATE"], variable: "ISSUER_WEBHOOK_ALLOW_PRIVATE")
    }

    /// A yes/no setting: 1, true, yes or 0, false, no (any case); unset or empty is no.
    static func flag(_ text: String?, variable: String) throws -> Bool {
        switch text?.trimmingCharacters(in: .whitespaces).lowercased() ?? "" {
        case "", "0", "false", "no": return false
        case "1", "true", "yes": return true
        default: throw CLIFailure.malformed("\(variable) must be 1 or 0, got '\(text ?? "")'")
        }
    }

    /// `host:port` (the host may be empty or bracketed IPv6; the port 0…65535).
    static func hostPort(_ text: String, variable: String) throws -> (host: String, port: Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            throw CLIFailure.malformed("\(variable) must be host:port, got '\(text)'")
        }
        return (String(text[..<colon]), port)
    }

    /// The key text (opened with the passphrase of ISSUER_KEY_PASSPHRASE_FILE when the file is sealed).
    private static func keyText(_ path: String, variable: String) throws -> String {
        do { return try KeyFileText.read(path, passphrase: try KeyFileText.environmentPassphrase()) } catch {
            throw CLIFailure.malformed("\(variable): \(error)")
        }
    }

    static func privateKey(_ path: String, variable: String) throws -> Ed25519.PrivateKey {
        do { return try Ed25519.PrivateKey(try Hex.decode(try keyText(path, variable: variable))) } catch let e as CLIFailure { throw e } catch {
            throw CLIFailure.malformed("\(variable): key file \(path) is not a hex Ed25519 seed or secret")
        }
    }

    static func encryptionKeyPair(_ path: String) throws -> SealedBox.KeyPair {
        let text = try keyText(path, variable: "ISSUER_ENCRYPTION_KEY_FILE")
        let bytes = (try? Hex.decode(text)) ?? (try? Base64.decode(text))
        guard let bytes, bytes.count == 32, let pair = try? SealedBox.KeyPair(secretKey: bytes) else {
            throw CLIFailure.malformed("ISSUER_ENCRYPTION_KEY_FILE: key file \(path) must hold a 32-byte X25519 secret in hex or base64")
        }
        return pair
    }
}
