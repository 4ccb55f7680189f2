/// Something that signs Kwil messages (tx text, call text, KGW message) for one identity.
public protocol KwilSigner: Sendable {
    /// The authenticator type (`ed25519` or `secp256k1_ep` on the wire).
    var signatureType: SignatureType { get }
    /// The sender bytes (`sender` hex in JSON): ed25519 public key or 20-byte Ethereum address.
    var identifier: [UInt8] { get }
    /// Signs the UTF-8 bytes of a message.
    func sign(_ message: [UInt8]) throws(KwilError) -> [UInt8]
}

extension KwilSigner {
    /// Lowercase hex of `identifier`, no `0x`.
    public var identifierHex: String { HexCodec.encode(identifier) }
}
