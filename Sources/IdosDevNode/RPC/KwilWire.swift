import Foundation

/// The seam between the devnode and the Kwil wire layer (KwilKit): decoding a received transaction and its
/// payload, hashing and verifying it, and decoding call payloads. Everything binary goes through here, so
/// the node never has a codec of its own.
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
