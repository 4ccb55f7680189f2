import Foundation
@testable import IdosCrypto
import Testing

@Suite struct UUIDv5Tests {
    @Test func accessGrantIdVector() throws {
        // idos-issuer.md §3.5: uuid_generate_v5(31276fd4-…, "grantee-dataId-lockedUntil").
        let ns = try #require(UUID(uuidString: "31276fd4-105f-4ff7-9f64-644942c14b79"))
        let name = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a-550e8400-e29b-41d4-a716-446655440003-1735689600"
        #expect(UUIDv5.make(namespace: ns, name: name).lowercasedString == "fbd22803-820b-5919-8b53-d6ac70eb9652")
    }

    @Test func rfcDNSNamespaceExample() throws {
        // Python: uuid.uuid5(uuid.NAMESPACE_DNS, "python.org") == 886313e1-3b8a-5372-9b90-0c9aee199e5d
        let dns = try #require(UUID(uuidString: "6ba7b810-9dad-11d1-80b4-00c04fd430c8"))
        #expect(UUIDv5.make(namespace: dns, name: "python.org").lowercasedString == "886313e1-3b8a-5372-9b90-0c9aee199e5d")
    }

    @Test func uuidBytesRoundTrip() throws {
        let id = try #require(UUID(uuidString: "550e8400-e29b-41d4-a716-446655440000"))
        #expect(Hex.encode(id.bytes) == "550e8400e29b41d4a716446655440000")
        #expect(UUID(bytes: id.bytes) == id)
        #expect(UUID(bytes: [1, 2]) == nil)
    }
}

@Suite struct MultibaseTests {
    @Test func vcKeyVector() throws {
        // idos-issuer.md §13.6: seed = sha256("idos-vc-test-key").
        let seed = SHA256.hash("idos-vc-test-key")
        #expect(Hex.encode(seed) == "4afb738a47b339399110f12b2555db83fa845fc20b9fb180e312733f3712ae0b")
        let key = try Ed25519.PrivateKey(seed)
        #expect(Multibase.encodeEd25519PublicKey(key.publicKey) == "z6Mkp8cLeCLk23M9ucPQvAe3cEf8KvpuLifUfdsq3R5wgvvE")
        #expect(Multibase.encodeEd25519PrivateKey(key) == "zrv28r72rs1EwzhthnwsQvbvL4WxaHvq2PM6ALvM16rRJaM1n96ReL5t3z8eYRtsroKkZLqX5uSGsEQokujo27aDvzn")
        #expect(try Multibase.decodeEd25519PublicKey("z6Mkp8cLeCLk23M9ucPQvAe3cEf8KvpuLifUfdsq3R5wgvvE") == key.publicKey)
        #expect(try Multibase.decodeEd25519PrivateKey("zrv28r72rs1EwzhthnwsQvbvL4WxaHvq2PM6ALvM16rRJaM1n96ReL5t3z8eYRtsroKkZLqX5uSGsEQokujo27aDvzn").seed == seed)
    }

    @Test(arguments: [
        ("6Mkp8cLeCLk23M9ucPQvAe3cEf8KvpuLifUfdsq3R5wgvvE", CryptoError.invalidEncoding(encoding: "multibase", reason: "expected base58btc ('z' prefix), got '6'")),
        ("z6Mkp8cLeCLk23M9ucPQvAe3cEf8", CryptoError.invalidEncoding(encoding: "multibase Ed25519 public key", reason: "expected multicodec 0xed01 and 32 key bytes")),
        ("z0OIl", CryptoError.invalidEncoding(encoding: "base58", reason: "'0' is not in the base58 alphabet")),
    ])
    func rejectsMalformedKeys(text: String, error: CryptoError) {
        #expect(throws: error) { try Multibase.decodeEd25519PublicKey(text) }
    }
}

