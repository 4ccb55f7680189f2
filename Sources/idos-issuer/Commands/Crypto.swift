import ArgumentParser
import Foundation
import IdosCrypto

extension IssuerCommand {
    /// `idos-issuer crypto …`: the idOS encryption primitives.
    struct Crypto: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "idOS encryption: seal/open credential content, derive a user's key.",
            subcommands: [Seal.self, Open.self, DeriveKey.self]
        )
    }
}

/// Decodes a base64 X25519 key option or fails with exit 2 naming the flag.
func decodeKey(_ text: String, flag: String) throws -> [UInt8] {
    let bytes: [UInt8]
    do { bytes = try Base64.decode(text) } catch { throw CLIFailure.malformed("\(flag): \(error)") }
    guard bytes.count == 32 else { throw CLIFailure.malformed("\(flag) must be a base64 32-byte X25519 key, got \(bytes.count) bytes") }
    return bytes
}

extension IssuerCommand.Crypto {
    /// `crypto seal`: encrypts stdin to a user's key with a fresh ephemeral key.
    struct Seal: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Encrypt stdin to an X25519 public key (NaCl box, fresh ephemeral key and nonce).",
            discussion: #"Prints {"content": base64(nonce24 ‖ box), "encryptorPublicKey": base64(ephemeral public key)}."#
        )

        @Option(help: "Recipient X25519 public key, base64 (users.recipient_encryption_public_key).")
        var to: String

        func run() async throws {
            try await reportingFailures {
                let recipient = try decodeKey(to, flag: "--to")
                let sealed: SealedBox.Sealed
                do { sealed = try SealedBox.seal(StandardStreams.readAllInput(), to: recipient) } catch {
                    throw CLIFailure.malformed("\(error)")
                }
                StandardStreams.write(try JSONOutput.line([
                    "content": Base64.encode(sealed.content),
                    "encryptorPublicKey": Base64.encode(sealed.encryptorPublicKey),
                ]))
            }
        }
    }

    /// `crypto open`: decrypts base64 content from stdin.
    struct Open: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Decrypt base64 content (nonce ‖ box) read on stdin; write the plaintext bytes.",
            discussion: "Exits 1 if the content does not authenticate with these keys."
        )

        @Option(name: .customLong("secret-key"), help: "Recipient X25519 secret key, base64.")
        var secretKey: String

        @Option(name: .customLong("encryptor-public-key"), help: "Sender's (ephemeral) X25519 public key, base64.")
        var encryptorPublicKey: String

        func run() async throws {
            try await reportingFailures {
                let secret = try decodeKey(secretKey, flag: "--secret-key")
                let sender = try decodeKey(encryptorPublicKey, flag: "--encryptor-public-key")
                let text = String(decoding: StandardStreams.readAllInput(), as: UTF8.self)
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                let content: [UInt8]
                do { content = try Base64.decode(text) } catch { throw CLIFailure.malformed("stdin: \(error)") }
                do {
                    StandardStreams.write(try SealedBox.open(content, senderPublicKey: sender, recipientSecretKey: secret))
                } catch CryptoError.decryptionFailed {
                    throw CLIFailure.rejected(CryptoError.decryptionFailed.description)
                } catch {
                    throw CLIFailure.malformed("\(error)")
                }
            }
        }
    }

    /// `crypto derive-key`: the idOS enclave's password KDF.
    struct DeriveKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "derive-key",
            abstract: "Derive a user's idOS X25519 key pair from her password (scrypt N=16384 r=8 p=1, salt = user id).",
            discussion: "The password file's bytes are the password (a single trailing newline is removed); it is NFKC-normalized."
        )

        @Option(name: .customLong("user-id"), help: "The user's idOS id: a version-4 UUID.")
        var userId: String

        @Option(name: .customLong("password-file"), help: "File holding the password.")
        var passwordFile: String

        func run() async throws {
            try await reportingFailures {
                var bytes = try StandardStreams.readFile(passwordFile, flag: "--password-file")
                if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
                if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
                guard let password = String(validating: bytes, as: UTF8.self) else {
                    throw CLIFailure.malformed("--password-file is not UTF-8 text")
                }
                let pair: SealedBox.KeyPair
                do { pair = try IdosKeyDerivation.deriveKeyPair(password: password, userId: userId) } catch {
                    throw CLIFailure.malformed("\(error)")
                }
                StandardStreams.write(try JSONOutput.line([
                    "secretKey": Base64.encode(pair.secretKey),
                    "publicKey": Base64.encode(pair.publicKey),
                ]))
            }
        }
    }
}
