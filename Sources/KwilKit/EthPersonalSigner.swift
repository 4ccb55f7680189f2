internal import IdosCrypto

/// A `secp256k1_ep` (EIP-191 personal_sign) Kwil signer; the identifier is the 20-byte address, v = 27/28.
public struct EthPersonalSigner: KwilSigner {
    private let key: Secp256k1.PrivateKey
    public let identifier: [UInt8]
    public var signatureType: SignatureType { .secp256k1_ep }

    /// A signer from a 32-byte secp256k1 private key.
    public init(privateKey: [UInt8]) throws(KwilError) {
        do {
            key = try Secp256k1.PrivateKey(privateKey)
            identifier = EthereumAddress.fromPublicKey(key.publicKey())
        } catch { throw .invalidKey("secp256k1 key must be 32 bytes in range") }
    }

    public func sign(_ message: [UInt8]) throws(KwilError) -> [UInt8] {
        EIP191.sign(message, key: key)
    }

    /// Whether `signature` (r ‖ s ‖ v) over `message` recovers to the 20-byte address `identifier`.
    public static func verify(identifier: [UInt8], message: [UInt8], signature: [UInt8]) -> Bool {
        guard signature.count == 65 else { return false }
        return (try? EIP191.recoverAddress(message: message, signature: signature)) == identifier
    }
}
