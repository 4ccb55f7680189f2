import Foundation

/// The seam between the devnode and the Kwil wire layer (KwilKit): decoding a received transaction and its
/// payload, hashing and verifying it, and decoding call payloads. Everything binary goes through here, so
/// the node never has a codec of its own.
///
/// STATUS: KwilKit (branch `kwil`) had not landed when this was written, so the three functions below throw
/// and `user.broadcast` / `user.call` answer "not merged yet" (−32602 / −201 code 1). Wiring them is the
/// whole integration:
/// * `decodeTransaction`: KwilKit's Transaction JSON decoding; `hash` = its tx_hash (sha256 of the
///   serialized tx, hex); `verify` = its verification of received txs (SignedMsgConcat re-built from the
///   JSON fields, then `ed25519` / `secp256k1_ep` signature check against `sender`), returning the failure
///   reason or nil.
/// * `decodeExecution`: KwilKit's ActionExecution decode (namespace, action, one argument list per call).
/// * `decodeCall`: KwilKit's ActionCall decode (one argument list).
/// * Each decoded EncodedValue becomes a `TypedArgument`: its DataType name/precision/scale → `ActionType`,
///   its single element → `ActionValue` (`0x00` → `.null`; text, int8, bool, uuid, numeric). Arrays and
///   bytea are not used by any idOS action: answer them with `DevNodeError.malformed`.
enum KwilWire {
    /// A transaction as received in `user.broadcast` (kwil-transport.md §6.1).
    struct ReceivedTx: Sendable {
        var hash: String
        var chainId: String
        var description: String
        var payloadType: String
        var payload: [UInt8]
        var nonce: Int64
        var sender: [UInt8]
        var signatureType: String
        var serialization: String
        /// Verifies the signature over the signed text (SignedMsgConcat); returns a reason when it fails.
        var verify: @Sendable () -> String?
    }

    /// A decoded execute or call payload.
    struct DecodedAction: Sendable {
        var namespace: String
        var action: String
        var calls: [[TypedArgument]]
    }

    static func decodeTransaction(_ json: Data) throws -> ReceivedTx {
        throw DevNodeError.malformed("the KwilKit codec is not merged into this branch yet")
    }

    static func decodeExecution(_ payload: [UInt8]) throws -> DecodedAction {
        throw DevNodeError.malformed("the KwilKit codec is not merged into this branch yet")
    }

    static func decodeCall(_ payload: [UInt8]) throws -> DecodedAction {
        throw DevNodeError.malformed("the KwilKit codec is not merged into this branch yet")
    }
}
