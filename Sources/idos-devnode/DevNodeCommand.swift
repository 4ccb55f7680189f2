import ArgumentParser
import Foundation
import IdosDevNode
import Logging

/// `idos-devnode`: a local idOS node for development and tests. All the work is in `IdosDevNode`.
@main
struct DevNodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "idos-devnode",
        abstract: "A local idOS node: Kwil 0.10 JSON-RPC, the idOS schema's actions, state in PostgreSQL, fault injection.",
        discussion: """
            Serves POST /rpc/v1 (user.* and kgw.* methods), GET/POST /devnode/faults and GET /devnode/stats. \
            Committed state and account nonces live in the PostgreSQL schema and survive restarts; the mempool does not.
            Fault JSON keys: error_rate, timeout_rate, timeout_ms, latency_ms (a number, or {"fixed": ms, "jitter": ms}), \
            latency_jitter_ms, drop_after_commit_rate, reject_nonce_rate, pause; delays up to 3600000 ms.
            """
    )

    @Option(help: ArgumentHelp("Address to listen on (an empty host means 127.0.0.1); port 0 picks a free port (printed at start).",
                               valueName: "host:port"))
    var listen: String = "127.0.0.1:8484"

    @Option(name: .customLong("public-url"),
            help: ArgumentHelp("The base URL clients reach the node at, named in KGW sign-ins (domain and uri); default http(s)://<listen host:port>.",
                               valueName: "url"))
    var publicURL: String?

    @Option(name: .customLong("database-url"), help: ArgumentHelp("PostgreSQL URL, e.g. postgres://postgres@127.0.0.1:5432/idos?sslmode=disable.", valueName: "url"))
    var databaseURL: String

    @Option(help: ArgumentHelp("PostgreSQL schema holding the node's state (created on start).", valueName: "name"))
    var schema: String = "idos_devnode"

    @Option(name: .customLong("chain-id"), help: "Chain id; transactions must carry it.")
    var chainId: String = "idos-devnode"

    @Flag(help: "Serve identified user.call requests without a KGW session cookie.")
    var open = false

    @Flag(name: .customLong("private"),
          help: "Kwil private RPC mode: health says mode \"private\" and identified user.call requests must be signed over a user.challenge.")
    var privateMode = false

    @Option(name: .customLong("delegate"),
            help: ArgumentHelp("Register an inserter and an ed25519 delegate key at start (idempotent; repeatable).",
                               valueName: "inserter-name:ed25519-pubkey-hex"))
    var delegates: [String] = []

    @Option(help: ArgumentHelp("The database owner identity (EIP-55 0x address or lower-case ed25519 hex) allowed to run OWNER actions.",
                               valueName: "identifier"))
    var owner: String?

    @Option(name: .customLong("block-interval"), help: ArgumentHelp("Milliseconds between blocks.", valueName: "ms"))
    var blockInterval: Int = 500

    @Option(name: .customLong("tls-cert"), help: ArgumentHelp("PEM certificate chain; serve HTTPS (needs --tls-key).", valueName: "file"))
    var tlsCert: String?

    @Option(name: .customLong("tls-key"), help: ArgumentHelp("PEM private key for --tls-cert.", valueName: "file"))
    var tlsKey: String?

    @Option(help: ArgumentHelp("Faults at start, as JSON (same keys as POST /devnode/faults).", valueName: "json"))
    var faults: String?

    @Option(name: .customLong("mempool-max-txs"), help: ArgumentHelp("Mempool capacity; a full mempool refuses broadcasts with TxCode 11.", valueName: "n"))
    var mempoolMaxTxs: Int = DevNodeLimits().mempoolMaxTxs

    @Option(name: .customLong("sync-timeout"),
            help: ArgumentHelp("Seconds a sync=1 broadcast waits for its block before answering TxCode 10 (commit timeout).", valueName: "s"))
    var syncTimeout: Int = Int(DevNodeLimits().syncBroadcastTimeout.components.seconds)

    @Option(name: .customLong("idle-timeout"), help: ArgumentHelp("Seconds an idle HTTP connection is kept open.", valueName: "s"))
    var idleTimeout: Int = Int(DevNodeLimits().httpIdleTimeout.components.seconds)

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    func validate() throws {
        guard parseListen() != nil else { throw ValidationError("--listen must be HOST:PORT, got '\(listen)'.") }
        guard blockInterval > 0 else { throw ValidationError("--block-interval must be a positive number of milliseconds.") }
        guard !chainId.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--chain-id must not be empty.") }
        for (name, value) in [("--mempool-max-txs", mempoolMaxTxs), ("--sync-timeout", syncTimeout), ("--idle-timeout", idleTimeout)] where value <= 0 {
            throw ValidationError("\(name) must be positive, got \(value).")
        }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level: unknown level '\(logLevel)'.") }
        for delegate in delegates where !delegate.contains(":") {
            throw ValidationError("--delegate must be INSERTER_NAME:ED25519_PUBKEY_HEX, got '\(delegate)'.")
        }
        do { try makeConfiguration().validate() } catch { throw ValidationError("\(error)") }
    }

    func parseListen() -> (String, Int)? {
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]), (0...65535).contains(port) else { return nil }
        let host = String(listen[..<colon])
        return (host.isEmpty ? "127.0.0.1" : host, port)
    }

    func makeConfiguration() throws -> DevNodeConfiguration {
        var configuration = DevNodeConfiguration(databaseURL: databaseURL)
        if let (host, port) = parseListen() { configuration.host = host; configuration.port = port }
        configuration.schema = schema
        configuration.chainId = chainId
        configuration.open = open
        configuration.privateMode = privateMode
        configuration.publicURL = publicURL
        configuration.limits.mempoolMaxTxs = mempoolMaxTxs
        configuration.limits.syncBroadcastTimeout = .seconds(syncTimeout)
        configuration.limits.httpIdleTimeout = .seconds(idleTimeout)
        configuration.delegates = delegates.map { entry in
            let colon = entry.lastIndex(of: ":") ?? entry.endIndex
            let key = colon < entry.endIndex ? String(entry[entry.index(after: colon)...]) : ""
            return (inserterName: String(entry[..<colon]), publicKeyHex: key.lowercased())
        }
        configuration.owner = owner
        configuration.blockInterval = .milliseconds(blockInterval)
        configuration.tlsCertificatePath = tlsCert
        configuration.tlsKeyPath = tlsKey
        if let faults {
            configuration.faults = try JSONDecoder().decode(FaultSettings.self, from: Data(faults.utf8))
        }
        return configuration
    }

    func run() async throws {
        var logger = Logger(label: "idos-devnode")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let configuration = try makeConfiguration()
        let node = try DevNode(configuration: configuration, logger: logger)
        let scheme = configuration.tlsCertificatePath == nil ? "http" : "https"
        try await node.run { port in
            let line = "idos-devnode listening on \(scheme)://\(configuration.host):\(port) chain_id=\(configuration.chainId)\n"
            FileHandle.standardOutput.write(Data(line.utf8))
        }
    }
}
