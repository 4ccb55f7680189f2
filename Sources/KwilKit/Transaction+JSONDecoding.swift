public import Foundation
internal import IdosCrypto

extension Transaction {
    /// Reads a transaction from the JSON object `user.broadcast` carries (§6.1), as a node receives it; the
    /// caller then checks it with `verify()` and keys it by `hash`. Each malformed field is named in the error;
    /// a nonce must be an exact integer in 0 … Int64.max.
    public init(json: Data) throws(KwilError) {
        guard let object = (try? KwilJSON(parsing: json))?.object else {
            throw .malformedEncoding(context: "tx must be a JSON object")
        }
        guard let body = object["body"]?.object, let signature = object["signature"]?.object else {
            throw .malformedEncoding(context: "tx needs body and signature")
        }
        guard let payloadText = body["payload"]?.string, let payload = try? Base64.decode(payloadText) else {
            throw .malformedEncoding(context: "body.payload must be base64")
        }
        guard let nonce = body["nonce"]?.int, nonce >= 0 else {
            throw .malformedEncoding(context: "body.nonce must be a non-negative integer")
        }
        guard let senderText = object["sender"]?.string, let sender = try? Hex.decode(senderText) else {
            throw .malformedEncoding(context: "sender must be hex without 0x")
        }
        guard let sigText = signature["sig"]?.string, let sig = try? Base64.decode(sigText) else {
            throw .malformedEncoding(context: "signature.sig must be base64")
        }
        let fee = body["fee"]?.string.flatMap { $0.isEmpty ? nil : $0 } ?? "0"
        self.init(description: body["desc"]?.string ?? "", payload: payload, payloadType: body["type"]?.string ?? "",
                  fee: fee, nonce: UInt64(nonce), chainID: body["chain_id"]?.string ?? "")
        self.signature = sig
        signatureType = signature["type"]?.string ?? ""
        self.sender = sender
        serialization = object["serialization"]?.string ?? ""
    }
}
