import IdosKit
import KwilKit

/// The devnode's SQL for one catalog action, attached by name (`IdosKit.IdosAction` declares the name,
/// parameters, result columns and modifiers; the devnode only supplies what the action does).
struct ActionBody: Sendable {
    /// The catalog name this body implements.
    let name: String
    /// Takes the checked positional values, returns the result rows (aligned with the catalog's `returns`).
    let run: @Sendable (ActionContext, [KwilValue]) async throws -> [[KwilValue]]

    init(_ name: String, _ run: @escaping @Sendable (ActionContext, [KwilValue]) async throws -> [[KwilValue]]) {
        self.name = name
        self.run = run
    }
}

/// A catalog action with the devnode's body attached.
struct ActionDefinition: Sendable {
    let action: IdosAction
    let body: ActionBody
}
