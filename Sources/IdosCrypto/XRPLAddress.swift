/// XRPL classic addresses (`r…`): base58check (Ripple alphabet) of `0x00 ‖ RIPEMD160(SHA256(publicKey33))`.
public enum XRPLAddress {
    /// The classic address of a 33-byte XRPL public key (`ED ‖ ed25519 key`, or a compressed secp256k1 key).
    public static func fromPublicKey(_ publicKey: [UInt8]) -> String {
        let accountId = RIPEMD160.hash(SHA256.hash(publicKey))
        return Base58.encodeCheck([0x00] + accountId, alphabet: .ripple)
    }

    /// The 20-byte account id in a classic address; checks the type byte and checksum.
    public static func decode(_ address: String) throws(CryptoError) -> [UInt8] {
        let payload = try Base58.decodeCheck(address, alphabet: .ripple)
        guard payload.count == 21, payload[0] == 0x00 else {
            throw .invalidEncoding(encoding: "XRPL classic address", reason: "expected type byte 0x00 and a 20-byte account id")
        }
        return Array(payload.dropFirst())
    }
}
