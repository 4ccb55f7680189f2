/// Every reason an idOS credential's fields or subject were refused, one entry per offending field.
public struct CredentialValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// One offending field: its path (e.g. `credentialSubject.idDocumentCountry`) and what to fix.
    public struct Issue: Sendable, Equatable {
        public let path: String
        public let reason: String
        public init(path: String, reason: String) { self.path = path; self.reason = reason }
    }

    public let issues: [Issue]

    public init(issues: [Issue]) { self.issues = issues }

    public var description: String {
        "invalid credential (\(issues.count) problem\(issues.count == 1 ? "" : "s")):\n"
            + issues.map { "  \($0.path): \($0.reason)" }.joined(separator: "\n")
    }
}
