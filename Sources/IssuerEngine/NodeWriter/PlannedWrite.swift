public import IdosKit

/// One write a job asks for: what it is for (its intent) and the action call.
public struct PlannedWrite: Sendable {
    /// Unique per write (`credential:<id>`, `user:<id>`, …): at most one live signed tx exists per intent.
    public var intent: String
    public var call: IdosActionCall
    public init(intent: String, call: IdosActionCall) {
        self.intent = intent
        self.call = call
    }
}
