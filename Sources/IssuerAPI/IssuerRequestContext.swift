public import Foundation
public import Hummingbird
import Logging
import NIOCore

/// The authenticated caller of a request: a provider's API key and its scopes.
public struct APICaller: Sendable, Equatable {
    public var providerID: UUID
    public var providerName: String
    public var keyID: UUID
    public var scopes: Set<String>
}

/// The request context of the KYC-provider API: the request id (on every log line, and carried into the
/// jobs a request enqueues) and, once authenticated, the caller.
public struct IssuerRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var requestID: String = ""
    public var caller: APICaller?
    /// The TCP peer's IP address (never logged: it is personal data).
    public let remoteAddressText: String?
    /// Whether the TCP peer is a loopback address (127.0.0.0/8, ::1, or ::ffff:127.x).
    public var peerIsLoopback: Bool { remoteAddressText.map(Self.isLoopback) ?? false }

    public init(source: Source) {
        coreContext = .init(source: source)
        remoteAddressText = source.channel.remoteAddress?.ipAddress
    }

    static func isLoopback(_ address: String) -> Bool {
        address == "::1" || address.hasPrefix("127.") || address.hasPrefix("::ffff:127.")
    }

    /// The caller, if it holds `scope` (401 without a caller, 403 without the scope).
    public func require(scope: String) throws -> APICaller {
        guard let caller else { throw Problem.unauthorized("send Authorization: Bearer <api key>") }
        guard caller.scopes.contains(scope) else { throw Problem.forbidden("this API key lacks the '\(scope)' scope") }
        return caller
    }
}
