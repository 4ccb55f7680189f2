/// EIP-191 "personal_sign" messages: `keccak256("\x19Ethereum Signed Message:\n" + len + message)`.
public enum EIP191 {
    /// The 32-byte hash a wallet signs for `message`.
    public static func hash(_ message: some Collection<UInt8>) -> [UInt8] {
        let body = Array(message)
        var data = Array("\u{19}Ethereum Signed Message:\n\(body.count)".utf8)
        data.append(contentsOf: body)
        return Keccak256.hash(data)
    }

    /// The hash for the UTF-8 bytes of `message`.
    public static func hash(_ message: String) -> [UInt8] { hash(Array(message.utf8)) }

    /// Signs `message` as a wallet does: 65 bytes `r ‖ s ‖ v` with v = 27 or 28.
    public static func sign(_ message: some Collection<UInt8>, key: Secp256k1.PrivateKey) -> [UInt8] {
        // The hash is always 32 bytes and the key is valid, so signing cannot fail.
        var sig = try! key.signRecoverable(hash: hash(message))
        sig[64] += 27
        return sig
    }

    /// The 20-byte Ethereum address whose key made `signature` over `message`.
    public static func recoverAddress(message: some Collection<UInt8>, signature: [UInt8]) throws(CryptoError) -> [UInt8] {
        let pub = try Secp256k1.recoverPublicKey(hash: hash(message), signature: signature)
        return EthereumAddress.fromPublicKey(pub)
    }
}
