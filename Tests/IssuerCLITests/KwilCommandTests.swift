import Foundation
import TestSupport
import Testing

/// `idos-issuer kwil payload` / `sign-tx` reproduce the upstream vectors byte for byte (kwil-transport.md
/// §11 A, idos-issuer.md §13.4), and malformed arguments exit 2.
@Suite struct KwilCommandTests {
    /// Runs the built `idos-issuer`; returns (exit code, stdout, stderr).
    func run(_ args: [String]) throws -> (Int32, String, String) {
        let result = try ChildProcess.run(TestEnvironment.executable("idos-issuer"), args)
        return (result.status, result.stdoutText, result.stderr)
    }

    @Test(arguments: [
        (["--call", "--action", "has_profile", "--arg", "text:0x1234567890abcdef1234567890abcdef12345678"],
         "AAAEAAAAbWFpbgsAAABoYXNfcHJvZmlsZQEARgAAAAAADwAAAAAAAAAABHRleHQAAAAAAAEAKwAAAAEweDEyMzQ1Njc4OTBhYmNkZWYxMjM0NTY3ODkwYWJjZGVmMTIzNDU2Nzg="),
        (["--call", "--action", "get_credential_owned", "--arg", "uuid:550e8400-e29b-41d4-a716-446655440000"],
         "AAAEAAAAbWFpbhQAAABnZXRfY3JlZGVudGlhbF9vd25lZAEALAAAAAAADwAAAAAAAAAABHV1aWQAAAAAAAEAEQAAAAFVDoQA4ptB1KcWRGZVRAAA"),
        (["--action", "revoke_access_grant", "--arg", "uuid:550e8400-e29b-41d4-a716-446655440001"],
         "AAAEAAAAbWFpbhMAAAByZXZva2VfYWNjZXNzX2dyYW50AQABACwAAAAAAA8AAAAAAAAAAAR1dWlkAAAAAAABABEAAAABVQ6EAOKbQdSnFkRmVUQAAQ=="),
        (["--action", "create_access_grant", "--arg", "text:0x1234567890abcdef1234567890abcdef12345678",
          "--arg", "uuid:550e8400-e29b-41d4-a716-446655440003", "--arg", "int8:1735689600",
          "--arg", "text:QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG", "--arg", "text:wallet",
          "--arg", "text:0x9876543210fedcba9876543210fedcba98765432"],
         "AAAEAAAAbWFpbhMAAABjcmVhdGVfYWNjZXNzX2dyYW50AQAGAEYAAAAAAA8AAAAAAAAAAAR0ZXh0AAAAAAABACsAAAABMHgxMjM0NTY3ODkwYWJjZGVmMTIzNDU2Nzg5MGFiY2RlZjEyMzQ1Njc4LAAAAAAADwAAAAAAAAAABHV1aWQAAAAAAAEAEQAAAAFVDoQA4ptB1KcWRGZVRAADJAAAAAAADwAAAAAAAAAABGludDgAAAAAAAEACQAAAAEAAAAAZ3SFgEoAAAAAAA8AAAAAAAAAAAR0ZXh0AAAAAAABAC8AAAABUW1Zd0FQSnp2NUNac25BNjI1czNYZjJuZW10WWdQcEhkV0V6NzlvalduUGJkRyIAAAAAAA8AAAAAAAAAAAR0ZXh0AAAAAAABAAcAAAABd2FsbGV0RgAAAAAADwAAAAAAAAAABHRleHQAAAAAAAEAKwAAAAEweDk4NzY1NDMyMTBmZWRjYmE5ODc2NTQzMjEwZmVkY2JhOTg3NjU0MzI="),
    ])
    func payloadVectors(args: [String], expected: String) throws {
        let (code, out, _) = try run(["kwil", "payload"] + args)
        #expect(code == 0)
        #expect(out == expected + "\n")
    }

    @Test func signTxReproducesIssuerVector() throws {
        let keyFile = FileManager.default.temporaryDirectory.appendingPathComponent("kwil-\(UUID().uuidString).hex")
        try "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a\n"
            .write(to: keyFile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: keyFile) }
        let (pc, payload, _) = try run(["kwil", "payload", "--action", "add_user_as_inserter",
                                        "--arg", "uuid:9f51b3b2-4cbe-4c2b-8ea3-0b0c1b2f1a11",
                                        "--arg", "text:Y+kNWSnoYhlBrsDQ/01FTfoHQ5CeXyjDEHbQmNDGOjw=", "--arg", "text:user"])
        #expect(pc == 0)
        let (code, out, _) = try run(["kwil", "sign-tx", "--key-file", keyFile.path, "--key-type", "ed25519", "--chain-id", "idos-testnet",
                                      "--nonce", "1", "--desc", "Add a user to idOS", "--payload", payload.trimmingCharacters(in: .newlines)])
        #expect(code == 0)
        #expect(out == #"{"signature":{"sig":"oyjwdgywYz3Ci3mC3cA1abo5DRzT/BTVRASdxpwgud8unpX8WTxPTsQP/v7O9PB54vyhRWfu9vJszErJZQ64CQ==","type":"ed25519"},"body":{"desc":"Add a user to idOS","payload":"AAAEAAAAbWFpbhQAAABhZGRfdXNlcl9hc19pbnNlcnRlcgEAAwAsAAAAAAAPAAAAAAAAAAAEdXVpZAAAAAAAAQARAAAAAZ9Rs7JMvkwrjqMLDBsvGhFIAAAAAAAPAAAAAAAAAAAEdGV4dAAAAAAAAQAtAAAAAVkra05XU25vWWhsQnJzRFEvMDFGVGZvSFE1Q2VYeWpERUhiUW1OREdPanc9IAAAAAAADwAAAAAAAAAABHRleHQAAAAAAAEABQAAAAF1c2Vy","type":"execute","fee":"0","nonce":1,"chain_id":"idos-testnet"},"sender":"d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a","serialization":"concat"}"# + "\n")
    }

    @Test(arguments: ["int8:abc", "uuid:nope", "bool:yes", "bytea:%%", "numeric:1e5", "null:foo", "float:1", "novalue"])
    func malformedArgumentExits2(arg: String) throws {
        let (code, _, err) = try run(["kwil", "payload", "--action", "x", "--arg", arg])
        #expect(code == 2)
        #expect(err.contains(arg))
    }
}
