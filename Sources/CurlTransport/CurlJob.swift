internal import KwilKit

/// One queued request and the continuation its worker resumes.
struct CurlJob: Sendable {
    let request: HTTPRequest
    let continuation: CheckedContinuation<HTTPResponse, any Error>
}
