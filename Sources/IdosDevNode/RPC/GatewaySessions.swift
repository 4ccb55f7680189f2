import Foundation
import IdosCrypto
import KwilKit

/// The Kwil Gateway (KGW) emulation: sign-in nonces from `kgw.authn_param`, the SIWE-like message
/// (KwilKit's `KGWAuthParameters.message`, kwil-transport.md §8), and session cookies from `kgw.authn`,
/// each bound to one identity.
actor GatewaySessions {
    /// The cookie name KGW sets.
    static let cookieName = "kgw_session"
    /// How long a sign-in nonce stays usable.
    static let nonceLifetime: TimeInterval = 5 * 60
    /// How long a session lasts.
    static let sessionLifetime: TimeInterval = 24 * 60 * 60
    /// The statement shown in the sign-in message.
    static let statement = "Sign in to the local idOS devnode."

    /// What `kgw.authn_param` handed out, kept until `kgw.authn` uses it or it expires.
    struct PendingSignIn: Sendable {
        var parameters: KGWAuthParameters
        var expires: Date
    }

    /// A signed-in identity: the sender bytes (lower-case hex) and the signature type.
    struct Identity: Sendable, Equatable {
        var sender: String
        var type: SignatureType
    }

    private var pending: [String: PendingSignIn] = [:]
    private var sessions: [String: (identity: Identity, expires: Date)] = [:]

    /// Issues sign-in parameters for `domain` (the node's base URL as the client reached it).
    func issueParameters(domain: String, chainId: String, now: Date = Date()) -> KGWAuthParameters {
        let nonce = Hex.encode(secureRandomBytes(16))
        let parameters = KGWAuthParameters(
            nonce: nonce, statement: Self.statement, issueAt: UTCTimestamp.string(from: now),
            expirationTime: UTCTimestamp.string(from: now.addingTimeInterval(Self.nonceLifetime)), chainID: chainId, domain: domain,
            version: "1", uri: "\(domain)/kgw/v1/authn")
        pending = pending.filter { $0.value.expires > now }
        pending[nonce] = PendingSignIn(parameters: parameters, expires: now.addingTimeInterval(Self.nonceLifetime))
        return parameters
    }

    /// Why `kgw.authn` failed.
    enum Failure: Error, Sendable { case unknownNonce, badSignature(String) }

    /// Checks the signature over the message of `nonce` (single use) and opens a session.
    /// - Returns: the session cookie value.
    func authenticate(nonce: String, sender: String, signature: [UInt8], type: String, now: Date = Date()) throws(Failure) -> String {
        guard let signIn = pending.removeValue(forKey: nonce), signIn.expires > now else { throw .unknownNonce }
        let message = Array(signIn.parameters.message.utf8)
        guard let senderBytes = try? Hex.decode(sender) else { throw .badSignature("sender is not hex") }
        let signatureType: SignatureType
        do {
            signatureType = try SignatureType(wire: type)
            try signatureType.verify(sender: senderBytes, message: message, signature: signature)
        } catch {
            guard case let .invalidSignature(reason) = error else { throw .badSignature(error.description) }
            throw .badSignature(reason)
        }
        let cookie = Hex.encode(secureRandomBytes(32))
        sessions = sessions.filter { $0.value.expires > now }
        sessions[cookie] = (Identity(sender: Hex.encode(senderBytes), type: signatureType), now.addingTimeInterval(Self.sessionLifetime))
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
}
