import Foundation
import KwilKit
import Testing

/// The shared wire tables and the JSON-RPC cell encoding (kwil-transport.md §2, §3, §7.4).
@Suite struct WireVocabularyTests {
    @Test func errorCodesAndTheirHTTPStatuses() {
        #expect(JSONRPCErrorCode.methodNotFound.rawValue == -32601 && JSONRPCErrorCode.methodNotFound.httpStatus == 404)
        #expect([JSONRPCErrorCode.parseError, .invalidRequest, .invalidParams].map(\.httpStatus) == [400, 400, 400])
        #expect(JSONRPCErrorCode.internalError.httpStatus == 500)
        #expect(JSONRPCErrorCode.notAuthorized.rawValue == -901 && JSONRPCErrorCode.notAuthorized.httpStatus == 401)
        #expect(JSONRPCErrorCode.broadcastRejected.rawValue == -201 && JSONRPCErrorCode.broadcastRejected.httpStatus == 200)
        #expect(JSONRPCErrorCode.engineInternal.rawValue == -300)
        #expect(TxCode.invalidNonce.rawValue == 4 && TxCode.wrongChain.rawValue == 5 && TxCode.unknown.rawValue == 65535)
        #expect(TxCode.mempoolFull.isRetryable && TxCode.commitTimeout.isRetryable && !TxCode.invalidNonce.isRetryable)
    }

    @Test func rpcErrorsMapThroughTheTable() {
        #expect(KwilError.fromRPC(code: -201, message: "x", data: .object(["code": .int(4), "message": .string("nonce")]))
                == .invalidNonce(message: "nonce"))
        #expect(KwilError.fromRPC(code: -201, message: "x", data: .object(["code": .int(11), "message": .string("full")]))
                == .broadcastRejected(txCode: 11, message: "full"))
        #expect(KwilError.fromRPC(code: -201, message: "x", data: .object(["code": .int(-1)])) == .broadcastRejected(txCode: 65535, message: "x"),
                "an unreadable TxCode counts as unknown")
        #expect(KwilError.fromRPC(code: -300, message: "boom", data: nil) == .actionFailed(message: "boom"))
        #expect(KwilError.fromRPC(code: -1003, message: "expired", data: nil) == .callAuthenticationFailed(code: -1003, message: "expired"))
        #expect(KwilError.fromRPC(code: -1003, message: "expired", data: nil).isRetryable)
        #expect(KwilError.fromRPC(code: -32001, message: "t", data: nil).isRetryable)
        #expect(!KwilError.fromRPC(code: -32602, message: "p", data: nil).isRetryable)
    }

    /// §7.4: int8 and numeric as strings, uuid lower-case, bytea base64, NULL null, arrays as arrays.
    @Test func cellsEncodeAsKwilSendsThem() throws {
        let uuid = UUID(uuidString: "550E8400-E29B-41D4-A716-446655440000")!
        let row: [KwilValue] = [.int8(-7), .numeric("1.50", precision: 10, scale: 2), .uuid(uuid), .bytea([0xde, 0xad]), .null(.text),
                                .bool(true), .array(.int8, [.int8(1), .null(.int8)])]
        #expect(row.map(\.jsonCell) == [.string("-7"), .string("1.50"), .string("550e8400-e29b-41d4-a716-446655440000"), .string("3q0="),
                                        .null, .bool(true), .array([.string("1"), .null])])
        let result = QueryResult(columnNames: ["n", "d", "u", "b", "t", "f", "a"],
                                 columnTypes: [.int8, .numeric(10, 2), .uuid, .bytea, .text, .bool, DataType.int8.array], rows: [row])
        #expect(try QueryResult(json: try KwilJSON(parsing: result.json.encoded())) == result)
        let node = #"{"column_names":["n"],"column_types":[{"name":"int8","is_array":false,"metadata":[0,0]}],"values":[["9223372036854775807"],[12]]}"#
        #expect(try QueryResult(json: KwilJSON(parsing: Array(node.utf8))).rows == [[.int8(.max)], [.int8(12)]])
    }

    @Test func utcTimestampsAreStrict() {
        #expect(UTCTimestamp.string(from: Date(timeIntervalSince1970: 1_699_225_066.9)) == "2023-11-05T22:57:46Z")
        #expect(UTCTimestamp.unixSeconds("2023-11-05T22:57:46Z") == 1_699_225_066)
        #expect(UTCTimestamp.unixSeconds("2023-11-05T22:57:46+00:00") == nil)
        #expect(UTCTimestamp.unixSeconds("2023-02-29T00:00:00Z") == nil)
    }
}
