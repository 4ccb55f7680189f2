import ArgumentParser
import Foundation
import IdosCrypto
import KwilKit

extension IssuerCommand {
    /// `idos-issuer kwil …`: Kwil payloads and transactions for debugging and acceptance scripts.
    struct Kwil: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Kwil 0.10: encode action payloads, sign transactions, call and execute actions on a live node.",
            subcommands: [Payload.self, SignTx.self, Call.self, Execute.self]
        )
    }
}

/// Parses `--arg TYPE:VALUE` (`null:TYPE` for a typed NULL) into a typed Kwil value, exit 2 naming the arg.
func parseKwilArgument(_ arg: String) throws -> KwilValue {
    guard let colon = arg.firstIndex(of: ":") else { throw CLIFailure.malformed("--arg '\(arg)': expected TYPE:VALUE") }
    let type = String(arg[..<colon]), value = String(arg[arg.index(after: colon)...])
    func fail(_ why: String) -> CLIFailure { CLIFailure.malformed("--arg '\(arg)': \(why)") }
    switch type {
    case "text": return .text(value)
    case "int8":
        guard let v = Int64(value) else { throw fail("not a 64-bit integer") }
        return .int8(v)
    case "bool":
        switch value { case "true": return .bool(true); case "false": return .bool(false); default: throw fail("expected true or false") }
    case "uuid":
        guard let u = UUID(uuidString: value) else { throw fail("not a UUID") }
        return .uuid(u)
    case "bytea":
        do { return .bytea(try Base64.decode(value)) } catch { throw fail("not padded base64") }
    case "numeric":
        guard KwilValue.isDecimal(value) else { throw fail("not a decimal number") }
        let digits = value.filter(\.isNumber)
        let scale = value.split(separator: ".").dropFirst().first?.count ?? 0
        return .numeric(value, precision: UInt16(min(max(digits.count, 1), 1000)), scale: UInt16(scale))
    case "null":
        switch value {
        case "text": return .null(.text)
        case "int8": return .null(.int8)
        case "bool": return .null(.bool)
        case "uuid": return .null(.uuid)
        case "bytea": return .null(.bytea)
        case "numeric": return .null(.numeric(0, 0))
        default: throw fail("unknown NULL type '\(value)'")
        }
    default: throw fail("unknown type '\(type)' (text, int8, bool, uuid, bytea, numeric, null)")
    }
}

extension IssuerCommand.Kwil {
    /// `kwil payload`: prints the base64 ActionCall (`--call`) or one-row ActionExecution.
    struct Payload: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the base64 Kwil payload of an action.")

        @Option(help: "Action name.") var action: String
        @Flag(help: "Encode a view call (ActionCall) instead of an execution.") var call = false
        @Option(help: "Namespace.") var namespace = "main"
        @Option(help: "Argument TYPE:VALUE (text|int8|bool|uuid|bytea(base64)|numeric), or null:TYPE.") var arg: [String] = []

        func run() async throws {
            try await reportingFailures {
                let args = try arg.map(parseKwilArgument)
                let bytes: [UInt8]
                do {
                    bytes = call ? try ActionCall(namespace: namespace, action: action, arguments: args).encoded()
                        : try ActionExecution(namespace: namespace, action: action, rows: [args]).encoded()
                } catch { throw CLIFailure.malformed("\(error)") }
                StandardStreams.write(Base64.encode(bytes) + "\n")
            }
        }
    }

    /// `kwil sign-tx`: prints the signed transaction JSON as `user.broadcast` takes it.
    struct SignTx: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "sign-tx", abstract: "Sign a Kwil execute transaction.")

        @Option(name: .customLong("key-file"), help: "File holding the key in hex.") var keyFile: String
        @Option(name: .customLong("key-type"), help: "ed25519 or secp256k1.") var keyType: String
        @Option(name: .customLong("chain-id"), help: "Chain id.") var chainID: String
        @Option(help: "Nonce (account nonce + 1).") var nonce: UInt64
        @Option(help: "Description.") var desc: String
        @Option(help: "Base64 payload (ActionExecution).") var payload: String

        func run() async throws {
            try await reportingFailures {
                let signer = try loadKwilSigner(keyFile: keyFile, keyType: keyType)
                let bytes: [UInt8]
                do { bytes = try Base64.decode(payload) } catch { throw CLIFailure.malformed("--payload is not padded base64") }
                var tx = Transaction(description: desc, payload: bytes, nonce: nonce, chainID: chainID)
                do { try tx.sign(with: signer) } catch { throw CLIFailure.malformed("\(error)") }
                StandardStreams.write(tx.json() + "\n")
            }
        }
    }
}

/// Reads a hex key file: 32-byte ed25519 seed or 64-byte tweetnacl key, or a 32-byte secp256k1 key.
func loadKwilSigner(keyFile: String, keyType: String) throws -> any KwilSigner {
    let text = String(decoding: try StandardStreams.readFile(keyFile, flag: "--key-file"), as: UTF8.self)
        .trimmingCharacters(in: .whitespacesAndNewlines)
    let key: [UInt8]
    do { key = try Hex.decode(text, allowPrefix: true) } catch { throw CLIFailure.malformed("--key-file does not hold hex") }
    do {
        switch keyType {
        case "ed25519": return try Ed25519Signer(secretKey: key)
        case "secp256k1": return try EthPersonalSigner(privateKey: key)
        default: throw CLIFailure.malformed("--key-type must be ed25519 or secp256k1")
        }
    } catch let e as KwilError { throw CLIFailure.malformed("--key-file: \(e)") }
}
