/// A Kwil 0.10 JSON-RPC error code (kwil-transport.md §3, KDB `core/rpc/json/errors.go`): the one table the
/// client's error mapping and the devnode's answers share, with the HTTP status each travels with (§2).
public struct JSONRPCErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    init(_ rawValue: Int) { self.rawValue = rawValue }

    // JSON-RPC standard.
    public static let parseError = Self(-32700)
    public static let invalidRequest = Self(-32600)
    public static let methodNotFound = Self(-32601)
    public static let invalidParams = Self(-32602)
    public static let internalError = Self(-32603)
    public static let resultEncoding = Self(-32000)
    public static let timeout = Self(-32001)
    // Transactions.
    public static let txInternal = Self(-200)
    /// Broadcast rejected; `data` is `{"code": TxCode, "hash", "message"}`.
    public static let broadcastRejected = Self(-201)
    public static let txNotFound = Self(-202)
    public static let txPayloadInvalid = Self(-203)
    public static let blockNotFound = Self(-204)
    // Engine (action errors surface as −300 with the action's message).
    public static let engineInternal = Self(-300)
    public static let namespaceNotFound = Self(-301)
    public static let namespaceExists = Self(-302)
    // Others.
    public static let database = Self(-400)
    public static let account = Self(-500)
    public static let invalidIdentity = Self(-600)
    public static let invalidAuthType = Self(-601)
    public static let nodeInternal = Self(-700)
    public static let validatorNotFound = Self(-800)
    public static let validatorExists = Self(-801)
    // Kwil Gateway.
    public static let gatewayInternal = Self(-900)
    /// Sign in through `kgw.authn`, then retry.
    public static let notAuthorized = Self(-901)
    public static let gatewayInvalidPayload = Self(-902)
    public static let gatewayNotAllowed = Self(-903)
    public static let gatewayNotFound = Self(-904)
    public static let tooManyRequests = Self(-905)
    public static let gatewayMethodNotAllowed = Self(-906)
    // Private-mode call authentication (−1001 … −1007).
    public static let challengeNotFound = Self(-1001)
    public static let invalidChallengeLength = Self(-1002)
    public static let challengeExpired = Self(-1003)
    public static let invalidCallSignature = Self(-1004)
    public static let authTypeMismatch = Self(-1005)
    public static let tooManyChallengeRequests = Self(-1006)
    public static let adHocQueryForbidden = Self(-1007)

    /// The private-mode call authentication codes.
    public var isCallAuthentication: Bool { (-1007 ... -1001).contains(rawValue) }

    /// Whether the same request may succeed later (timeouts, internal errors, rate limits, expired challenges).
    public var isRetryable: Bool {
        [Self.timeout, .internalError, .txInternal, .nodeInternal, .gatewayInternal, .tooManyRequests,
         .challengeExpired, .tooManyChallengeRequests].contains(self)
    }

    /// The HTTP status Kwil answers with (§2): 404 for an unknown method, 400 for malformed requests,
    /// 500 for internal errors, 401 for KGW's not-authorized, 200 for everything else.
    public var httpStatus: Int {
        switch self {
        case .methodNotFound: 404
        case .invalidRequest, .invalidParams, .parseError: 400
        case .internalError: 500
        case .notAuthorized: 401
        default: 200
        }
    }

    public var description: String { String(rawValue) }
}
