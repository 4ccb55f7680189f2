import Foundation
import IdosCrypto
import KwilKit
import Testing
@testable import IdosDevNode

/// KGW sign-ins without a clock: the public URL in every message, bounded and expiring nonces, single use,
/// and sessions that vouch only for the key type they were opened with.
@Suite struct GatewaySessionsTests {
    let t0 = Date(timeIntervalSince1970: 1_700_000_000)
    let key = Ed25519.PrivateKey.generate()

    func signIn(_ sessions: GatewaySessions, nonce: KGWAuthParameters, at now: Date) async throws(GatewaySessions.Failure) -> String {
        try await sessions.authenticate(nonce: nonce.nonce, sender: Hex.encode(key.publicKey), signature: key.sign(Array(nonce.message.utf8)),
                                        type: "ed25519", now: now)
    }

    @Test func theSignInNamesThePublicURLAndItsAuthnPath() async {
        let sessions = GatewaySessions(publicURL: "https://node.example/idos")
        let p = await sessions.issueParameters(chainId: "c", now: t0)
        #expect(p.domain == "https://node.example/idos")
        #expect(p.uri == "https://node.example/idos/kgw/v1/authn")
        #expect(p.message.hasPrefix("https://node.example/idos wants you to sign in with your account:\n"))
        #expect(p.issueAt == "2023-11-14T22:13:20Z" && p.expirationTime == "2023-11-14T22:18:20Z")
    }

    @Test func nonceExpiresAtTheFirstSecondPastItsLifetime() async throws {
        let sessions = GatewaySessions(publicURL: "http://127.0.0.1:1")
        let inside = await sessions.issueParameters(chainId: "c", now: t0)
        let outside = await sessions.issueParameters(chainId: "c", now: t0)
        _ = try await signIn(sessions, nonce: inside, at: t0.addingTimeInterval(GatewaySessions.nonceLifetime - 1))
        await #expect(throws: GatewaySessions.Failure.unknownNonce) {
            _ = try await signIn(sessions, nonce: outside, at: t0.addingTimeInterval(GatewaySessions.nonceLifetime))
        }
    }

    @Test func pendingNoncesAreCappedAndTheOldestGoesFirst() async throws {
        let sessions = GatewaySessions(publicURL: "http://127.0.0.1:1", maxPendingSignIns: 3)
        var issued: [KGWAuthParameters] = []
        for _ in 0..<1_000 { issued.append(await sessions.issueParameters(chainId: "c", now: t0)) }
        #expect(await sessions.pendingCount == 3)
        await #expect(throws: GatewaySessions.Failure.unknownNonce) { _ = try await signIn(sessions, nonce: issued[0], at: t0) }
        _ = try await signIn(sessions, nonce: issued[999], at: t0)
        // A nonce is single use.
        await #expect(throws: GatewaySessions.Failure.unknownNonce) { _ = try await signIn(sessions, nonce: issued[999], at: t0) }
    }

    @Test func expiredNoncesAreSweptWhenTheNextIsIssued() async {
        let sessions = GatewaySessions(publicURL: "http://127.0.0.1:1")
        for _ in 0..<100 { _ = await sessions.issueParameters(chainId: "c", now: t0) }
        _ = await sessions.issueParameters(chainId: "c", now: t0.addingTimeInterval(GatewaySessions.nonceLifetime))
        #expect(await sessions.pendingCount == 1)
    }

    @Test func aSessionVouchesOnlyForItsSenderAndKeyType() async throws {
        let sessions = GatewaySessions(publicURL: "http://127.0.0.1:1")
        let cookie = try await signIn(sessions, nonce: await sessions.issueParameters(chainId: "c", now: t0), at: t0)
        let sender = Hex.encode(key.publicKey)
        #expect(await sessions.vouches(cookie: cookie, sender: sender, authType: "ed25519", now: t0))
        #expect(await !sessions.vouches(cookie: cookie, sender: sender, authType: "secp256k1_ep", now: t0))
        #expect(await !sessions.vouches(cookie: cookie, sender: String(repeating: "ab", count: 32), authType: "ed25519", now: t0))
        #expect(await !sessions.vouches(cookie: cookie, sender: sender, authType: "ed25519", now: t0.addingTimeInterval(GatewaySessions.sessionLifetime)))
    }

    @Test func aBadSignatureOpensNoSession() async {
        let sessions = GatewaySessions(publicURL: "http://127.0.0.1:1")
        let p = await sessions.issueParameters(chainId: "c", now: t0)
        await #expect(throws: GatewaySessions.Failure.badSignature("the ed25519 signature does not verify for the sender key")) {
            _ = try await sessions.authenticate(nonce: p.nonce, sender: Hex.encode(key.publicKey), signature: key.sign(Array("other".utf8)),
                                                type: "ed25519", now: t0)
        }
    }
}
