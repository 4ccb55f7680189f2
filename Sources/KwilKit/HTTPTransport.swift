/// An HTTP client KwilKit sends JSON-RPC through (CurlTransport implements it over libcurl).
public protocol HTTPTransport: Sendable {
    /// Performs one request. Any HTTP status is a response; only transport failures throw.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}

/// One HTTP request.
public struct HTTPRequest: Sendable, Hashable {
    public var method: String
    public var url: String
    public var headerPairs: [HTTPHeader]
    public var body: [UInt8]
    /// Total timeout in seconds.
    public var timeout: Double
    /// Numeric addresses to connect to instead of resolving the URL's host name (empty: resolve as usual).
    /// A caller that vetted the addresses a name resolves to pins them here, so the connection goes to what was
    /// vetted even if the name resolves differently a moment later (DNS rebinding). Ignored for a URL whose host
    /// is already numeric.
    public var pinnedAddresses: [String] = []

    /// A request; headers are kept in order.
    public init(method: String, url: String, headers: [HTTPHeader] = [], body: [UInt8] = [], timeout: Double = 30) {
        self.method = method; self.url = url; self.headerPairs = headers; self.body = body; self.timeout = timeout
    }
}

/// One header line.
public struct HTTPHeader: Sendable, Hashable {
    public var name: String
    public var value: String
    /// A header `name: value`.
    public init(_ name: String, _ value: String) { self.name = name; self.value = value }
}

/// One HTTP response.
public struct HTTPResponse: Sendable, Hashable {
    public var status: Int
    public var headers: [HTTPHeader]
    public var body: [UInt8]
    /// A response as received.
    public init(status: Int, headers: [HTTPHeader], body: [UInt8]) {
        self.status = status; self.headers = headers; self.body = body
    }
    /// The values of every header named `name` (case-insensitive).
    public func values(of name: String) -> [String] {
        headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
    }
}
