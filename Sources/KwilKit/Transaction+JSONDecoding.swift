public import Foundation
internal import IdosCrypto

extension Transaction {
    /// Reads a transaction from the JSON object `user.broadcast` carries (§6.1), as a node receives it; the
    /// caller then checks it with `verify()` and keys it by `hash`. Each malformed field is named in the error.
    public init(json: Data) throws(KwilError) {
        guard let object = (try? JSONSerialization.jsonObject(with: json)) as? [String: Any] else {
            throw .malformedEncoding(context: "tx must be a JSON object")
        }
        guard let body = object["body"] as? [String: Any], let signature = object["signature"] as? [String: Any] else {
            throw .malformedEncoding(context: "tx needs body and signature")
        }
        guard let payloadText = body["payload"] as? String, let payload = try? Base64.decode(payloadText) else {
            throw .malformedEncoding(context: "body.payload must be base64")
        }
        guard let number = body["nonce"] as? NSNumber, number.doubleValue == Double(number.int64Value),
              number.int64Value >= 0
        else { throw .malformedEncoding(context: "body.nonce must be a non-negative integer") }
        guard let senderText = object["sender"] as? String, let sender = try? Hex.decode(senderText) else {
            throw .malformedEncoding(context: "sender must be hex without 0x")
        }
        guard let sigText = signature["sig"] as? String, let sig = try? Base64.decode(sigText) else {
            throw .malformedEncoding(context: "signature.sig must be base64")
        }
        let fee = (body["fee"] as? String).flatMap { $0.isEmpty ? nil : $0 } ?? "0"
        self.init(description: body["desc"] as? String ?? "", payload: payload, payloadType: body["type"] as? String ?? "",
                  fee: fee, nonce: UInt64(number.int64Value), chainID: body["chain_id"] as? String ?? "")
        self.signature = sig
        signatureType = signature["type"] as? String ?? ""
        self.sender = sender
        serialization = object["serialization"] as? String ?? ""
    }
}