@Suite struct NEP413Tests {
    static let blobHex = "00a49d0100806b000000506c65617365207369676e2074686973206d65737361676520746f20636f6e6669726d20796f75206f776e20746869732077616c6c657420616464726573732e204e6f6e63652030303030303030302d303030302d343030302d383030302d303030303030303030303030000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f0c00000069646f732e6e6574776f726b002066bc5e87273bc702beafc89aa536528cc420357006324c8e7c8165adf6e598beb7f33d073e16e98b146fa72ad1556da98f920775d54f089e4bef91600ed706"
    static let message = "Please sign this message to confirm you own this wallet address. Nonce 00000000-0000-4000-8000-000000000000"

    @Test func reproducesTheSpecBlob() throws {
        // idos-issuer.md §13.5: key seed = sha256("near-test-key"), nonce = bytes 0..31, recipient idos.network.
        let key = try Ed25519.PrivateKey(SHA256.hash("near-test-key"))
        #expect(NEARPublicKey.encode(key.publicKey) == "ed25519:AoTdnojLSRgTgTH3BoA13Dwd4bYgHfdmDHBcCjDxehU1")
        #expect(Hex.encode(key.publicKey) == "91a003db01c1c2d1d66072a865326b3ffb3b4adf694922015e7440b0ed4e2e76")
        let payload = NEP413(message: Self.message, nonce: Array(0..<32), recipient: "idos.network")
        let blob = payload.blob(signature: key.sign(payload.signingHash))
        #expect(Hex.encode(blob) == Self.blobHex)
    }

    @Test func parsesTheSpecBlob() throws {
        let (payload, signature) = try NEP413.parseBlob(h(Self.blobHex))
        #expect(payload.message == Self.message)
        #expect(payload.recipient == "idos.network")
        #expect(payload.nonce == Array(0..<32))
        #expect(payload.callbackUrl == nil)
        #expect(signature.count == 64)
        let pub = try NEARPublicKey.decode("ed25519:AoTdnojLSRgTgTH3BoA13Dwd4bYgHfdmDHBcCjDxehU1")
        #expect(Ed25519.verify(signature: signature, message: payload.signingHash, publicKey: pub))
    }

    @Test func callbackUrlRoundTrips() throws {
        let payload = NEP413(message: "m", nonce: Array(repeating: 7, count: 32), recipient: "r", callbackUrl: "https://cb")
        let (parsed, sig) = try NEP413.parseBlob(payload.blob(signature: Array(repeating: 1, count: 64)))
        #expect(parsed == payload)
        #expect(sig == Array(repeating: 1, count: 64))
    }

    @Test func rejectsTruncatedOrInconsistentBlobs() {
        let blob = h(Self.blobHex)
        func malformed(_ reason: String) -> CryptoError { .invalidEncoding(encoding: "NEP-413 blob", reason: reason) }
        #expect(throws: malformed("declared payload length 164 + 64-byte signature does not match blob size 227")) {
            try NEP413.parseBlob(Array(blob.dropLast()))
        }
        #expect(throws: malformed("declared payload length 164 + 64-byte signature does not match blob size 8")) {
            try NEP413.parseBlob(Array(blob.prefix(10)))
        }
        var badTag = blob
        badTag[2] ^= 1
        #expect(throws: malformed("missing NEP-413 tag 2^31+413")) { try NEP413.parseBlob(badTag) }
        #expect(throws: CryptoError.invalidEncoding(encoding: "NEAR public key", reason: "expected 'ed25519:<base58>'")) {
            try NEARPublicKey.decode("AoTdnojLSRgTgTH3BoA13Dwd4bYgHfdmDHBcCjDxehU1")
        }
        #expect(throws: CryptoError.invalidLength(what: "NEAR ed25519 public key", expected: "32", actual: 33)) {
            try NEARPublicKey.decode("ed25519:1AoTdnojLSRgTgTH3BoA13Dwd4bYgHfdmDHBcCjDxehU1")
        }
    }
}

