import Foundation
import IdosCrypto
import KwilKit
import Testing

/// kwil-transport.md §11 A: payload vectors from the IDOS-KT SerializationIntegrityTests, byte for byte.
@Suite struct ActionPayloadTests {
    func uuid(_ s: String) -> UUID { UUID(uuidString: s)! }

    @Test func hasProfileCall() throws {
        let call = ActionCall(action: "has_profile", arguments: [.text("0x1234567890abcdef1234567890abcdef12345678")])
        let b64 = "AAAEAAAAbWFpbgsAAABoYXNfcHJvZmlsZQEARgAAAAAADwAAAAAAAAAABHRleHQAAAAAAAEAKwAAAAEweDEyMzQ1Njc4OTBhYmNkZWYxMjM0NTY3ODkwYWJjZGVmMTIzNDU2Nzg="
        #expect(Base64.encode(try call.encoded()) == b64)
        #expect(try ActionCall.decode(try Base64.decode(b64)) == call)
    }

    @Test func getCredentialOwnedCall() throws {
        let call = ActionCall(action: "get_credential_owned", arguments: [.uuid(uuid("550e8400-e29b-41d4-a716-446655440000"))])
        let b64 = "AAAEAAAAbWFpbhQAAABnZXRfY3JlZGVudGlhbF9vd25lZAEALAAAAAAADwAAAAAAAAAABHV1aWQAAAAAAAEAEQAAAAFVDoQA4ptB1KcWRGZVRAAA"
        #expect(Base64.encode(try call.encoded()) == b64)
        #expect(try ActionCall.decode(try Base64.decode(b64)) == call)
    }

    @Test func revokeAccessGrantExecution() throws {
        let exec = ActionExecution(action: "revoke_access_grant", rows: [[.uuid(uuid("550e8400-e29b-41d4-a716-446655440001"))]])
        let hex = "0000040000006d61696e130000007265766f6b655f6163636573735f6772616e74010001002c00000000000f00000000000000000475756964000000000001001100000001550e8400e29b41d4a716446655440001"
        #expect(Hex.encode(try exec.encoded()) == hex)
        #expect(Base64.encode(try exec.encoded()) == "AAAEAAAAbWFpbhMAAAByZXZva2VfYWNjZXNzX2dyYW50AQABACwAAAAAAA8AAAAAAAAAAAR1dWlkAAAAAAABABEAAAABVQ6EAOKbQdSnFkRmVUQAAQ==")
        #expect(try ActionExecution.decode(try Hex.decode(hex)) == exec)
    }

    @Test func createAccessGrantExecution() throws {
        let exec = ActionExecution(action: "create_access_grant", rows: [[
            .text("0x1234567890abcdef1234567890abcdef12345678"),
            .uuid(uuid("550e8400-e29b-41d4-a716-446655440003")),
            .int8(1_735_689_600),
            .text("QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG"),
            .text("wallet"),
            .text("0x9876543210fedcba9876543210fedcba98765432"),
        ]])
        let b64 = "AAAEAAAAbWFpbhMAAABjcmVhdGVfYWNjZXNzX2dyYW50AQAGAEYAAAAAAA8AAAAAAAAAAAR0ZXh0AAAAAAABACsAAAABMHgxMjM0NTY3ODkwYWJjZGVmMTIzNDU2Nzg5MGFiY2RlZjEyMzQ1Njc4LAAAAAAADwAAAAAAAAAABHV1aWQAAAAAAAEAEQAAAAFVDoQA4ptB1KcWRGZVRAADJAAAAAAADwAAAAAAAAAABGludDgAAAAAAAEACQAAAAEAAAAAZ3SFgEoAAAAAAA8AAAAAAAAAAAR0ZXh0AAAAAAABAC8AAAABUW1Zd0FQSnp2NUNac25BNjI1czNYZjJuZW10WWdQcEhkV0V6NzlvalduUGJkRyIAAAAAAA8AAAAAAAAAAAR0ZXh0AAAAAAABAAcAAAABd2FsbGV0RgAAAAAADwAAAAAAAAAABHRleHQAAAAAAAEAKwAAAAEweDk4NzY1NDMyMTBmZWRjYmE5ODc2NTQzMjEwZmVkY2JhOTg3NjU0MzI="
        #expect(Base64.encode(try exec.encoded()) == b64)
        #expect(try ActionExecution.decode(try Base64.decode(b64)) == exec)
    }

    @Test func getUserNoArgs() throws {
        let call = ActionCall(action: "get_user", arguments: [])
        #expect(Hex.encode(try call.encoded()) == "0000040000006d61696e080000006765745f757365720000")
        #expect(Base64.encode(try call.encoded()) == "AAAEAAAAbWFpbggAAABnZXRfdXNlcgAA")
    }

    @Test func severalRowsRoundTrip() throws {
        let exec = ActionExecution(action: "batch", rows: [[.int8(1), .text("a")], [.int8(-2), .null(.text)], []])
        #expect(try ActionExecution.decode(try exec.encoded()) == exec)
    }

    @Test func truncatedAndTrailingBytesAreRejected() throws {
        let bytes = try ActionCall(action: "get_user", arguments: [.bool(true)]).encoded()
        #expect(throws: KwilError.malformedEncoding(context: "ActionCall argument")) { try ActionCall.decode(Array(bytes.dropLast())) }
        #expect(throws: KwilError.malformedEncoding(context: "ActionCall: trailing bytes")) { try ActionCall.decode(bytes + [0]) }
        #expect(throws: KwilError.malformedEncoding(context: "ActionExecution version")) { try ActionExecution.decode([]) }
    }
}
