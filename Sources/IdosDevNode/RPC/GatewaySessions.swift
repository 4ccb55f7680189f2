import Foundation
import IdosCrypto

/// The Kwil Gateway (KGW) emulation: sign-in nonces from `kgw.authn_param`, the SIWE-like message
/// (kwil-transport.md §8), and session cookies from `kgw.authn`, each bound to one identity.
actor GatewaySessions {
    /// The cookie name KGW sets.
    static let cookieName = "kgw_session"
    /// How long a sign-in nonce stays usable.
    static let nonceLifetime: TimeInterval = 5 * 60
    /// How long a session lasts.
    static let sessionLifetime: TimeInterval = 24 * 60 * 60
    /// The statement shown in the sign-in message.
    static let statement = "Sign in to the local idOS devnode."

    /// What `kgw.authn_param` hands out, kept until `kgw.authn` uses it.
    struct AuthParameters: Sendable {
        var nonce: String
        var statement: String
        var issueAt: String
        var expirationTime: String
        var chainId: String
        var domain: String
        var version: String
        var uri: String
        var expires: Date
    }

    /// A signed-in identity: the sender bytes (lower-case hex) and the signature type.
    struct Identity: Sendable, Equatable {
        var sender: String
        var type: String
    }

    private var pending: [String: AuthParameters] = [:]
    private var sessions: [String: (identity: Identity, expires: Date)] = [:]

    /// Issues sign-in parameters for `domain` (the node's base URL as the client reached it).
    func issueParameters(domain: String, chainId: String, now: Date = Date()) -> AuthParameters {
        let nonce = Hex.encode(secureRandomBytes(16))
        let parameters = AuthParameters(
            nonce: nonce, statement: Self.statement, issueAt: Self.timestamp(now),
            expirationTime: Self.timestamp(now.addingTimeInterval(Self.nonceLifetime)), chainId: chainId, domain: domain,
            version: "1", uri: "\(domain)/kgw/v1/authn", expires: now.addingTimeInterval(Self.nonceLifetime))
        pending = pending.filter { $0.value.expires > now }
        pending[nonce] = parameters
        return parameters
    }

    /// The message the client signs (kwil-transport.md §8 step 3; no Origin line).
    static func message(for p: AuthParameters) -> String {
        var text = "\(p.domain) wants you to sign in with your account:\n\n"
        if !p.statement.isEmpty { text += "\(p.statement)\n" }
        text += "\nURI: \(p.uri)\nVersion: \(p.version)\nChain ID: \(p.chainId)\nNonce: \(p.nonce)\n"
        text += "Issue At: \(p.issueAt)\nExpiration Time: \(p.expirationTime)\n"
        return text
    }

    /// Why `kgw.authn` failed.
    enum Failure: Error, Sendable { case unknownNonce, badSignature(String) }

    /// Checks the signature over the message of `nonce` (single use) and opens a session.
    /// - Returns: the session cookie value.
    func authenticate(nonce: String, sender: String, signature: [UInt8], type: String, now: Date = Date()) throws(Failure) -> String {
        guard let parameters = pending.removeValue(forKey: nonce), parameters.expires > now else { throw .unknownNonce }
        let message = Array(Self.message(for: parameters).utf8)
        guard let senderBytes = try? Hex.decode(sender) else { throw .badSignature("sender is not hex") }
        try SignatureCheck.verify(type: type, sender: senderBytes, message: message, signature: signature)
        let cookie = Hex.encode(secureRandomBytes(32))
        sessions = sessions.filter { $0.value.expires > now }
        sessions[cookie] = (Identity(sender: Hex.encode(senderBytes), type: type), now.addingTimeInterval(Self.sessionLifetime))
        return cookie
    }

    /// The identity of a live session cookie.
    func identity(cookie: String?, now: Date = Date()) -> Identity? {
        guard let cookie, let session = sessions[cookie], session.expires > now else { return nil }
        return session.identity
    }

    /// Ends a session.
    func logout(cookie: String?) {
        if let cookie { sessions[cookie] = nil }
    }

    /// `yyyy-mm-ddThh:mm:ssZ`.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
