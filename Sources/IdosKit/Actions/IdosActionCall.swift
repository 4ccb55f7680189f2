public import KwilKit

/// A checked invocation of one catalog action: the action, its positional arguments and (for writes) the
/// SDK's tx description. Turns into KwilKit's `ActionCall` (a VIEW) or `ActionExecution` / unsigned
/// `Transaction` (a write). The builders in `IdosActionCall+*.swift` are the only places that assemble the
/// issuer's calls.
public struct IdosActionCall: Sendable, Hashable {
    /// The catalog entry.
    public let action: IdosAction
    /// Positional arguments, checked against `action.parameters`.
    public let arguments: [KwilValue]

    /// Checks `arguments` against the catalog: the count, each non-NULL value's exact Kwil type (numerics
    /// with precision and scale), and NULL only where the SDK marks the parameter optional.
    /// - Throws: `IdosActionError.arity`, `.argumentType` or `.missingArgument`.
    public init(_ action: IdosAction, _ arguments: [KwilValue]) throws(IdosActionError) {
        guard arguments.count == action.parameters.count else {
            throw .arity(action: action.name, expected: action.parameters.count, got: arguments.count)
        }
        for (index, (value, parameter)) in zip(arguments, action.parameters).enumerated() {
            if value.isNull {
                guard parameter.isOptional else { throw .missingArgument(action: action.name, parameter: parameter.name) }
                guard value.dataType == parameter.type || value.dataType == .null else {
                    throw .argumentType(action: action.name, index: index + 1, parameter: parameter.name,
                                        expected: parameter.type.description, got: value.dataType.description)
                }
                continue
            }
            guard value.dataType == parameter.type else {
                throw .argumentType(action: action.name, index: index + 1, parameter: parameter.name,
                                    expected: parameter.type.description, got: value.dataType.description)
            }
        }
        self.action = action
        self.arguments = arguments
    }

    /// Looks the action up by name, then checks as `init(_:_:)` does.
    /// - Throws: `IdosActionError.unknownAction` for a name outside the catalog, else as `init(_:_:)`.
    public init(named name: String, _ arguments: [KwilValue]) throws(IdosActionError) {
        guard let action = IdosAction.named(name) else { throw .unknownAction(name) }
        try self.init(action, arguments)
    }

    /// The SDK's tx description (nil for views).
    public var txDescription: String? { action.txDescription }

    /// The `user.call` payload of a VIEW.
    /// - Throws: `IdosActionError.wrongKind` for a write.
    public func call() throws(IdosActionError) -> ActionCall {
        guard action.isView else { throw .wrongKind(action: action.name, isView: false) }
        return ActionCall(namespace: "main", action: action.name, arguments: arguments)
    }

    /// The `execute` payload of a write (one row).
    /// - Throws: `IdosActionError.wrongKind` for a VIEW.
    public func execution() throws(IdosActionError) -> ActionExecution {
        guard !action.isView else { throw .wrongKind(action: action.name, isView: true) }
        return ActionExecution(namespace: "main", action: action.name, rows: [arguments])
    }

    /// The unsigned transaction of a write, with the SDK's description, fee "0" (idOS runs without gas);
    /// sign it once with `Transaction.sign(with:)`.
    /// - Throws: `IdosActionError.wrongKind` for a VIEW, `.encoding` if the payload cannot be encoded.
    public func transaction(nonce: UInt64, chainID: String) throws(IdosActionError) -> Transaction {
        let payload: [UInt8]
        do { payload = try execution().encoded() } catch let error as IdosActionError { throw error } catch {
            throw .encoding("\(error)")
        }
        return Transaction(description: txDescription ?? "", payload: payload, nonce: nonce, chainID: chainID)
    }
}
