import ArgumentParser
import Foundation
import IdosCrypto
import IssuerEngine
import KwilKit

extension IssuerCommand {
    /// `keys generate`: a new issuer signing key (and optionally the X25519 encryption key).
    struct Keys: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Issuer keys.", subcommands: [Generate.self, Public.self])
    }
}

extension IssuerCommand.Keys {
    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a new Ed25519 signing key; print its hex public key (register it with idOS as a delegate).",
            discussion: """
            The file holds the 64-byte tweetnacl secret (seed ‖ public key) in hex, mode 0600; it is never overwritten. \
            With --encryption-key-file, also writes a new X25519 secret (hex) for ISSUER_ENCRYPTION_KEY_FILE. \
            With --passphrase-file, both files are sealed under that passphrase (scrypt + XSalsa20-Poly1305, \
            `idos-encrypted-key:v1:…`); the service then needs ISSUER_KEY_PASSPHRASE_FILE naming the same file.
            """)
        @Option(name: .customLong("key-file"), help: "Where to write the signing key.") var keyFile: String
        @Option(name: .customLong("encryption-key-file"), help: "Also write an X25519 encryption secret here.") var encryptionKeyFile: String?
        @Option(name: .customLong("passphrase-file"), help: "Seal the key files under the passphrase in this file (its first line).")
        var passphraseFile: String?

        func run() async throws {
            try await reportingFailures {
                var passphrase: [UInt8]?
                if let passphraseFile {
                    do { passphrase = try KeyFileText.passphrase(fromFile: passphraseFile) } catch { throw CLIFailure.malformed("--passphrase-file: \(error)") }
                }
                let key = Ed25519.PrivateKey.generate()
                try write(Hex.encode(key.seed + key.publicKey) + "\n", to: keyFile, passphrase: passphrase)
                if let encryptionKeyFile {
                    try write(Hex.encode(SealedBox.KeyPair.generate().secretKey) + "\n", to: encryptionKeyFile, passphrase: passphrase)
                }
                StandardStreams.write(Hex.encode(key.publicKey) + "\n")
            }
        }

        private func write(_ text: String, to path: String, passphrase: [UInt8]?) throws {
            guard !FileManager.default.fileExists(atPath: path) else { throw CLIFailure.malformed("\(path) exists; refusing to overwrite a key") }
            let content = try passphrase.map { try PassphraseBox.seal(Array(text.utf8), passphrase: $0) + "\n" } ?? text
            guard FileManager.default.createFile(atPath: path, contents: Data(content.utf8), attributes: [.posixPermissions: 0o600]) else {
                throw CLIFailure.malformed("cannot write \(path)")
            }
        }
    }
}

extension IssuerCommand.Keys {
    /// `keys public`: the public key of a signing key file (sealed files opened with ISSUER_KEY_PASSPHRASE_FILE).
    struct Public: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the hex public key of a signing key file (the identity to register with idOS).",
            discussion: "A sealed file is opened with the passphrase in ISSUER_KEY_PASSPHRASE_FILE; exit 2 when it cannot be.")
        @Option(name: .customLong("key-file"), help: "The signing key file.") var keyFile: String

        func run() async throws {
            try await reportingFailures {
                let signer: Ed25519Signer
                do { signer = try SigningKeyFile.load(keyFile) } catch { throw CLIFailure.malformed("\(error)") }
                StandardStreams.write(Hex.encode(signer.identifier) + "\n")
            }
        }
    }
}
