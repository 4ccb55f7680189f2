public import KwilKit

/// One client-visible action of the idOS node schema (idos-actions.md §3, §6): its exact name, positional
/// parameters and result columns with their Kwil types, whether it is a VIEW (a `user.call`) or OWNER-only,
/// and the SDK's tx description for writes. `IdosAction.all` is the catalog; `IdosActionCall` builds
/// checked calls from it, and the devnode attaches its bodies to it by name.
public struct IdosAction: Sendable, Hashable, CustomStringConvertible {
    /// One parameter or result column.
    public struct Column: Sendable, Hashable {
        public let name: String
        public let type: DataType
        /// The SDK marks the parameter optional: NULL is a meaningful value (always false for results).
        public let isOptional: Bool

        public init(_ name: String, _ type: DataType, optional: Bool = false) {
            self.name = name
            self.type = type
            self.isOptional = optional
        }
    }

    /// The action name (lower-case snake case).
    public let name: String
    /// Positional parameters, in declared order.
    public let parameters: [Column]
    /// Result columns; empty for writes.
    public let returns: [Column]
    /// VIEW actions run in `user.call`; the others need a signed transaction.
    public let isView: Bool
    /// OWNER actions run only for the database owner.
    public let isOwner: Bool
    /// The SDK's tx description (idos-actions.md §4.15), byte-exact; nil for views.
    public let txDescription: String?

    init(_ name: String, _ parameters: [(String, DataType)], optional: Set<String> = [], returns: [(String, DataType)] = [],
         view: Bool = false, owner: Bool = false, description: String? = nil) {
        self.name = name
        self.parameters = parameters.map { Column($0.0, $0.1, optional: optional.contains($0.0)) }
        self.returns = returns.map { Column($0.0, $0.1) }
        self.isView = view
        self.isOwner = owner
        self.txDescription = description
    }

    public var description: String { name }

    /// The NUMERIC(78,0) of token amounts and gas.
    static let numeric78 = DataType.numeric(78, 0)
}
