/// A client-visible idOS action: its exact name, positional parameters, result columns, modifiers and body.
struct ActionDefinition: Sendable {
    /// The action name (lower-case snake case).
    let name: String
    /// Positional parameters, in declared order.
    let parameters: [(name: String, type: ActionType)]
    /// Result columns (empty for actions that return nothing).
    let returns: [(name: String, type: ActionType)]
    /// VIEW actions may run in `user.call`; others need a transaction.
    let isView: Bool
    /// OWNER actions run only for the configured owner identity.
    let isOwner: Bool
    /// The body: takes the checked positional values, returns the result rows.
    let body: @Sendable (ActionContext, [ActionValue]) async throws -> [[ActionValue]]

    init(_ name: String, _ parameters: [(String, ActionType)], returns: [(String, ActionType)] = [],
         view: Bool = false, owner: Bool = false,
         _ body: @escaping @Sendable (ActionContext, [ActionValue]) async throws -> [[ActionValue]]) {
        self.name = name
        self.parameters = parameters.map { (name: $0.0, type: $0.1) }
        self.returns = returns.map { (name: $0.0, type: $0.1) }
        self.isView = view
        self.isOwner = owner
        self.body = body
    }
}
