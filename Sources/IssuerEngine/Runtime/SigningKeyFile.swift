import Foundation
public import KwilKit
import IdosCrypto

/// Reads an issuer key file: lower- or upper-case hex of a 32-byte Ed25519 seed or of the 64-byte tweetnacl
/// secret (seed ‖ public key), a trailing newline allowed, or that text sealed under a passphrase
/// (`KeyFileText`). Errors name the file, never its contents.
public enum SigningKeyFile {
    /// Loads `path`, opening a sealed file with the passphrase of `ISSUER_KEY_PASSPHRASE_FILE`.
    public static func load(_ path: String) throws(KeyFileError) -> Ed25519Signer {
        try load(path, passphrase: try KeyFileText.environmentPassphrase())
    }

    public static func load(_ path: String, passphrase: [UInt8]?) throws(KeyFileError) -> Ed25519Signer {
        let text = try KeyFileText.read(path, passphrase: passphrase)
        guard let bytes = try? Hex.decode(text) else { throw .malformed(path, "not hex") }
        guard bytes.count == 32 || bytes.count == 64 else { throw .malformed(path, "\(bytes.count) bytes; expected a 32-byte seed or a 64-byte secret") }
        do {
            let signer = try Ed25519Signer(secretKey: bytes)
            if bytes.count == 64, Array(bytes[32...]) != signer.identifier {
                throw KeyFileError.malformed(path, "the public half does not belong to the seed")
            }
            return signer
        } catch let error as KeyFileError {
            throw error
        } catch {
            throw .malformed(path, "not an Ed25519 key")
        }
    }
}

/// A key file that cannot be used; the description names the file and the problem, never key bytes.
public enum KeyFileError: Error, Equatable, CustomStringConvertible {
    case unreadable(String)
    case malformed(String, String)
    public var description: String {
        switch self {
        case .unreadable(let path): "key file \(path) cannot be read"
        case .malformed(let path, let why): "key file \(path) is malformed: \(why)"
        }
    }
}
