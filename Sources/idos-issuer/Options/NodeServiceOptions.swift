import ArgumentParser
import Foundation
import IssuerEngine
import KwilKit

/// The node side of a worker: `--node-urls` ($ISSUER_NODE_URLS, comma-separated) and `--signing-key-files`
/// ($ISSUER_SIGNING_KEY_FILES, comma-separated: several delegate keys are parallel nonce streams).
struct NodeServiceOptions: ParsableArguments {
    @Option(name: .customLong("node-urls"), help: "idOS node base URLs, comma-separated (default: $ISSUER_NODE_URLS).")
    var nodeURLs: String?
    @Option(name: .customLong("signing-key-files"),
            help: "Delegate key files (hex 32-byte seed or 64-byte secret), comma-separated (default: $ISSUER_SIGNING_KEY_FILES).")
    var signingKeyFiles: String?
    @Option(name: .customLong("chain-id"), help: "The chain id (default: asked from the node).") var chainID: String?

    func urls() throws -> [String] {
        let text = nodeURLs ?? ProcessInfo.processInfo.environment["ISSUER_NODE_URLS"] ?? ""
        let urls = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !urls.isEmpty else { throw CLIFailure.malformed("--node-urls (or ISSUER_NODE_URLS) is required") }
        for url in urls {
            guard let parsed = URL(string: url), let scheme = parsed.scheme, ["http", "https"].contains(scheme), parsed.host != nil else {
                throw CLIFailure.malformed("node URL '\(url)' must be http(s)://host[:port]")
            }
        }
        return urls.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
    }

    func signers() throws -> [Ed25519Signer] {
        do { return try signerPaths().map(SigningKeyFile.load) } catch let e as CLIFailure { throw e } catch { throw CLIFailure.malformed("\(error)") }
    }

    /// The delegate key files; the first is the issuer key (`issuer_auth_public_key`).
    func signerPaths() throws -> [String] {
        let text = signingKeyFiles ?? ProcessInfo.processInfo.environment["ISSUER_SIGNING_KEY_FILES"] ?? ""
        let paths = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !paths.isEmpty else { throw CLIFailure.malformed("--signing-key-files (or ISSUER_SIGNING_KEY_FILES) is required") }
        return paths
    }
}
