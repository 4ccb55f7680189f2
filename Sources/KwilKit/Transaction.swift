internal import IdosCrypto

/// A Kwil 0.10 user transaction (§6): body, signature and sender, with its JSON form, signed text and hash.
public struct Transaction: Hashable, Sendable {
    public var description: String
    public var payload: [UInt8]
    public var payloadType: String
    public var fee: String
    public var nonce: UInt64
    public var chainID: String
    public var signature: [UInt8]
    public var signatureType: String
    public var sender: [UInt8]
    public var serialization: String = "concat"

    /// An unsigned transaction; call `sign(with:)` to fill signature, type and sender.
    public init(description: String, payload: [UInt8], payloadType: String = "execute", fee: String = "0",
                nonce: UInt64, chainID: String) {
        self.description = description; self.payload = payload; self.payloadType = payloadType
        self.fee = fee; self.nonce = nonce; self.chainID = chainID
        signature = []; signatureType = ""; sender = []
    }

    /// The text the sender signs (`SignedMsgConcat`, §6.2), with a trailing newline.
    public var signedMessage: String {
        let digest = Hex.encode(SHA256.hash(payload).prefix(20))
        return "\(description)\n\nPayloadType: \(payloadType)\nPayloadDigest: \(digest)\nFee: \(fee)\nNonce: \(nonce)\n\nKwil Chain ID: \(chainID)\n"
    }

    /// Signs the §6.2 text and records the signer's type and identifier.
    public mutating func sign(with signer: some KwilSigner) throws(KwilError) {
        guard description.utf8.count <= 200 else { throw .invalidValue("description longer than 200 bytes") }
        signature = try signer.sign(Array(signedMessage.utf8))
        signatureType = signer.signatureType.rawValue
        sender = signer.identifier
    }

    /// Verifies the signature the way the node does (§6.3) for the `SignatureType`s.
    public func verify() throws(KwilError) {
        guard description.utf8.count <= 200 else { throw .invalidValue("description longer than 200 bytes") }
        guard let type = SignatureType(rawValue: signatureType) else { throw .invalidSignature("unsupported signature type \(signatureType)") }
        guard type.isValid(sender: sender, message: Array(signedMessage.utf8), signature: signature) else {
            throw .invalidSignature("\(signatureType) signature does not match sender")
        }
    }

    /// The JSON object `user.broadcast` takes, with the field order of kwil-js and IDOS-KT.
    public func json() -> String {
        // Base64 and hex need no escaping; the free-text fields go through JSONText.
        let payload64 = Base64.encode(payload)
        var out = ""
        out.reserveCapacity(payload64.utf8.count + description.utf8.count + 400)
        out += "{\"signature\":{\"sig\":\""; out += Base64.encode(signature)
        out += "\",\"type\":"; out += JSONText.quote(signatureType)
        out += "},\"body\":{\"desc\":"; out += JSONText.quote(description)
        out += ",\"payload\":\""; out += payload64
        out += "\",\"type\":"; out += JSONText.quote(payloadType)
        out += ",\"fee\":"; out += JSONText.quote(fee)
        out += ",\"nonce\":"; out += String(nonce)
        out += ",\"chain_id\":"; out += JSONText.quote(chainID)
        out += "},\"sender\":\""; out += Hex.encode(sender)
        out += "\",\"serialization\":"; out += JSONText.quote(serialization)
        out += "}"
        return out
    }

    /// The binary body of §6.5 (compact encodings).
    public func bodyBytes() -> [UInt8] {
        var b: [UInt8] = []
        Varint.compactString(description, into: &b)
        Varint.compactBytes(payload, into: &b)
        Varint.compactString(payloadType, into: &b)
        b.append(1)
        Varint.compactString(fee.isEmpty ? "0" : fee, into: &b)
        for i in 0..<8 { b.append(UInt8((nonce >> (8 * UInt64(i))) & 0xff)) }
        Varint.compactString(chainID, into: &b)
        return b
    }

    /// The full binary transaction of §6.5.
    public func binary() -> [UInt8] {
        var sig: [UInt8] = []
        Varint.unsigned(UInt64(signature.count), into: &sig); sig += signature
        Varint.unsigned(UInt64(signatureType.utf8.count), into: &sig); sig += Array(signatureType.utf8)
        var b: [UInt8] = [0, 0]
        Varint.compactBytes(sig, into: &b)
        Varint.compactBytes(bodyBytes(), into: &b)
        Varint.compactString(serialization, into: &b)
        Varint.compactBytes(sender, into: &b)
        return b
    }

    /// `tx_hash`: sha256 of `binary()`.
    public var hash: [UInt8] { SHA256.hash(binary()) }
}
