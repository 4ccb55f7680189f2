import Foundation
import TestSupport

/// Runs the built `idos-issuer` binary.
func issuer(_ arguments: String..., input: [UInt8] = []) throws -> ProcessResult {
    try ChildProcess.run(TestEnvironment.executable("idos-issuer"), arguments, input: input)
}

/// Runs the built `idos-issuer` binary without holding a Swift concurrency thread (async tests).
func issuer(_ arguments: String..., input: [UInt8] = []) async throws -> ProcessResult {
    try await ChildProcess.run(TestEnvironment.executable("idos-issuer"), arguments, input: input)
}

/// Parses one line of JSON output into a dictionary.
func jsonObject(_ result: ProcessResult) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(result.stdout))
    return object as? [String: Any] ?? [:]
}
