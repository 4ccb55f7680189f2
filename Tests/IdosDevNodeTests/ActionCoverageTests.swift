import Foundation
import IdosKit
import TestSupport
import Testing
@testable import IdosDevNode

/// One run through the whole schema (`CoverageWorld`) that proves its own reach: every action of the catalog
/// (`IdosAction.all`, so a new action cannot be left out silently) ran at least once, and every error string
/// of idos-actions.md §4.14 that client calls can provoke was produced, each where the spec says.
@Suite(.requiresPostgres)
struct ActionCoverageTests {
    @Test func everyCatalogActionRunsAndEveryReachableSpecErrorIsProduced() async throws {
        let world = CoverageWorld(), log = CoverageLog()
        try await ChainHarness.with(owner: world.owner.caller, delegates: world.f.delegates) { harness in
            try await world.run(CoveredNode(node: harness, log: log))
        }
        let catalog = Set(IdosAction.all.map(\.name))
        #expect(catalog.count == 51)
        let ran = await log.actions
        #expect(catalog.subtracting(ran).isEmpty, "catalog actions the run never reached: \(catalog.subtracting(ran).sorted())")

        #expect(SpecErrorStrings.all.count == 37 && Set(SpecErrorStrings.all).count == 37)
        let reachable = Set(SpecErrorStrings.all).subtracting(SpecErrorStrings.unreachable.keys)
        let seen = await log.errors
        #expect(reachable.subtracting(seen).isEmpty, "§4.14 strings never produced: \(reachable.subtracting(seen).sorted())")
        // Every idOS error the run met is one of the spec's (the rest are Kwil engine errors, provoked on purpose).
        let engine = seen.subtracting(SpecErrorStrings.all)
        #expect(engine == ["action add_inserter_as_owner can only be executed by the owner"], "\(engine.sorted())")
    }
}
