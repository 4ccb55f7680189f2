internal import IdosCrypto

/// The `user.call` params (§7.1): plain, identified (open mode), or signed with a challenge (private mode, §7.3).
public struct CallMessage: Hashable, Sendable {
    public var call: ActionCall
    public var payload: [UInt8]
    public var challenge: [UInt8] = []
    public var authType: String = "secp256k1_ep"
    public var sender: [UInt8] = []
    public var signature: [UInt8] = []

    /// An unauthenticated call (`sender` and `signature` empty).
    public init(call: ActionCall) throws(KwilError) {
        self.call = call
        payload = try call.encoded()
    }

    /// An identified call for open-mode nodes: sender and auth type, no signature or challenge.
    public mutating func identify(as signer: some KwilSigner) {
        sender = signer.identifier; authType = signer.signatureType.rawValue
    }

    /// The private-mode text to sign for a server-issued 32-byte `challenge` (`callMsgToSignTmplV0`).
    public func signatureText(challenge: [UInt8]) -> String {
        "Kwil view call.\n\nNamespace: \(call.namespace)\nMethod: \(call.action)\nDigest: \(Hex.encode(SHA256.hash(payload).prefix(20)))\nChallenge: \(Hex.encode(challenge))\n"
    }

    /// Signs for private mode with the challenge `user.challenge` returned.
    public mutating func sign(challenge: [UInt8], with signer: some KwilSigner) throws(KwilError) {
        guard challenge.count == 32 else { throw .invalidValue("challenge must be 32 bytes, got \(challenge.count)") }
        self.challenge = challenge
        signature = try signer.sign(Array(signatureText(challenge: challenge).utf8))
        identify(as: signer)
    }

    /// The params JSON object of `user.call`.
    public func json() -> String {
        "{\"body\":{\"payload\":\(JSONText.quote(Base64.encode(payload))),\"challenge\":\(JSONText.quote(Base64.encode(challenge)))},"
            + "\"auth_type\":\(JSONText.quote(authType)),\"sender\":\(JSONText.quote(Hex.encode(sender))),"
            + "\"signature\":\(JSONText.quote(Base64.encode(signature)))}"
    }
}
