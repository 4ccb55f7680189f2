/// The idOS schema's actions (idos-actions.md §3/§6): the 51 client-visible ones by name, plus the names of
/// the 9 PRIVATE ones (which clients cannot invoke). `invoke` applies Kwil's checks before the body runs:
/// private, VIEW-only in calls, OWNER, argument count and exact argument types (NULL fits any type).
enum IdosActions {
    /// The client-visible actions, keyed by name.
    static let byName: [String: ActionDefinition] = {
        let all = ownerAndUserActions + walletActions + credentialActions + writeGrantActions + attributeActions
            + accessGrantActions + gasActions
        return Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })
    }()

    /// The PRIVATE actions of the schema.
    static let privateNames: Set<String> = [
        "get_inserter", "get_inserter_or_null", "credential_belongs_to_caller", "credential_exist", "create_access_grant",
        "from_human_units", "update_allowance", "capture_gas", "capture_fee",
    ]

    /// Checks and runs one action.
    /// - Parameters:
    ///   - namespace: must be `main`.
    ///   - owner: the configured database owner identity (`--owner`), compared with `@caller`.
    /// - Returns: the result columns and rows.
    /// - Throws: `DevNodeError.raised` for the action's own errors, `.engine` for everything Kwil refuses.
    static func invoke(namespace: String, action: String, arguments: [TypedArgument], context: ActionContext,
                       owner: String?) async throws -> ActionRows {
        guard namespace == "main" else { throw DevNodeError.engine("namespace not found: \(namespace)") }
        if privateNames.contains(action) { throw DevNodeError.engine("action \(action) is private") }
        guard let definition = byName[action] else { throw DevNodeError.engine("action \"\(action)\" not found in namespace \"main\"") }
        if !context.isWrite && !definition.isView {
            throw DevNodeError.engine("action \(action) requires a writer connection: it is not a VIEW action")
        }
        if definition.isOwner {
            guard let owner, !owner.isEmpty, owner.lowercased() == context.caller.lowercased() else {
                throw DevNodeError.engine("action \(action) can only be executed by the owner")
            }
        }
        let values = try checkArguments(arguments, against: definition)
        let rows = try await definition.body(context, values)
        return ActionRows(columns: definition.returns, rows: rows)
    }

    /// Kwil's positional argument check: the count must match and each non-NULL value's type must equal the
    /// declared type ("expected argument N to be T, got U").
    static func checkArguments(_ arguments: [TypedArgument], against definition: ActionDefinition) throws -> [ActionValue] {
        guard arguments.count == definition.parameters.count else {
            throw DevNodeError.engine("action \(definition.name) expects \(definition.parameters.count) arguments, got \(arguments.count)")
        }
        var values: [ActionValue] = []
        for (index, (argument, parameter)) in zip(arguments, definition.parameters).enumerated() {
            if argument.value == .null { values.append(.null); continue }
            let declared = parameter.type
            let sameType = argument.type.name == declared.name
                && (declared.name != "numeric" || (argument.type.precision == declared.precision && argument.type.scale == declared.scale))
            guard sameType else {
                throw DevNodeError.engine("expected argument \(index + 1) to be \(declared), got \(argument.type)")
            }
            values.append(argument.value)
        }
        return values
    }
}
