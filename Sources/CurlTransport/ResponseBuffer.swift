/// Collects one response's body and header lines inside curl callbacks (used only on the worker thread).
final class ResponseBuffer {
    var body: [UInt8] = []
    var headerLines: [String] = []
    var overflowed = false
    let limit: Int
    init(limit: Int) { self.limit = limit }
}
