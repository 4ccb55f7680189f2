public import Foundation

/// A console operator's role: `viewer` reads every page; `operator` also retries, redrives and cancels jobs.
public enum OperatorRole: String, Sendable, CaseIterable, Codable {
    case viewer
    case `operator`
}

/// A console account. `passwordHash` is an `IdosCrypto.PasswordHash` string, never a password.
public struct OperatorAccount: Sendable, Equatable {
    public var id: UUID
    public var name: String
    public var role: OperatorRole
    public var passwordHash: String
    public var createdAt: Date
    public var disabledAt: Date?
}

/// A live console session: who, and the CSRF token its forms carry.
public struct OperatorSession: Sendable, Equatable {
    public var account: OperatorAccount
    public var csrfToken: String
    public var expiresAt: Date
}
