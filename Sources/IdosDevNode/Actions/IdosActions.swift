import IdosKit
import KwilKit

/// The idOS schema's actions as the devnode runs them: IdosKit's catalog (idos-actions.md §6) with a body
/// attached to each name. `invoke` applies Kwil's checks before the body runs: private, VIEW-only in calls,
/// OWNER, argument count and exact argument types (NULL fits any type).
enum IdosActions {
    /// Every body the devnode implements, keyed by catalog name.
    static let bodies: [String: ActionBody] = {
        let all = ownerAndUserActions + walletActions + credentialActions + writeGrantActions + attributeActions
            + accessGrantActions + gasActions
        return Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })
    }()

    /// The catalog actions that have a body, keyed by name.
    static let byName: [String: ActionDefinition] = Dictionary(uniqueKeysWithValues: IdosAction.all.compactMap { action in
        bodies[action.name].map { (action.name, ActionDefinition(action: action, body: $0)) }
    })

    /// Checks and runs one action.
    /// - Parameters:
    ///   - namespace: must be `main`.
    ///   - owner: the configured database owner identity (`--owner`), compared with `@caller`.
    /// - Returns: the result columns and rows.
    /// - Throws: `DevNodeError.raised` for the action's own errors, `.engine` for everything Kwil refuses.
    static func invoke(namespace: String, action: String, arguments: [KwilValue], context: ActionContext,
                       owner: String?) async throws -> QueryResult {
        guard namespace == "main" else { throw DevNodeError.engine("namespace not found: \(namespace)") }
        if IdosAction.privateNames.contains(action) { throw DevNodeError.engine("action \(action) is private") }
        guard let definition = byName[action] else { throw DevNodeError.engine("action \"\(action)\" not found in namespace \"main\"") }
        let declared = definition.action
        if !context.isWrite && !declared.isView {
            throw DevNodeError.engine("action \(action) requires a writer connection: it is not a VIEW action")
        }
        if declared.isOwner {
            guard let owner, !owner.isEmpty, owner.lowercased() == context.caller.lowercased() else {
                throw DevNodeError.engine("action \(action) can only be executed by the owner")
            }
        }
        try checkArguments(arguments, against: declared)
        let rows = try await definition.body.run(context, arguments)
        return QueryResult(columnNames: declared.returns.map(\.name), columnTypes: declared.returns.map(\.type), rows: rows)
    }

    /// Kwil's positional argument check: the count must match and each non-NULL value's type must equal the
    /// declared type ("expected argument N to be T, got U").
    static func checkArguments(_ arguments: [KwilValue], against action: IdosAction) throws {
        guard arguments.count == action.parameters.count else {
            throw DevNodeError.engine("action \(action.name) expects \(action.parameters.count) arguments, got \(arguments.count)")
        }
        for (index, (argument, parameter)) in zip(arguments, action.parameters).enumerated() where !argument.isNull {
            let got = argument.dataType, declared = parameter.type
            let sameType = got.name == declared.name && !got.isArray
                && (declared.name != "numeric" || (got.precision == declared.precision && got.scale == declared.scale))
            guard sameType else {
                throw DevNodeError.engine("expected argument \(index + 1) to be \(declared), got \(got)")
            }
        }
    }
}
