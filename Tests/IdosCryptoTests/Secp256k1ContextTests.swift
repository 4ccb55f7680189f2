@testable import IdosCrypto
import Testing

@Suite struct Secp256k1ContextTests {
    /// The signing context is blinded (`secp256k1_context_randomize`) before first use. Blinding must
    /// not change any signature: RFC 6979 keeps them deterministic, so the §13.5 vector (checked in
    /// `Secp256k1Tests.personalSignVectorIsReproducedAndRecovers`) is still reproduced byte for byte.
    @Test func signingContextIsRandomized() throws {
        let key = try Secp256k1.PrivateKey(h("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"))
        let signature = EIP191.sign(u("Please sign this message to confirm you own this wallet address. Nonce 00000000-0000-4000-8000-000000000000"), key: key)
        #expect(Secp256k1.signingContextIsRandomized)
        #expect(Hex.encode(signature) == "a9d7a34d02d462d4e04bf2968f6de6fd8c3b49fbc00fe399bb6ffc3263d306de35c657ba245624487f68ef82ae7cfb34444a5eeb15b3d1334a1836e47902098a1c")
    }
}
