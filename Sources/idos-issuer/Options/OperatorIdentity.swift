import Foundation
import IssuerStore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Who runs the CLI, as audit rows name an operator: `cli:<os user>`.
enum OperatorIdentity {
    /// `cli:` and the login name of the effective user (its uid when it has none).
    static var actor: String { AuditActor.cli(user: userName) }

    static var userName: String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name {
            let text = String(cString: name)
            if !text.isEmpty { return text }
        }
        return ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "uid\(geteuid())"
    }
}
