import IdosCrypto
import Testing

@Suite struct Ed25519Tests {
    static let seed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
    static let publicKey = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"

    @Test func rfc8032TestOne() throws {
        let key = try Ed25519.PrivateKey(h(Self.seed))
        #expect(Hex.encode(key.publicKey) == Self.publicKey)
        let sig = key.sign([UInt8]())
        #expect(Hex.encode(sig) == "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")
        #expect(Ed25519.verify(signature: sig, message: [UInt8](), publicKey: key.publicKey))
    }

    @Test func acceptsTweetnaclSecretKeyAndRejectsMismatchedHalf() throws {
        let key = try Ed25519.PrivateKey(h(Self.seed + Self.publicKey))
        #expect(Hex.encode(key.publicKey) == Self.publicKey)
        #expect(Hex.encode(key.tweetnaclSecretKey) == Self.seed + Self.publicKey)
        var bad = h(Self.seed + Self.publicKey)
        bad[40] ^= 1
        #expect(throws: CryptoError.invalidKey(what: "64-byte Ed25519 secret key (its public half does not match its seed)")) {
            try Ed25519.PrivateKey(bad)
        }
        #expect(throws: CryptoError.invalidLength(what: "Ed25519 secret key", expected: "32 (seed) or 64 (seed ‖ public key)", actual: 2)) {
            try Ed25519.PrivateKey(h("00ff"))
        }
    }

    @Test func faceSignProofVector() throws {
        // idos-issuer.md §13.5: raw ed25519 over the proof message with the issuer key.
        let key = try Ed25519.PrivateKey(h(Self.seed))
        let m = u("Please sign this message to confirm you own this wallet address. Nonce 00000000-0000-4000-8000-000000000000")
        #expect(Hex.encode(key.sign(m)) == "dc28e968fb6bc2322cab254ecddf52143f7101dd9f586a91e7de6cc84903dc9032d13953874d1ebfabb8aa906b9bf41da6fbd18d0dece09f553dbd4afd9d1100")
    }

    @Test func randomSignVerifyRoundTripsAndTamperDetection() {
        for _ in 0..<40 {
            let key = Ed25519.PrivateKey.generate()
            let message = secureRandomBytes(Int(secureRandomBytes(1)[0]))
            var sig = key.sign(message)
            #expect(Ed25519.verify(signature: sig, message: message, publicKey: key.publicKey))
            let other = Ed25519.PrivateKey.generate()
            #expect(!Ed25519.verify(signature: sig, message: message, publicKey: other.publicKey))
            #expect(!Ed25519.verify(signature: sig, message: message + [0], publicKey: key.publicKey))
            sig[Int(secureRandomBytes(1)[0]) % 64] ^= 0x40
            #expect(!Ed25519.verify(signature: sig, message: message, publicKey: key.publicKey))
            #expect(!Ed25519.verify(signature: Array(sig.prefix(63)), message: message, publicKey: key.publicKey))
        }
    }
}

/// idos-issuer.md §13.3 credential signatures at the primitive level:
/// public_notes_signature = ed25519(utf8(notes)); broader_signature = ed25519(rawSig ‖ rawContent).
@Suite struct CredentialSignatureVectorTests {
    static let key = try! Ed25519.PrivateKey(h("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"))

    @Test func originalSignatures() {
        let notes = #"{"id":"6f4a9a36-1b2c-4d5e-8f90-123456789abc","type":"KYC DATA","level":"basic+liveness","status":"approved","issuer":"MyIssuer"}"#
        let notesSig = Self.key.sign(u(notes))
        #expect(Base64.encode(notesSig) == "TcjfmgkocrxqndHJQb4HAAQINX0EJ6u/RyrSP+UDBJ2HSaR7hgIz/7ZQv+9hukrwofAe5qmRxfK3qpDBVt2fBQ==")
        let content = b64("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXCC11JbqSWxk8cLGgtco+Axf5eMKXCFdElQeY2XYLXm4=")
        #expect(Base64.encode(Self.key.sign(notesSig + content)) == "SPf9gGPIqDZ69Mjx5hIxXw+2C4EpcvfCIADegn4cXowKSuKSHCxn8n8QzOFnj6cMUCO20aQ2U9Vc2og+gEhkBg==")
    }

    @Test func copySignaturesOverEmptyNotes() {
        let notesSig = Self.key.sign(u(""))
        #expect(Base64.encode(notesSig) == "5VZDAMNgrHKQhuLMgG6CioSHfx645dl02HPgZSJJAVVfuIIVkKM7rMYeOXAc+bRr0lv18FlbviRlUUFDjnoQCw==")
        let content = b64("GBkaGxwdHh8gISIjJCUmJygpKissLS4viER1MVUAMrv/GQVmqlFJf/nkffjbgyAxWtcYqLQ8+7E=")
        #expect(Base64.encode(Self.key.sign(notesSig + content)) == "hsNNr8nSFfjs1eJSWB6dNok2LEJ0JW9zvIDXh6jf1HaM9Odc+LQoKJx3Pj0scjlnmYc8KIOLiVbJtKqszahvDw==")
    }
}
