import HTTPTypes
import Foundation
import Logging
import Hummingbird
import IssuerAPI

/// The console's cookies: `idos_console_session` (the session token, path /console) and `idos_console_login`
/// (the login form's CSRF token, path /console/login). Both `HttpOnly; SameSite=Strict`, and `Secure` unless
/// the request came over plain HTTP to a loopback address (a local console).
enum ConsoleCookies {
    static let session = "idos_console_session"
    static let login = "idos_console_login"

    /// The value of cookie `name` in the request's `Cookie` headers.
    static func value(_ name: String, in request: Request) -> String? {
        for header in request.headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == name {
                    return parts[1].trimmingCharacters(in: .whitespaces)
                }
            }
        }
        return nil
    }

    /// A `Set-Cookie` value; `maxAge` 0 deletes the cookie.
    static func header(_ name: String, _ value: String, path: String, maxAge: Int, secure: Bool) -> String {
        "\(name)=\(value); Path=\(path); Max-Age=\(maxAge); HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }

    /// Whether cookies must be `Secure`: always, except for plain HTTP from a loopback peer to a loopback host
    /// name (a proxy on the same machine sends the public host name, or `X-Forwarded-Proto: https`).
    static func secure(_ request: Request, _ context: IssuerRequestContext) -> Bool {
        if request.headers[.xForwardedProto]?.lowercased() == "https" { return true }
        guard context.peerIsLoopback, let authority = request.head.authority else { return true }
        let host: Substring
        if authority.hasPrefix("[") { host = authority.dropFirst().prefix { $0 != "]" } } else { host = authority.prefix { $0 != ":" } }
        return !(host == "localhost" || host == "::1" || host.hasPrefix("127."))
    }
}

extension HTTPField.Name {
    static let xForwardedProto = HTTPField.Name("X-Forwarded-Proto")!
}
