import Foundation
import TestSupport
import Testing

/// `idos-issuer kwil execute|call` against the `idos-devnode` executable over loopback: a delegate key adds
/// a user and reads it back through KGW sign-in; node refusals exit 1 with the node's message; malformed
/// flags exit 2.
@Suite(.requiresPostgres)
struct KwilLiveCommandTests {
    @Test func executeThenIdentifiedCallRoundTrip() async throws {
        try await DevNodeProcess.with { node in
            let key = try node.delegateKeyFile()
            let userId = UUID().uuidString.lowercased()
            let added = try await issuer("kwil", "execute", "--node", node.url, "--key-file", key, "--key-type", "ed25519",
                                   "--action", "add_user_as_inserter", "--arg", "uuid:\(userId)", "--arg", "text:pk", "--arg", "text:user")
            #expect(added.status == 0, "\(added.stderr)")
            let tx = try jsonObject(added)
            #expect((tx["txHash"] as? String)?.count == 64)
            #expect(tx["code"] as? Int == 0)
            #expect((tx["height"] as? Int ?? 0) > 0)

            let read = try await issuer("kwil", "call", "--node", node.url, "--key-file", key, "--key-type", "ed25519",
                                  "--action", "get_user_as_inserter", "--arg", "uuid:\(userId)")
            #expect(read.status == 0, "\(read.stderr)")
            let rows = try jsonObject(read)["rows"] as? [[String: Any]]
            #expect(rows?.first?["id"] as? String == userId)
            #expect(rows?.first?["recipient_encryption_public_key"] as? String == "pk")

            // The same id again: mined with the node's error; the hash is still printed, exit 1.
            let again = try await issuer("kwil", "execute", "--node", node.url, "--key-file", key, "--key-type", "ed25519",
                                   "--action", "add_user_as_inserter", "--arg", "uuid:\(userId)", "--arg", "text:pk", "--arg", "text:user")
            #expect(again.status == 1)
            #expect((try jsonObject(again)["code"] as? Int ?? 0) != 0)
            #expect(again.stderr.contains("failed"), "\(again.stderr)")
        }
    }

    @Test func nodeRefusalsExit1WithTheNodesMessage() async throws {
        try await DevNodeProcess.with { node in
            let key = try node.delegateKeyFile()
            let unknown = try await issuer("kwil", "execute", "--node", node.url, "--key-file", key, "--key-type", "ed25519", "--action", "no_such_action")
            #expect(unknown.status == 1)
            #expect(unknown.stderr.contains("no_such_action"), "\(unknown.stderr)")
            let wrongChain = try await issuer("kwil", "execute", "--node", node.url, "--key-file", key, "--key-type", "ed25519", "--chain-id", "other",
                                        "--action", "add_user_as_inserter", "--arg", "uuid:\(UUID())", "--arg", "text:pk", "--arg", "text:user")
            #expect(wrongChain.status == 1)
            #expect(wrongChain.stderr.lowercased().contains("chain"), "\(wrongChain.stderr)")
        }
    }

    @Test func malformedFlagsExit2AndAnUnreachableNodeExits1() async throws {
        let key = try TemporaryFiles.file(Array(String(repeating: "11", count: 32).utf8))
        let notURL = try await issuer("kwil", "call", "--node", "nowhere", "--action", "get_user")
        #expect(notURL.status == 2)
        #expect(notURL.stderr.contains("--node"))
        let badArg = try await issuer("kwil", "execute", "--node", "http://127.0.0.1:9", "--key-file", key, "--key-type", "ed25519",
                                "--action", "x", "--arg", "int8:abc")
        #expect(badArg.status == 2)
        #expect(badArg.stderr.contains("int8:abc"))
        let badSync = try await issuer("kwil", "execute", "--node", "http://127.0.0.1:9", "--key-file", key, "--key-type", "ed25519",
                                 "--action", "x", "--sync", "2")
        #expect(badSync.status == 2)
        let halfIdentity = try await issuer("kwil", "call", "--node", "http://127.0.0.1:9", "--action", "get_user", "--key-type", "ed25519")
        #expect(halfIdentity.status == 2)
        let unreachable = try await issuer("kwil", "call", "--node", "http://127.0.0.1:9", "--action", "get_user")
        #expect(unreachable.status == 1)
        #expect(unreachable.stderr.contains("transport failure"), "\(unreachable.stderr)")
    }
}
