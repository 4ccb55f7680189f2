import ArgumentParser
import Foundation
import IdosCrypto

extension IssuerCommand {
    /// `keys generate`: a new issuer signing key (and optionally the X25519 encryption key).
    struct Keys: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Issuer keys.", subcommands: [Generate.self])
    }
}

extension IssuerCommand.Keys {
    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a new Ed25519 signing key; print its hex public key (register it with idOS as a delegate).",
            discussion: """
            The file holds the 64-byte tweetnacl secret (seed ‖ public key) in hex, mode 0600; it is never overwritten. \
            With --encryption-key-file, also writes a new X25519 secret (hex) for ISSUER_ENCRYPTION_KEY_FILE.
            """)
        @Option(name: .customLong("key-file"), help: "Where to write the signing key.") var keyFile: String
        @Option(name: .customLong("encryption-key-file"), help: "Also write an X25519 encryption secret here.") var encryptionKeyFile: String?

        func run() async throws {
            try await reportingFailures {
                let key = Ed25519.PrivateKey.generate()
                try write(Hex.encode(key.seed + key.publicKey) + "\n", to: keyFile)
                if let encryptionKeyFile { try write(Hex.encode(SealedBox.KeyPair.generate().secretKey) + "\n", to: encryptionKeyFile) }
                StandardStreams.write(Hex.encode(key.publicKey) + "\n")
            }
        }

        private func write(_ text: String, to path: String) throws {
            guard !FileManager.default.fileExists(atPath: path) else { throw CLIFailure.malformed("\(path) exists; refusing to overwrite a key") }
            guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
                throw CLIFailure.malformed("cannot write \(path)")
            }
        }
    }
}
