import Foundation
import IdosCrypto
import KwilKit

/// The seam between the devnode and the Kwil wire layer (KwilKit): decoding a received transaction and its
/// payload, hashing and verifying it, and decoding call payloads. Everything binary goes through here, so
/// the node never has a codec of its own.
///
/// Transaction JSON, signature verification, tx_hash and the binary payload codecs are all KwilKit's; the
/// action layer takes KwilKit's `KwilValue`s as decoded. Arrays and bytea (used by no idOS action) fail
/// the argument check there ("expected argument N to be T, got text[]").
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
        var calls: [[KwilValue]]
    }

    /// Reads a received tx with KwilKit (`Transaction(json:)`, kwil-transport.md §6.1), whose verification
    /// and tx_hash (§6.3, §6.5) the node then uses.
    static func decodeTransaction(_ json: Data) throws -> ReceivedTx {
        let tx: Transaction
        do { tx = try Transaction(json: json) } catch {
            if case let .malformedEncoding(context) = error { throw DevNodeError.malformed(context) }
            throw DevNodeError.malformed("\(error)")
        }
        let received = tx
        return ReceivedTx(hash: Hex.encode(tx.hash), chainId: tx.chainID, description: tx.description, payloadType: tx.payloadType,
                          payload: tx.payload, nonce: Int64(tx.nonce), sender: tx.sender, signatureType: tx.signatureType, serialization: tx.serialization,
                          verify: {
                              do { try received.verify(); return nil } catch { return "\(error)" }
                          })
    }

    /// Decodes an `execute` payload with KwilKit's ActionExecution.
    static func decodeExecution(_ payload: [UInt8]) throws -> DecodedAction {
        let execution: ActionExecution
        do { execution = try ActionExecution.decode(payload) } catch { throw DevNodeError.malformed("\(error)") }
        return DecodedAction(namespace: execution.namespace, action: execution.action,
                             calls: execution.rows)
    }

    /// Decodes a `user.call` payload with KwilKit's ActionCall.
    static func decodeCall(_ payload: [UInt8]) throws -> DecodedAction {
        let call: ActionCall
        do { call = try ActionCall.decode(payload) } catch { throw DevNodeError.malformed("\(error)") }
        return DecodedAction(namespace: call.namespace, action: call.action, calls: [call.arguments])
    }
}
