import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import KwilKit

/// A KwilKit `HTTPTransport` over URLSession, for tests (the libcurl `CurlTransport` had not landed yet).
/// Cookies are never stored or sent by URLSession itself: each `KwilClient` keeps its own per-identity
/// cookies and sets the header, as with the libcurl transport.
struct URLSessionTransport: HTTPTransport {
    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        return URLSession(configuration: configuration)
    }()

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var urlRequest = URLRequest(url: URL(string: request.url)!)
        urlRequest.httpMethod = request.method
        urlRequest.timeoutInterval = request.timeout
        urlRequest.httpShouldHandleCookies = false
        for header in request.headerPairs { urlRequest.addValue(header.value, forHTTPHeaderField: header.name) }
        if !request.body.isEmpty { urlRequest.httpBody = Data(request.body) }
        let (data, response) = try await Self.session.data(for: urlRequest)
        let http = response as! HTTPURLResponse
        let headers = http.allHeaderFields.compactMap { key, value -> HTTPHeader? in
            guard let name = key as? String, let value = value as? String else { return nil }
            return HTTPHeader(name, value)
        }
        return HTTPResponse(status: http.statusCode, headers: headers, body: Array(data))
    }
}
