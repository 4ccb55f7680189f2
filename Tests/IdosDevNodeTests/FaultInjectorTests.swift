import Testing
@testable import IdosDevNode

/// The fault decisions themselves, without a clock: the latency a request gets and the blocks `pause` holds.
@Suite struct FaultInjectorTests {
    @Test func latencyIsTheFixedDelayPlusJitterWithinItsBound() async {
        var settings = FaultSettings()
        settings.latencyMs = 200
        let fixed = FaultInjector(settings)
        #expect(await fixed.latency() == .milliseconds(200))
        settings.latencyJitterMs = 50
        let jittery = FaultInjector(settings)
        for _ in 0..<100 {
            let delay = await jittery.latency()
            #expect(delay >= .milliseconds(200) && delay <= .milliseconds(250))
        }
    }

    @Test func pauseHoldsBlocksAndCountsThemOnlyWhileSet() async {
        var settings = FaultSettings()
        settings.pause = true
        let injector = FaultInjector(settings)
        #expect(await injector.holdsBlock())
        #expect(await injector.holdsBlock())
        await injector.set(FaultSettings())
        #expect(await !injector.holdsBlock())
        #expect(await injector.heldBlocks == 2)
    }
}
