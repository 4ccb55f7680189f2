/// Base58 with a selectable alphabet: Bitcoin's (base58btc: multibase keys, NEAR keys, VC proofs) and
/// Ripple's (XRPL classic addresses).
public enum Base58 {
    /// A 58-character alphabet and its reverse table.
    public struct Alphabet: Sendable {
        let characters: [UInt8]
        let reverse: [Int8]

        init(_ text: String) {
            characters = Array(text.utf8)
            var table = [Int8](repeating: -1, count: 256)
            for (i, c) in characters.enumerated() { table[Int(c)] = Int8(i) }
            reverse = table
        }

        /// Bitcoin's alphabet, used by base58btc and multibase `z`.
        public static let bitcoin = Alphabet("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz")
        /// Ripple's alphabet, used by XRPL addresses and seeds.
        public static let ripple = Alphabet("rpshnaf39wBUDNEGHJKLM4PQRST7VWXYZ2bcdeCg65jkm8oFqi1tuvAxyz")
    }

    /// Encodes `bytes`; each leading zero byte becomes the alphabet's first character.
    public static func encode(_ bytes: some Collection<UInt8>, alphabet: Alphabet = .bitcoin) -> String {
        let input = Array(bytes)
        let zeros = input.prefix { $0 == 0 }.count
        // Base-58 digits, little-endian, built by repeated multiply-add.
        var digits = [UInt8]()
        digits.reserveCapacity(input.count * 138 / 100 + 1)
        for byte in input[zeros...] {
            var carry = Int(byte)
            for i in digits.indices {
                carry += Int(digits[i]) << 8
                digits[i] = UInt8(carry % 58)
                carry /= 58
            }
            while carry > 0 {
                digits.append(UInt8(carry % 58))
                carry /= 58
            }
        }
        var out = [UInt8](repeating: alphabet.characters[0], count: zeros)
        out.reserveCapacity(zeros + digits.count)
        for d in digits.reversed() { out.append(alphabet.characters[Int(d)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes base58 text.
    /// - Throws: `CryptoError.invalidEncoding` naming the first character outside the alphabet.
    public static func decode(_ text: String, alphabet: Alphabet = .bitcoin) throws(CryptoError) -> [UInt8] {
        let input = Array(text.utf8)
        let zeroChar = alphabet.characters[0]
        let zeros = input.prefix { $0 == zeroChar }.count
        var bytes = [UInt8]()  // little-endian base-256
        bytes.reserveCapacity(input.count * 733 / 1000 + 1)
        for c in input[zeros...] {
            let value = alphabet.reverse[Int(c)]
            guard value >= 0 else {
                throw .invalidEncoding(encoding: "base58", reason: "'\(Character(Unicode.Scalar(c)))' is not in the base58 alphabet")
            }
            var carry = Int(value)
            for i in bytes.indices {
                carry += Int(bytes[i]) * 58
                bytes[i] = UInt8(carry & 0xff)
                carry >>= 8
            }
            while carry > 0 {
                bytes.append(UInt8(carry & 0xff))
                carry >>= 8
            }
        }
        return [UInt8](repeating: 0, count: zeros) + bytes.reversed()
    }

    /// Base58Check: `payload ‖ sha256(sha256(payload))[0..<4]`.
    public static func encodeCheck(_ payload: [UInt8], alphabet: Alphabet = .bitcoin) -> String {
        encode(payload + SHA256.hash(SHA256.hash(payload)).prefix(4), alphabet: alphabet)
    }

    /// Decodes Base58Check and verifies its 4-byte checksum; returns the payload.
    public static func decodeCheck(_ text: String, alphabet: Alphabet = .bitcoin) throws(CryptoError) -> [UInt8] {
        let raw = try decode(text, alphabet: alphabet)
        guard raw.count >= 5 else { throw .invalidLength(what: "base58check data", expected: "at least 5", actual: raw.count) }
        let payload = Array(raw.dropLast(4))
        guard Array(SHA256.hash(SHA256.hash(payload)).prefix(4)) == Array(raw.suffix(4)) else {
            throw .checksumMismatch(what: "base58check")
        }
        return payload
    }
}
