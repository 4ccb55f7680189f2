import IssuerStore
import HTTPTypes
import Foundation
import Logging
import Hummingbird
import Mustache

/// HTML pages and redirects, with the headers every console response carries: no caching, no framing, a
/// content security policy that allows no script at all (the console needs none), no referrer.
extension IssuerConsole {
    /// Renders `template` with `data` (plus the operator's name, role and CSRF token for the layout).
    func page(_ template: String, _ data: [String: Any], status: HTTPResponse.Status = .ok, visitor: Visitor?,
              cookies: [String] = []) -> Response {
        var data = data
        if let visitor {
            data["operator"] = ["name": visitor.name, "role": visitor.session.account.role.rawValue, "csrf": visitor.session.csrfToken,
                                "canAct": visitor.canAct]
            data["csrf"] = visitor.session.csrfToken
            data["canAct"] = visitor.canAct
            data["disabled"] = visitor.canAct ? "" : "disabled"
        }
        let html = templates.render(data, withTemplate: template)
            ?? "<!doctype html><title>Console</title><p>The page template is missing.</p>"
        var response = Response(status: status, headers: Self.headers(contentType: "text/html; charset=utf-8"),
                                body: .init(byteBuffer: ByteBuffer(string: html)))
        for cookie in cookies { response.headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return response
    }

    /// 303 See Other to `location` (after a form post, or to the login page).
    static func redirect(_ location: String, cookies: [String] = []) -> Response {
        var headers = headers(contentType: "text/plain; charset=utf-8")
        headers[.location] = location
        var response = Response(status: .seeOther, headers: headers, body: .init(byteBuffer: ByteBuffer(string: "See \(location)\n")))
        for cookie in cookies { response.headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return response
    }

    static func headers(contentType: String) -> HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.cacheControl] = "no-store"
        headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        headers[.xFrameOptions] = "DENY"
        headers[.xContentTypeOptions] = "nosniff"
        headers[.referrerPolicy] = "no-referrer"
        return headers
    }
}

extension HTTPField.Name {
    static let contentSecurityPolicy = HTTPField.Name("Content-Security-Policy")!
    static let xFrameOptions = HTTPField.Name("X-Frame-Options")!
    static let xContentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
}
