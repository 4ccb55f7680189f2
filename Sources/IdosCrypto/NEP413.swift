/// NEAR NEP-413 signed messages, and the blob idOS front-ends send as a NEAR wallet "signature":
/// `hex( u16BE(len(borsh)) ‖ borsh ‖ signature64 )`, where
/// `borsh = u32LE(2^31 + 413) ‖ string message ‖ [u8;32] nonce ‖ string recipient ‖ Option<string> callbackUrl`.
public struct NEP413: Sendable, Equatable {
    /// The NEP-413 tag, `2^31 + 413`.
    public static let tag: UInt32 = (1 << 31) + 413

    public var message: String
    public var nonce: [UInt8]
    public var recipient: String
    public var callbackUrl: String?

    public init(message: String, nonce: [UInt8], recipient: String, callbackUrl: String? = nil) {
        self.message = message
        self.nonce = nonce
        self.recipient = recipient
        self.callbackUrl = callbackUrl
    }

    /// The borsh bytes, tag included: what is hashed and signed.
    public var borsh: [UInt8] {
        var out = [UInt8]()
        func u32(_ v: UInt32) { for i in 0..<4 { out.append(UInt8(truncatingIfNeeded: v >> UInt32(8 * i))) } }
        func string(_ s: String) { let b = Array(s.utf8); u32(UInt32(b.count)); out.append(contentsOf: b) }
        u32(Self.tag)
        string(message)
        out.append(contentsOf: nonce)
        string(recipient)
        if let callbackUrl { out.append(1); string(callbackUrl) } else { out.append(0) }
        return out
    }

    /// `sha256(borsh)`, the bytes the Ed25519 key signs.
    public var signingHash: [UInt8] { SHA256.hash(borsh) }

    /// The idOS blob for this payload and a signature.
    public func blob(signature: [UInt8]) -> [UInt8] {
        let body = borsh
        return [UInt8(body.count >> 8 & 0xff), UInt8(body.count & 0xff)] + body + signature
    }

    /// Parses an idOS NEAR blob into the payload and the 64-byte signature.
    /// - Throws: `CryptoError.invalidEncoding` describing which part is malformed.
    public static func parseBlob(_ bytes: [UInt8]) throws(CryptoError) -> (payload: NEP413, signature: [UInt8]) {
        var reader = Reader(bytes: bytes)
        let length = Int(try reader.u16BE())
        guard bytes.count == 2 + length + 64 else {
            throw .invalidEncoding(encoding: "NEP-413 blob", reason: "declared payload length \(length) + 64-byte signature does not match blob size \(bytes.count - 2)")
        }
        guard try reader.u32LE() == tag else { throw .invalidEncoding(encoding: "NEP-413 blob", reason: "missing NEP-413 tag 2^31+413") }
        let message = try reader.string()
        let nonce = try reader.take(32)
        let recipient = try reader.string()
        let hasCallback = try reader.take(1)[0]
        let callback: String?
        switch hasCallback {
        case 0: callback = nil
        case 1: callback = try reader.string()
        default: throw .invalidEncoding(encoding: "NEP-413 blob", reason: "callbackUrl option byte must be 0 or 1")
        }
        guard reader.offset == 2 + length else {
            throw .invalidEncoding(encoding: "NEP-413 blob", reason: "trailing bytes after the payload")
        }
        return (NEP413(message: message, nonce: nonce, recipient: recipient, callbackUrl: callback), try reader.take(64))
    }

    private struct Reader {
        let bytes: [UInt8]
        var offset = 0
        mutating func take(_ n: Int) throws(CryptoError) -> [UInt8] {
            guard n >= 0, offset + n <= bytes.count else { throw .invalidEncoding(encoding: "NEP-413 blob", reason: "truncated") }
            defer { offset += n }
            return Array(bytes[offset..<(offset + n)])
        }
        mutating func u16BE() throws(CryptoError) -> UInt16 { let b = try take(2); return UInt16(b[0]) << 8 | UInt16(b[1]) }
        mutating func u32LE() throws(CryptoError) -> UInt32 {
            let b = try take(4)
            return UInt32(b[0]) | UInt32(b[1]) << 8 | UInt32(b[2]) << 16 | UInt32(b[3]) << 24
        }
        mutating func string() throws(CryptoError) -> String {
            let n = Int(try u32LE())
            let b = try take(n)
            guard let s = String(validating: b, as: UTF8.self) else {
                throw .invalidEncoding(encoding: "NEP-413 blob", reason: "a string is not valid UTF-8")
            }
            return s
        }
    }
}

/// NEAR public keys in text form: `ed25519:<base58 of 32 bytes>`.
public enum NEARPublicKey {
    /// The 32-byte key in `ed25519:…` text.
    public static func decode(_ text: String) throws(CryptoError) -> [UInt8] {
        guard text.hasPrefix("ed25519:") else {
            throw .invalidEncoding(encoding: "NEAR public key", reason: "expected 'ed25519:<base58>'")
        }
        let key = try Base58.decode(String(text.dropFirst(8)))
        guard key.count == 32 else { throw .invalidLength(what: "NEAR ed25519 public key", expected: "32", actual: key.count) }
        return key
    }

    /// `ed25519:<base58>` text of a 32-byte key.
    public static func encode(_ key: [UInt8]) -> String { "ed25519:" + Base58.encode(key) }
}
