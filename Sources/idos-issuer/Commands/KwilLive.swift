import ArgumentParser
import CurlTransport
import Foundation
import IdosCrypto
import KwilKit

/// Options shared by the commands that talk to a live node.
struct NodeOptions: ParsableArguments {
    @Option(help: "Node base URL, e.g. http://127.0.0.1:8484 (the JSON-RPC endpoint is <URL>/rpc/v1).") var node: String
    @Option(name: .customLong("extra-ca-file"), help: "A PEM CA file to trust in addition to the system bundle (private node over TLS).")
    var extraCAFile: String?
    @Option(help: "Total timeout of each request, in seconds.") var timeout: Double = 30

    /// A client over libcurl for `--node`.
    func client() throws -> KwilClient {
        guard let url = URL(string: node), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
            throw CLIFailure.malformed("--node must be an http(s) URL, got '\(node)'")
        }
        guard timeout > 0 else { throw CLIFailure.malformed("--timeout must be positive") }
        var configuration = CurlTransport.Configuration()
        configuration.workers = 1
        configuration.extraCAFile = extraCAFile
        do {
            let base = node.hasSuffix("/") ? String(node.dropLast()) : node
            return KwilClient(baseURL: base, transport: try CurlTransport(configuration: configuration), timeout: timeout)
        } catch { throw CLIFailure.malformed("--extra-ca-file: \(error)") }
    }
}

/// `--action`, `--namespace` and `--arg` of a live call or execution.
struct ActionOptions: ParsableArguments {
    @Option(help: "Action name.") var action: String
    @Option(help: "Namespace.") var namespace = "main"
    @Option(help: "Argument TYPE:VALUE (text|int8|bool|uuid|bytea(base64)|numeric), or null:TYPE.") var arg: [String] = []

    func arguments() throws -> [KwilValue] { try arg.map(parseKwilArgument) }
}

/// Maps what a node or the network answered to the CLI's exit codes: a node's refusal or a failed tx is 1,
/// an unreachable node too (with the reason); malformed local input was already 2.
func cliFailure(_ error: KwilError) -> CLIFailure {
    switch error {
    case .malformedEncoding, .invalidValue, .invalidKey: .malformed("\(error)")
    default: .rejected("\(error)")
    }
}

extension IssuerCommand.Kwil {
    /// `kwil call`: a view action on a live node; prints the rows as JSON.
    struct Call: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Call a view action on a live node and print its rows.",
            discussion: """
            Prints {"columns":[…],"types":[…],"rows":[{column: value}…]}: int8 as a JSON number, uuid/numeric as \
            strings, bytea as base64, NULL as null. With --key-file/--key-type the call is identified (@caller): the \
            CLI signs in through the node's KGW gateway first. Exit 1 when the node refuses (its message on stderr).
            """)

        @OptionGroup var nodeOptions: NodeOptions
        @OptionGroup var actionOptions: ActionOptions
        @Option(name: .customLong("key-file"), help: "Identify as this key (hex; see sign-tx).") var keyFile: String?
        @Option(name: .customLong("key-type"), help: "ed25519 or secp256k1 (with --key-file).") var keyType: String?

        func run() async throws {
            try await reportingFailures {
                let args = try actionOptions.arguments()
                var signer: (any KwilSigner)?
                if let keyFile {
                    guard let keyType else { throw CLIFailure.malformed("--key-file needs --key-type") }
                    signer = try loadKwilSigner(keyFile: keyFile, keyType: keyType)
                } else if keyType != nil { throw CLIFailure.malformed("--key-type needs --key-file") }
                let client = try nodeOptions.client()
                let call = ActionCall(namespace: actionOptions.namespace, action: actionOptions.action, arguments: args)
                let result: QueryResult
                do throws(KwilError) { result = try await client.call(call, signer: signer) } catch { throw cliFailure(error) }
                StandardStreams.write(try JSONOutput.line(QueryOutput(result)))
            }
        }
    }

    /// `kwil execute`: signs and broadcasts one row of an action; prints the tx hash and result.
    struct Execute: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign and broadcast an action on a live node.",
            discussion: """
            Fetches the account nonce (and the chain id unless --chain-id is given), signs, broadcasts and, with \
            --sync 1 (the default), waits for the block. Prints {"txHash":…,"height":…,"code":…,"log":…} (with --sync 0: \
            no code yet and height 0; ask user.tx_query later). Exit 1 when \
            the node rejects the tx or it is mined with an error (the tx hash is still printed on stdout).
            """)

        @OptionGroup var nodeOptions: NodeOptions
        @OptionGroup var actionOptions: ActionOptions
        @Option(name: .customLong("key-file"), help: "File holding the signing key in hex (see sign-tx).") var keyFile: String
        @Option(name: .customLong("key-type"), help: "ed25519 or secp256k1.") var keyType: String
        @Option(name: .customLong("chain-id"), help: "Chain id (default: asked from the node).") var chainID: String?
        @Option(help: "Transaction description.") var desc: String?
        @Option(help: "1: wait for the block; 0: return once accepted into the mempool.") var sync = 1

        func run() async throws {
            try await reportingFailures {
                guard sync == 0 || sync == 1 else { throw CLIFailure.malformed("--sync must be 0 or 1") }
                let args = try actionOptions.arguments()
                let signer = try loadKwilSigner(keyFile: keyFile, keyType: keyType)
                let execution = ActionExecution(namespace: actionOptions.namespace, action: actionOptions.action, rows: [args])
                do { _ = try execution.encoded() } catch { throw CLIFailure.malformed("\(error)") }
                let client = try nodeOptions.client()
                do {
                    var chain = chainID ?? ""
                    if chainID == nil { chain = try await client.chainInfo().chainID }
                    var result = try await client.execute(execution, description: desc ?? actionOptions.action, chainID: chain,
                                                          signer: signer, sync: sync == 1)
                    // The broadcast answer has no height; a mined tx's comes from tx_query.
                    if sync == 1, let mined = try? await client.txQuery(hash: result.txHash) { result.height = mined.height }
                    StandardStreams.write(try JSONOutput.line(ExecuteOutput(txHash: result.txHash, height: result.height,
                                                                            code: result.code, log: result.log)))
                } catch let KwilError.transactionFailed(hash, code, log) {
                    StandardStreams.write(try JSONOutput.line(ExecuteOutput(txHash: hash, height: nil, code: code, log: log)))
                    throw CLIFailure.rejected("tx \(hash) failed (TxCode \(code)): \(log)")
                } catch let error as KwilError { throw cliFailure(error) }
            }
        }
    }
}

/// `kwil execute` output.
struct ExecuteOutput: Encodable {
    let txHash: String
    let height: Int64?
    let code: UInt32?
    let log: String
}

/// `kwil call` output: column names and types, and one object per row.
struct QueryOutput: Encodable {
    let columns: [String]
    let types: [String]
    let rows: [[String: KwilJSON]]

    init(_ result: QueryResult) {
        columns = result.columnNames
        types = result.columnTypes.map { $0.isArray ? $0.name + "[]" : $0.name }
        rows = result.records.map { $0.mapValues(Self.cell) }
    }

    /// One typed cell as the CLI prints it: the wire's cell (`KwilValue.jsonCell`), except int8 as a JSON number.
    static func cell(_ value: KwilValue) -> KwilJSON {
        switch value {
        case let .int8(i): .int(i)
        case let .array(_, items): .array(items.map(cell))
        default: value.jsonCell
        }
    }
}
