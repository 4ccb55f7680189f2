import Hummingbird
import NIOCore

/// The devnode's request context: Hummingbird's core storage plus the client's address, which
/// `user.challenge` rate-limits on (as a real node limits per IP).
struct DevNodeRequestContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    /// The peer of the connection (nil for a Unix socket without an address).
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The client's IP address as text ("" when unknown), the key of the per-client challenge limit.
    var clientAddress: String { remoteAddress?.ipAddress ?? "" }
}
