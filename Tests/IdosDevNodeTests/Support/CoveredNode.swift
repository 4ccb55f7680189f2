import Foundation
import KwilKit
import Testing
@testable import IdosDevNode

/// What a coverage run has exercised: the actions invoked (as txs or calls) and the error texts seen.
actor CoverageLog {
    private(set) var actions: Set<String> = []
    private(set) var errors: Set<String> = []

    func ran(_ action: String) { actions.insert(action) }
    func saw(_ error: String) { errors.insert(error) }
}

/// A `ChainHarness` that logs every action it runs and every error it returns, so a test can prove it
/// reached the whole catalog (`IdosAction.all`) and every §4.14 error string.
struct CoveredNode {
    let node: ChainHarness
    let log: CoverageLog

    /// Runs a tx and returns its outcome (logged).
    @discardableResult
    func execute(_ actor: TestActor, _ action: String, _ args: [KwilValue]) async throws -> TxOutcome {
        await log.ran(action)
        let outcome = try await node.execute(actor, action, args)
        if outcome.code != 0 { await log.saw(outcome.log) }
        return outcome
    }

    /// Runs a tx that must succeed.
    func mustExecute(_ actor: TestActor, _ action: String, _ args: [KwilValue], sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let outcome = try await execute(actor, action, args)
        #expect(outcome.code == 0, "\(action) failed: \(outcome.log)", sourceLocation: sourceLocation)
    }

    /// Runs a tx that must fail with exactly `message`.
    func expectFailure(_ actor: TestActor, _ action: String, _ args: [KwilValue], _ message: String,
                       sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let outcome = try await execute(actor, action, args)
        #expect(outcome.code == TxOutcome.failedCode && outcome.log == message, "\(action): \(outcome.log)", sourceLocation: sourceLocation)
    }

    /// A read-only call as `caller` (logged; an action error is logged and rethrown).
    func call(_ caller: String, _ action: String, _ args: [KwilValue] = []) async throws -> QueryResult {
        await log.ran(action)
        do { return try await node.call(caller, action, args) } catch let DevNodeError.raised(message) {
            await log.saw(message)
            throw DevNodeError.raised(message)
        }
    }

    /// A call that must fail with exactly `message`.
    func expectCallFailure(_ caller: String, _ action: String, _ args: [KwilValue], _ message: String,
                           sourceLocation: SourceLocation = #_sourceLocation) async {
        await #expect(throws: DevNodeError.raised(message), sourceLocation: sourceLocation) { _ = try await call(caller, action, args) }
    }
}
