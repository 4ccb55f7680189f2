/// Stellar StrKey for Ed25519 account ids (`G…`): base32(version 6<<3 ‖ key32 ‖ CRC16-XModem LE).
public enum StrKey {
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)
    static let accountVersion: UInt8 = 6 << 3

    /// The `G…` account id of a 32-byte Ed25519 public key.
    public static func encodeAccountId(_ publicKey: [UInt8]) -> String {
        var data = [accountVersion] + publicKey
        let crc = crc16XModem(data)
        data.append(UInt8(crc & 0xff)); data.append(UInt8(crc >> 8))
        return base32Encode(data)
    }

    /// The length of every account id: base32 of 35 bytes is exactly 56 characters, with no unused bits.
    public static let accountIdLength = 56

    /// The 32-byte public key in a `G…` account id. Only the one canonical spelling decodes: exactly
    /// 56 upper-case base32 characters, so a key can never be written two ways (a 57th character would
    /// otherwise be silently dropped as leftover bits).
    /// - Throws: a `CryptoError` naming the wrong length, bad character, version or checksum.
    public static func decodeAccountId(_ text: String) throws(CryptoError) -> [UInt8] {
        let length = text.utf8.count
        guard length == accountIdLength else {
            throw .invalidEncoding(encoding: "Stellar StrKey",
                                   reason: "an account id (G…) is exactly \(accountIdLength) characters, got \(length)")
        }
        let data = try base32Decode(text)
        guard data.count == 35 else { throw .invalidLength(what: "Stellar StrKey payload", expected: "35", actual: data.count) }
        guard data[0] == accountVersion else {
            throw .invalidEncoding(encoding: "Stellar StrKey", reason: "not an account id (G…): version byte \(data[0])")
        }
        let crc = crc16XModem(Array(data[0..<33]))
        guard data[33] == UInt8(crc & 0xff), data[34] == UInt8(crc >> 8) else { throw .checksumMismatch(what: "Stellar StrKey") }
        return Array(data[1..<33])
    }

    static func crc16XModem(_ bytes: [UInt8]) -> UInt16 {
        var crc: UInt16 = 0
        for b in bytes {
            crc ^= UInt16(b) << 8
            for _ in 0..<8 { crc = crc & 0x8000 != 0 ? (crc << 1) ^ 0x1021 : crc << 1 }
        }
        return crc
    }

    static func base32Encode(_ data: [UInt8]) -> String {
        var out = [UInt8]()
        var buffer: UInt32 = 0, bits = 0
        for b in data {
            buffer = buffer << 8 | UInt32(b); bits += 8
            while bits >= 5 { out.append(alphabet[Int(buffer >> UInt32(bits - 5) & 31)]); bits -= 5 }
        }
        if bits > 0 { out.append(alphabet[Int(buffer << UInt32(5 - bits) & 31)]) }
        return String(decoding: out, as: UTF8.self)
    }

    static func base32Decode(_ text: String) throws(CryptoError) -> [UInt8] {
        var out = [UInt8]()
        var buffer: UInt32 = 0, bits = 0
        for c in text.utf8 {
            guard let v = alphabet.firstIndex(of: c) else {
                throw .invalidEncoding(encoding: "Stellar StrKey", reason: "'\(Character(Unicode.Scalar(c)))' is not a base32 character (A-Z, 2-7)")
            }
            buffer = buffer << 5 | UInt32(v); bits += 5
            if bits >= 8 { out.append(UInt8(buffer >> UInt32(bits - 8) & 0xff)); bits -= 8 }
        }
        // Canonical base32 (RFC 4648 without padding): a final character carries at least one bit of
        // the last byte, and the bits left over after the last whole byte are zero.
        guard bits < 5 else {
            throw .invalidEncoding(encoding: "Stellar StrKey", reason: "a trailing character that encodes no whole byte")
        }
        guard buffer & ((1 << UInt32(bits)) - 1) == 0 else {
            throw .invalidEncoding(encoding: "Stellar StrKey", reason: "non-zero unused bits in the last character")
        }
        return out
    }
}
