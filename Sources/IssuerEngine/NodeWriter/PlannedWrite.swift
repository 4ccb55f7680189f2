public import IdosKit
public import IssuerStore

/// One write a job asks for: what it is for (its intent) and the action call.
public struct PlannedWrite: Sendable {
    /// Unique per write (`credential:<id>`, `user:<id>`, …): at most one live signed tx exists per intent.
    public var intent: String
    public var call: IdosActionCall
    /// Checked inside the signing transaction, under the lane's lock: false signs nothing (the write is
    /// superseded). Writes of one lane are signed in this order, so a check that reads (and share-locks) the
    /// row a newer write would change keeps an older write from being signed after a newer one.
    public var stillWanted: (@Sendable (StoreSession) async throws -> Bool)?
    public init(intent: String, call: IdosActionCall, stillWanted: (@Sendable (StoreSession) async throws -> Bool)? = nil) {
        self.intent = intent
        self.call = call
        self.stillWanted = stillWanted
    }
}
