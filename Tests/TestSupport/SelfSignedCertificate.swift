import Foundation

/// A throwaway self-signed P-256 certificate for `127.0.0.1`, made with `openssl`, for TLS tests.
public struct SelfSignedCertificate: Sendable {
    /// PEM certificate path (also the CA a client must trust).
    public let certificatePath: String
    /// PEM private key path.
    public let keyPath: String

    /// Writes a new certificate and key into a fresh folder under `TemporaryFiles.root` (removed at exit).
    public static func make() throws -> SelfSignedCertificate {
        let dir = try TemporaryFiles.directory().path
        let cert = dir + "/cert.pem", key = dir + "/key.pem"
        let made = try ChildProcess.run("/usr/bin/env", [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert,
        ])
        guard made.status == 0 else { throw SelfSignedCertificateError(reason: made.stderr) }
        return SelfSignedCertificate(certificatePath: cert, keyPath: key)
    }
}

/// `openssl` could not make the certificate.
public struct SelfSignedCertificateError: Error, CustomStringConvertible {
    public let reason: String
    public var description: String { "openssl failed: \(reason)" }
}