@Suite struct StrKeyTests {
    @Test func knownAccountIds() throws {
        #expect(StrKey.encodeAccountId(Array(repeating: 0, count: 32)) == "GAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAWHF")
        #expect(try StrKey.decodeAccountId("GAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAWHF") == Array(repeating: 0, count: 32))
    }

    @Test func randomRoundTrips() throws {
        for _ in 0..<20 {
            let key = secureRandomBytes(32)
            let text = StrKey.encodeAccountId(key)
            #expect(text.hasPrefix("G") && text.count == 56)
            #expect(try StrKey.decodeAccountId(text) == key)
        }
    }

    @Test func rejectsCorruptedIds() {
        #expect(throws: CryptoError.checksumMismatch(what: "Stellar StrKey")) {
            try StrKey.decodeAccountId("GAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAWHG")
        }
        #expect(throws: CryptoError.invalidEncoding(encoding: "Stellar StrKey", reason: "an account id (G…) is exactly 56 characters, got 5")) {
            try StrKey.decodeAccountId("gaaaa")
        }
        #expect(throws: CryptoError.invalidEncoding(encoding: "Stellar StrKey", reason: "'g' is not a base32 character (A-Z, 2-7)")) {
            try StrKey.decodeAccountId("gAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAWHF")
        }
        #expect(throws: CryptoError.invalidEncoding(encoding: "Stellar StrKey", reason: "not an account id (G…): version byte 144")) {
            try StrKey.decodeAccountId("SAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAWHF")
        }
    }

    /// One key, one spelling: a 57th character used to fall into ignored leftover bits and decode to
    /// the same key (stellar-sdk refuses it; see IdosKitTests/Fixtures/wallet_proofs.json).
    @Test(arguments: ["A", "Q", "7"])
    func refusesATrailingCharacter(extra: String) {
        #expect(throws: CryptoError.invalidEncoding(encoding: "Stellar StrKey", reason: "an account id (G…) is exactly 56 characters, got 57")) {
            try StrKey.decodeAccountId("GAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAWHF" + extra)
        }
    }

    /// RFC 4648 §3.5 canonical encoding, without padding: the bits after the last whole byte are zero,
    /// and no character is left over that carries no bit of a byte. ("MY" is base32 of "f"; "MZ" sets
    /// an unused bit; "MYA" adds a character that completes no byte.)
    @Test func base32RefusesNonCanonicalText() throws {
        #expect(try StrKey.base32Decode("MY") == Array("f".utf8))
        #expect(try StrKey.base32Decode("MZXQ") == Array("fo".utf8))
        #expect(throws: CryptoError.invalidEncoding(encoding: "Stellar StrKey", reason: "non-zero unused bits in the last character")) {
            try StrKey.base32Decode("MZ")
        }
        #expect(throws: CryptoError.invalidEncoding(encoding: "Stellar StrKey", reason: "a trailing character that encodes no whole byte")) {
            try StrKey.base32Decode("MYA")
        }
    }
}

@Suite struct XRPLAddressTests {
    @Test func genesisAccount() throws {
        // The XRPL genesis account ("masterpassphrase" secp256k1 key).
        let pub = h("0330E7FC9D56BB25D6893BA3F317AE5BCF33B3291BD63DB32654A313222F7FD020")
        #expect(XRPLAddress.fromPublicKey(pub) == "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh")
        #expect(try XRPLAddress.decode("rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh") == RIPEMD160.hash(SHA256.hash(pub)))
    }

    @Test func rejectsBadChecksum() {
        #expect(throws: CryptoError.checksumMismatch(what: "base58check")) { try XRPLAddress.decode("rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTi") }
        #expect(throws: CryptoError.invalidEncoding(encoding: "base58", reason: "'0' is not in the base58 alphabet")) { try XRPLAddress.decode("0OIl") }
        // A trailing character makes another number, whose checksum does not match.
        #expect(throws: CryptoError.checksumMismatch(what: "base58check")) { try XRPLAddress.decode("rHb9CJAWyB4rj91VRWn96DkukG4bwdtyThr") }
    }
}
