import Foundation
import IdosCrypto

/// The text of a key file, opened when it is sealed under a passphrase (`PassphraseBox`, made by
/// `idos-issuer keys generate --passphrase-file`). Errors name the file, never key bytes or the passphrase.
public enum KeyFileText {
    /// The key text of `path` (whitespace trimmed); a sealed file is opened with `passphrase`.
    /// - Throws: `KeyFileError.unreadable`, or `.malformed` for a sealed file without a passphrase, with a wrong
    ///   one, or altered.
    public static func read(_ path: String, passphrase: [UInt8]?) throws(KeyFileError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path) }
        guard let text = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines) else {
            throw .malformed(path, "not text")
        }
        guard PassphraseBox.isSealed(text) else { return text }
        guard let passphrase else {
            throw .malformed(path, "it is sealed under a passphrase: set ISSUER_KEY_PASSPHRASE_FILE to the file holding it")
        }
        do {
            let plain = try PassphraseBox.open(text, passphrase: passphrase)
            guard let inner = String(bytes: plain, encoding: .utf8) else { throw KeyFileError.malformed(path, "the sealed content is not text") }
            return inner.trimmingCharacters(in: .whitespacesAndNewlines)
        } catch CryptoError.decryptionFailed {
            throw .malformed(path, "the passphrase does not open it (wrong passphrase, or the file was altered)")
        } catch let error as KeyFileError {
            throw error
        } catch {
            throw .malformed(path, "not a sealed key (\(error))")
        }
    }

    /// The passphrase held in `path`: its first line, the newline stripped.
    public static func passphrase(fromFile path: String) throws(KeyFileError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path) }
        let line = data.split(separator: UInt8(ascii: "\n"), maxSplits: 1, omittingEmptySubsequences: false).first ?? Data()
        let bytes = Array(line.last == UInt8(ascii: "\r") ? line.dropLast() : line)
        guard !bytes.isEmpty else { throw .malformed(path, "the passphrase file is empty") }
        return bytes
    }

    /// The passphrase of `ISSUER_KEY_PASSPHRASE_FILE`, when that is set.
    public static func environmentPassphrase() throws(KeyFileError) -> [UInt8]? {
        guard let path = ProcessInfo.processInfo.environment["ISSUER_KEY_PASSPHRASE_FILE"], !path.isEmpty else { return nil }
        return try passphrase(fromFile: path)
    }
}
