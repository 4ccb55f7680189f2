import Foundation
import IdosCrypto
import KwilKit

/// The seam between the devnode and the Kwil wire layer (KwilKit): decoding a received transaction and its
/// payload, hashing and verifying it, and decoding call payloads. Everything binary goes through here, so
/// the node never has a codec of its own.
///
/// Transaction JSON, signature verification, tx_hash and the binary payload codecs are all KwilKit's. Arrays and bytea (used by no idOS action) reach the action layer with a type name that
/// fails the argument check ("expected argument N to be T, got text[]").
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
                             calls: try execution.rows.map { try $0.map(typedArgument) })
    }

    /// Decodes a `user.call` payload with KwilKit's ActionCall.
    static func decodeCall(_ payload: [UInt8]) throws -> DecodedAction {
        let call: ActionCall
        do { call = try ActionCall.decode(payload) } catch { throw DevNodeError.malformed("\(error)") }
        return DecodedAction(namespace: call.namespace, action: call.action, calls: [try call.arguments.map(typedArgument)])
    }

    /// A KwilKit value as the action layer takes it. Arrays and bytea are used by no idOS action.
    static func typedArgument(_ value: KwilValue) throws -> TypedArgument {
        let t = value.dataType
        let type = ActionType(name: t.name, precision: t.precision, scale: t.scale)
        switch value {
        case let .text(s): return TypedArgument(type: type, value: .text(s))
        case let .int8(i): return TypedArgument(type: type, value: .int(i))
        case let .bool(b): return TypedArgument(type: type, value: .bool(b))
        case let .uuid(u): return TypedArgument(type: type, value: .uuid(u))
        case let .numeric(n, _, _): return TypedArgument(type: type, value: .numeric(n))
        case .null: return TypedArgument(type: type, value: .null)
        case .bytea, .array:
            return TypedArgument(type: ActionType(name: t.isArray ? "\(t.name)[]" : t.name), value: .text("<unsupported>"))
        }
    }
}
