import Foundation
import IdosCrypto
import KwilKit

/// The Kwil Gateway (KGW) emulation: sign-in nonces from `kgw.authn_param`, the SIWE-like message
/// (KwilKit's `KGWAuthParameters.message`, kwil-transport.md §8), and session cookies from `kgw.authn`,
/// each bound to one identity and key type. The `domain`/`uri` of the sign-in come from the node's public
/// URL (configuration), never from the request. Pending nonces and sessions are bounded (`DevNodeLimits`):
/// expired ones are swept in insertion order, and past the cap the oldest is evicted.
actor GatewaySessions {
    /// The cookie name KGW sets.
    static let cookieName = "kgw_session"
    /// How long a sign-in nonce stays usable.
    static let nonceLifetime: TimeInterval = 5 * 60
    /// How long a session lasts.
    static let sessionLifetime: TimeInterval = 24 * 60 * 60
    /// The statement shown in the sign-in message.
    static let statement = "Sign in to the local idOS devnode."

    /// A signed-in identity: the sender bytes (lower-case hex) and the signature type.
    struct Identity: Sendable, Equatable {
        var sender: String
        var type: SignatureType
    }

    private var pending: ExpiringStore<String, KGWAuthParameters>
    private var sessions: ExpiringStore<String, Identity>
    /// The node's public base URL (scheme, host, port, optional path; no trailing slash).
    private(set) var publicURL: String

    /// - Parameters:
    ///   - publicURL: the base URL clients reach the node at (`DevNodeConfiguration.resolvedPublicURL`).
    ///   - maxPendingSignIns: the most `kgw.authn_param` nonces kept at once.
    ///   - maxSessions: the most live sessions kept at once.
    init(publicURL: String, maxPendingSignIns: Int = DevNodeLimits().maxPendingSignIns, maxSessions: Int = DevNodeLimits().maxSessions) {
        self.publicURL = publicURL
        pending = ExpiringStore(capacity: maxPendingSignIns, lifetime: Self.nonceLifetime)
        sessions = ExpiringStore(capacity: maxSessions, lifetime: Self.sessionLifetime)
    }

    /// Sets the public URL once the server knows its port (`--listen` with port 0 and no `--public-url`).
    func setPublicURL(_ url: String) { publicURL = url }

    /// Pending sign-in nonces (expired ones not yet swept included).
    var pendingCount: Int { pending.count }

    /// Issues sign-in parameters: `domain` is the public URL and `uri` its `/kgw/v1/authn`.
    func issueParameters(chainId: String, now: Date = Date()) -> KGWAuthParameters {
        let nonce = Hex.encode(secureRandomBytes(16))
        let parameters = KGWAuthParameters(
            nonce: nonce, statement: Self.statement, issueAt: UTCTimestamp.string(from: now),
            expirationTime: UTCTimestamp.string(from: now.addingTimeInterval(Self.nonceLifetime)), chainID: chainId, domain: publicURL,
            version: "1", uri: "\(publicURL)/kgw/v1/authn")
        pending.insert(nonce, parameters, now: now)
        return parameters
    }

    /// Why `kgw.authn` failed.
    enum Failure: Error, Sendable, Equatable { case unknownNonce, badSignature(String) }

    /// Checks the signature over the message of `nonce` (single use) and opens a session.
    /// - Returns: the session cookie value.
    func authenticate(nonce: String, sender: String, signature: [UInt8], type: String, now: Date = Date()) throws(Failure) -> String {
        guard let parameters = pending.remove(nonce, now: now) else { throw .unknownNonce }
        let message = Array(parameters.message.utf8)
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
        sessions.insert(cookie, Identity(sender: Hex.encode(senderBytes), type: signatureType), now: now)
        return cookie
    }

    /// The identity of a live session cookie.
    func identity(cookie: String?, now: Date = Date()) -> Identity? {
        guard let cookie else { return nil }
        return sessions.value(cookie, now: now)
    }

    /// Whether `cookie` is a live session of exactly this sender (lower-case hex) with this `auth_type`: a
    /// session opened with an ed25519 key does not vouch for a `secp256k1_ep` call with the same bytes.
    func vouches(cookie: String?, sender: String, authType: String, now: Date = Date()) -> Bool {
        guard let identity = identity(cookie: cookie, now: now) else { return false }
        return identity.sender == sender && identity.type.rawValue == authType
    }

    /// Ends a session.
    func logout(cookie: String?, now: Date = Date()) {
        if let cookie { _ = sessions.remove(cookie, now: now) }
    }
}
