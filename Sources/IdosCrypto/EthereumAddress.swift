/// Ethereum addresses: derivation from a public key and EIP-55 mixed-case checksums.
public enum EthereumAddress {
    /// The 20-byte address of a secp256k1 public key (33- or 65-byte form):
    /// the last 20 bytes of `keccak256(x ‖ y)`.
    public static func fromPublicKey(_ publicKey: [UInt8]) -> [UInt8] {
        let uncompressed = publicKey.count == 65 ? publicKey : ((try? Secp256k1.normalizePublicKey(publicKey, compressed: false)) ?? publicKey)
        return Array(Keccak256.hash(uncompressed.dropFirst()).suffix(20))
    }

    /// The EIP-55 checksummed text (`0x` + 40 mixed-case hex digits) of a 20-byte address.
    public static func checksummed(_ address: [UInt8]) -> String {
        let lower = Array(Hex.encode(address).utf8)
        let hash = Keccak256.hash(lower)
        var out = Array("0x".utf8)
        for (i, c) in lower.enumerated() {
            let nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0x0f
            out.append(c >= UInt8(ascii: "a") && nibble >= 8 ? c - 32 : c)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The one spelling an address is stored under: `0x` + 40 lower-case hex digits.
    public static func canonical(_ address: [UInt8]) -> String { "0x" + Hex.encode(address) }

    /// Parses `0x` + 40 hex digits (the form wallets and viem's `isAddress` accept; a bare or `0X`
    /// prefix is refused). A mixed-case address must carry a valid EIP-55 checksum; all-lower or
    /// all-upper text is accepted as is.
    public static func parse(_ text: String) throws(CryptoError) -> [UInt8] {
        guard text.hasPrefix("0x") else {
            throw .invalidEncoding(encoding: "Ethereum address", reason: "must start with 0x")
        }
        let digits = String(text.dropFirst(2))
        let bytes = try Hex.decode(digits)
        guard bytes.count == 20 else { throw .invalidLength(what: "Ethereum address", expected: "20", actual: bytes.count) }
        let hasLower = digits.utf8.contains { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "f") }
        let hasUpper = digits.utf8.contains { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "F") }
        if hasLower && hasUpper && checksummed(bytes).dropFirst(2) != Substring(digits) {
            throw .checksumMismatch(what: "EIP-55 address '\(text)' (mixed case)")
        }
        return bytes
    }
}
