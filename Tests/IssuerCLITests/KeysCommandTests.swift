import Foundation
import TestSupport
import Testing

/// `keys generate` and `keys public`, plain and sealed under a passphrase (ISSUER_KEY_PASSPHRASE_FILE).
struct KeysCommandTests {
    func run(_ arguments: [String], passphraseFile: String? = nil) throws -> ProcessResult {
        var environment = ProcessInfo.processInfo.environment
        environment["ISSUER_KEY_PASSPHRASE_FILE"] = passphraseFile
        return try ChildProcess.run(TestEnvironment.executable("idos-issuer"), arguments, environment: environment)
    }

    @Test func aSealedKeyOpensOnlyWithItsPassphrase() throws {
        let directory = try TemporaryFiles.directory().path
        let passphrase = directory + "/passphrase", wrong = directory + "/wrong", key = directory + "/issuer.key", encryption = directory + "/enc.key"
        try Data("a long passphrase\n".utf8).write(to: URL(fileURLWithPath: passphrase))
        try Data("another one\n".utf8).write(to: URL(fileURLWithPath: wrong))
        let generated = try run(["keys", "generate", "--key-file", key, "--encryption-key-file", encryption, "--passphrase-file", passphrase])
        #expect(generated.status == 0, "\(generated.stderr)")
        let publicKey = generated.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(publicKey.count == 64)
        let file = try String(contentsOfFile: key, encoding: .utf8)
        #expect(file.hasPrefix("idos-encrypted-key:v1:"))
        #expect(try String(contentsOfFile: encryption, encoding: .utf8).hasPrefix("idos-encrypted-key:v1:"))
        #expect(!file.contains(publicKey))  // nothing of the key in the clear
        let opened = try run(["keys", "public", "--key-file", key], passphraseFile: passphrase)
        #expect(opened.status == 0)
        #expect(opened.stdoutText == publicKey + "\n")
        let without = try run(["keys", "public", "--key-file", key])
        #expect(without.status == 2)
        #expect(without.stderr.contains("sealed under a passphrase: set ISSUER_KEY_PASSPHRASE_FILE"))
        let mistaken = try run(["keys", "public", "--key-file", key], passphraseFile: wrong)
        #expect(mistaken.status == 2)
        #expect(mistaken.stderr.contains("the passphrase does not open it"))
        #expect(!mistaken.stderr.contains("another one"))
    }

    @Test func aPlainKeyNeedsNoPassphrase() throws {
        let directory = try TemporaryFiles.directory().path
        let key = directory + "/issuer.key"
        let generated = try run(["keys", "generate", "--key-file", key])
        #expect(generated.status == 0)
        #expect(try String(contentsOfFile: key, encoding: .utf8).count == 129)  // 128 hex digits and a newline
        let shown = try run(["keys", "public", "--key-file", key])
        #expect(shown.stdoutText == generated.stdoutText)
        #expect(try run(["keys", "generate", "--key-file", key]).status == 2)  // never overwritten
    }
}
