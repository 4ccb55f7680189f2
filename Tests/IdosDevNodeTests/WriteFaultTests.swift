import Foundation
import IdosCrypto
import KwilKit
import TestSupport
import Testing
@testable import IdosDevNode

/// The write faults a client must survive, seen through KwilClient over HTTP: a broadcast committed but
/// answered 500 (the client does not know its write happened until it asks), and a nonce rejection.
@Suite(.requiresPostgres)
struct WriteFaultTests {
    static func addUser(_ id: UUID) -> ActionExecution {
        ActionExecution(action: "add_user_as_inserter", rows: [[.uuid(id), .text("pk-\(id)"), .text("user")]])
    }

    @Test func dropAfterCommitAnswers500ButTheTxIsMinedAndTheNonceUsed() async throws {
        try await HTTPSeedWorld.with { w in
            let issuer = w.issuer
            let key = issuer.signer.signatureType.keyType
            let before = try await issuer.client.accountNonce(identifier: issuer.signer.identifier, keyType: key)
            _ = try await w.node.post("/devnode/faults", body: Data(#"{"drop_after_commit_rate":1}"#.utf8))

            let userId = UUID()
            var tx = Transaction(description: "drop", payload: try Self.addUser(userId).encoded(), nonce: UInt64(before + 1), chainID: w.chainID)
            try tx.sign(with: issuer.signer)
            do {
                _ = try await issuer.client.broadcast(tx, sync: true)
                Issue.record("the injected fault did not fire")
            } catch let error as KwilError {
                #expect(error.isRetryable, "a 500 after commit must look retryable to the client: \(error)")
            }
            _ = try await w.node.post("/devnode/faults", body: Data("{}".utf8))

            // The write happened: tx_query finds it mined, the nonce is spent, a resend is refused as a replay.
            let mined = try await issuer.client.txQuery(hash: Hex.encode(tx.hash))
            #expect(mined.height > 0)
            #expect(mined.code == 0)
            #expect(try await issuer.client.accountNonce(identifier: issuer.signer.identifier, keyType: key) == before + 1)
            let replay = await #expect(throws: KwilError.self) { _ = try await issuer.client.broadcast(tx, sync: true) }
            guard case let .invalidNonce(message)? = replay else { Issue.record("a replay must be refused as invalidNonce: \(String(describing: replay))"); return }
            #expect(message.contains("expected \(before + 2), got \(before + 1)"), "\(message)")
            let inserted = try await issuer.call("get_user_as_inserter", [.uuid(userId)])
            #expect(inserted.rows.count == 1)
        }
    }

    @Test func rejectNonceFaultIsAnInvalidNonceAndLeavesTheAccountUnchanged() async throws {
        try await HTTPSeedWorld.with { w in
            let issuer = w.issuer
            let key = issuer.signer.signatureType.keyType
            let before = try await issuer.client.accountNonce(identifier: issuer.signer.identifier, keyType: key)
            _ = try await w.node.post("/devnode/faults", body: Data(#"{"reject_nonce_rate":1}"#.utf8))
            do {
                _ = try await issuer.client.execute(Self.addUser(UUID()), description: "x", chainID: w.chainID, signer: issuer.signer)
                Issue.record("the injected fault did not fire")
            } catch let error as KwilError {
                guard case .invalidNonce = error else { Issue.record("expected invalidNonce, got \(error)"); return }
            }
            #expect(try await issuer.client.accountNonce(identifier: issuer.signer.identifier, keyType: key) == before)
            _ = try await w.node.post("/devnode/faults", body: Data("{}".utf8))
            let ok = try await issuer.client.execute(Self.addUser(UUID()), description: "x", chainID: w.chainID, signer: issuer.signer)
            #expect(ok.code == 0)
        }
    }
}
