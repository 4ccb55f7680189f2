import CSecp256k1

/// secp256k1 ECDSA (libsecp256k1): recoverable signatures (Ethereum), verification of compact and DER
/// signatures (XRPL), key derivation.
///
/// Signing and public-key derivation run on a context randomized once at creation with 32 bytes from
/// libsodium's `randombytes_buf` (`secp256k1_context_randomize`: blinding of the secret-scalar
/// multiplications against side channels). Signatures stay RFC 6979 deterministic: the blinding
/// changes how they are computed, not their value.
///
/// **Malleability.** An ECDSA signature `(r, s)` has a twin `(r, n − s)` that verifies for the same key
/// and message, and the recovery byte can be written 0/1 or 27/28. A Kwil tx signed as `secp256k1_ep`
/// (EIP-191) is hashed with its signature bytes, so anyone who sees it can rebroadcast the same intent
/// under another tx hash, and only one of the two can be mined (same sender, same nonce). Track node
/// writes by (sender, nonce) as well as by tx hash: a write whose hash never confirms may have landed
/// under its twin's hash.
public enum Secp256k1 {
    /// One context for the process, randomized once at creation (the only time it is mutated).
    /// libsecp256k1 documents that a context may be used from several threads at once by every API
    /// call that takes it `const`, which is every call after creation, and that randomizing once at
    /// creation needs no lock; hence `@unchecked Sendable` is safe.
    private final class Context: @unchecked Sendable {
        let raw: OpaquePointer
        /// Whether `secp256k1_context_randomize` accepted the seed (tests check it).
        let isRandomized: Bool
        init() {
            raw = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE))!
            var seed = secureRandomBytes(32)
            isRandomized = secp256k1_context_randomize(raw, seed) == 1
            for i in seed.indices { seed[i] = 0 }
        }
    }
    private static let context = Context()
    private static var ctx: OpaquePointer { context.raw }

    /// True once the process's signing context has been randomized (side-channel blinding).
    static var signingContextIsRandomized: Bool { context.isRandomized }

    /// A secp256k1 private key.
    public struct PrivateKey: Sendable, CustomStringConvertible {
        /// The 32-byte scalar.
        public let bytes: [UInt8]

        /// A key from 32 bytes; rejects zero and values ≥ the group order.
        public init(_ bytes: [UInt8]) throws(CryptoError) {
            guard bytes.count == 32 else { throw .invalidLength(what: "secp256k1 private key", expected: "32", actual: bytes.count) }
            guard secp256k1_ec_seckey_verify(Secp256k1.ctx, bytes) == 1 else { throw .invalidKey(what: "secp256k1 private key") }
            self.bytes = bytes
        }

        /// A fresh random key.
        public static func generate() -> PrivateKey {
            while true {
                if let key = try? PrivateKey(secureRandomBytes(32)) { return key }
            }
        }

        /// The public key, 65-byte uncompressed (`04 ‖ x ‖ y`) or 33-byte compressed.
        public func publicKey(compressed: Bool = false) -> [UInt8] {
            var pub = secp256k1_pubkey()
            _ = secp256k1_ec_pubkey_create(Secp256k1.ctx, &pub, bytes)
            return Secp256k1.serialize(pub, compressed: compressed)
        }

        /// Signs a 32-byte hash (RFC 6979, low-S) and returns `r ‖ s ‖ recoveryId` (recovery id 0 or 1).
        /// The result is malleable once published (see ``Secp256k1``): do not use the hash of a tx
        /// carrying it as the only handle on that tx.
        public func signRecoverable(hash: [UInt8]) throws(CryptoError) -> [UInt8] {
            guard hash.count == 32 else { throw .invalidLength(what: "message hash", expected: "32", actual: hash.count) }
            var sig = secp256k1_ecdsa_recoverable_signature()
            guard secp256k1_ecdsa_sign_recoverable(Secp256k1.ctx, &sig, hash, bytes, nil, nil) == 1 else {
                throw .libraryFailure("secp256k1_ecdsa_sign_recoverable")
            }
            var out = [UInt8](repeating: 0, count: 64)
            var recid: Int32 = 0
            secp256k1_ecdsa_recoverable_signature_serialize_compact(Secp256k1.ctx, &out, &recid, &sig)
            return out + [UInt8(recid)]
        }

        public var description: String { "Secp256k1.PrivateKey(<redacted>)" }
    }

    static func serialize(_ pub: secp256k1_pubkey, compressed: Bool) -> [UInt8] {
        var pub = pub
        var out = [UInt8](repeating: 0, count: compressed ? 33 : 65)
        var len = out.count
        secp256k1_ec_pubkey_serialize(ctx, &out, &len, &pub, UInt32(compressed ? SECP256K1_EC_COMPRESSED : SECP256K1_EC_UNCOMPRESSED))
        return out
    }

    static func parsePublicKey(_ bytes: [UInt8]) throws(CryptoError) -> secp256k1_pubkey {
        guard bytes.count == 33 || bytes.count == 65 else {
            throw .invalidLength(what: "secp256k1 public key", expected: "33 (compressed) or 65 (uncompressed)", actual: bytes.count)
        }
        var pub = secp256k1_pubkey()
        guard secp256k1_ec_pubkey_parse(ctx, &pub, bytes, bytes.count) == 1 else { throw .invalidKey(what: "secp256k1 public key") }
        return pub
    }

    /// Converts a public key between its compressed and uncompressed forms.
    public static func normalizePublicKey(_ bytes: [UInt8], compressed: Bool) throws(CryptoError) -> [UInt8] {
        serialize(try parsePublicKey(bytes), compressed: compressed)
    }

    /// Recovers the uncompressed public key (65 bytes) that made `signature` (`r ‖ s ‖ v`, v ∈ {0,1,27,28})
    /// over the 32-byte `hash`.
    public static func recoverPublicKey(hash: [UInt8], signature: [UInt8]) throws(CryptoError) -> [UInt8] {
        guard hash.count == 32 else { throw .invalidLength(what: "message hash", expected: "32", actual: hash.count) }
        guard signature.count == 65 else { throw .invalidLength(what: "recoverable signature (r ‖ s ‖ v)", expected: "65", actual: signature.count) }
        var v = Int32(signature[64])
        if v == 27 || v == 28 { v -= 27 }
        guard v == 0 || v == 1 else { throw .invalidKey(what: "signature recovery byte v=\(signature[64]) (expected 27, 28, 0 or 1)") }
        var rsig = secp256k1_ecdsa_recoverable_signature()
        guard secp256k1_ecdsa_recoverable_signature_parse_compact(ctx, &rsig, Array(signature[0..<64]), v) == 1 else {
            throw .invalidKey(what: "signature (r or s out of range)")
        }
        var pub = secp256k1_pubkey()
        guard secp256k1_ecdsa_recover(ctx, &pub, &rsig, hash) == 1 else { throw .invalidKey(what: "signature (no key recovers from it)") }
        return serialize(pub, compressed: false)
    }

    /// Verifies a DER-encoded ECDSA signature over a 32-byte hash. Only low-S signatures verify, as
    /// XRPL's reference verifier (ripple-keypairs 2.x on noble-curves, whose secp256k1 `verify`
    /// defaults to `lowS: true`) and libsecp256k1 require; the high-S twin of a valid signature is refused.
    public static func verifyDER(signature der: [UInt8], hash: [UInt8], publicKey: [UInt8]) -> Bool {
        guard hash.count == 32, var pub = try? parsePublicKey(publicKey) else { return false }
        var sig = secp256k1_ecdsa_signature()
        guard secp256k1_ecdsa_signature_parse_der(ctx, &sig, der, der.count) == 1 else { return false }
        return secp256k1_ecdsa_verify(ctx, &sig, hash, &pub) == 1
    }

    /// Whether a DER-encoded signature has `s` in the upper half of the group order (the malleable
    /// twin of a low-S signature); nil if it is not DER.
    public static func derSignatureHasHighS(_ der: [UInt8]) -> Bool? {
        var sig = secp256k1_ecdsa_signature()
        guard secp256k1_ecdsa_signature_parse_der(ctx, &sig, der, der.count) == 1 else { return nil }
        var normalized = secp256k1_ecdsa_signature()
        return secp256k1_ecdsa_signature_normalize(ctx, &normalized, &sig) == 1
    }

    /// Signs a 32-byte hash and returns the DER encoding (low-S). Used by tests and tools.
    public static func signDER(hash: [UInt8], key: PrivateKey) throws(CryptoError) -> [UInt8] {
        guard hash.count == 32 else { throw .invalidLength(what: "message hash", expected: "32", actual: hash.count) }
        var sig = secp256k1_ecdsa_signature()
        guard secp256k1_ecdsa_sign(ctx, &sig, hash, key.bytes, nil, nil) == 1 else { throw .libraryFailure("secp256k1_ecdsa_sign") }
        var out = [UInt8](repeating: 0, count: 72)
        var len = out.count
        secp256k1_ecdsa_signature_serialize_der(ctx, &out, &len, &sig)
        return Array(out.prefix(len))
    }
}
