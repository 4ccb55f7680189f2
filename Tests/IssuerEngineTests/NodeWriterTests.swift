import IssuerTestSupport
import Foundation
import IdosCrypto
import IdosKit
import IssuerEngine
import IssuerStore
import KwilKit
import TestSupport
import Testing

/// The issuance jobs against a real devnode: every write lands exactly once, whatever fails in between.
@Suite(.requiresPostgres)
struct NodeWriterTests {
    @Test func onboardsAUserAndDeliversCredentialsByInserterAndByWriteGrant() async throws {
        try await IssuanceWorld.with { world in
            let (user, wallet, keys) = try await world.onboardUser()
            let byInserter = try await world.issueByInserter(user)
            let byGrant = try await world.issueByWriteGrant(user, wallet: wallet)
            try await world.eventually("both credentials delivered") {
                let a = try await world.store.session.credential(id: byInserter.id), b = try await world.store.session.credential(id: byGrant.id)
                return a?.status == .delivered && b?.status == .delivered
            }
            #expect(try await world.store.session.user(id: user.id)?.status == .created)
            // The node's own tables: one user, one wallet, the inserter credential, the DWG original and its copy.
            let uid = user.id.uuidString.lowercased()
            #expect(try await world.nodeCount("SELECT count(*) FROM \(world.nodeSchema).users WHERE id = '\(uid)'") == 1)
            #expect(try await world.nodeCount("SELECT count(*) FROM \(world.nodeSchema).wallets WHERE user_id = '\(uid)'") == 1)
            #expect(try await world.nodeCount("SELECT count(*) FROM \(world.nodeSchema).credentials WHERE user_id = '\(uid)'") == 3)
            // The original on the node decrypts with the user's key to what was issued.
            let original = try await world.nodeCount("""
                SELECT count(*) FROM \(world.nodeSchema).credentials WHERE id = '\(byInserter.nodeOriginalID.uuidString.lowercased())'
                  AND content = '\(byInserter.original.content)'
                """)
            #expect(original == 1)
            let copy = CredentialCopy(content: byInserter.original.content, encryptorPublicKey: byInserter.original.encryptorPublicKey,
                                      publicNotes: byInserter.publicNotes, publicNotesSignature: byInserter.original.publicNotesSignature,
                                      broaderSignature: byInserter.original.broaderSignature, issuerAuthPublicKey: byInserter.issuerAuthPublicKey)
            #expect(String(decoding: try copy.open(recipientSecretKey: keys.secretKey), as: UTF8.self) == #"{"credentialSubject":{"id":"x"}}"#)
            // Every write was signed once: one node tx per intent, none abandoned.
            let jobs = try await world.store.session.listJobs(JobFilter(limit: 100))
            #expect(jobs.allSatisfy { $0.state == .completed })
            var txs: [NodeTransaction] = []
            for job in jobs { txs += try await world.store.session.transactions(jobID: job.id) }
            #expect(txs.count == 4)
            #expect(txs.allSatisfy { $0.state == .mined })
        }
    }

    @Test func revokingWritesTheNewNotesOnTheNode() async throws {
        try await IssuanceWorld.with { world in
            let (user, _, _) = try await world.onboardUser()
            let credential = try await world.issueByInserter(user)
            let revoked = credential.publicNotes.replacingOccurrences(of: #""status":"approved""#, with: #""status":"revoked""#)
            // Edited before delivery: the edit waits for the credential to be on the node, then writes.
            _ = try await world.store.withTransaction { session in
                try await world.service.editPublicNotes(credentialID: credential.id, publicNotes: revoked, in: session)
            }
            try await world.eventually("revoked") { try await world.store.session.credential(id: credential.id)?.status == .revoked }
            let onNode = try await world.nodeCount("""
                SELECT count(*) FROM \(world.nodeSchema).credentials
                WHERE id = '\(credential.nodeOriginalID.uuidString.lowercased())' AND public_notes = '\(revoked)'
                """)
            #expect(onNode == 1)
        }
    }

    @Test func everyCredentialLandsExactlyOnceThroughNodeFaults() async throws {
        try await IssuanceWorld.with(signers: 2) { world in
            try await world.setFaults(["error_rate": 0.3, "timeout_rate": 0.03, "timeout_ms": 1500, "drop_after_commit_rate": 0.1,
                                       "reject_nonce_rate": 0.05])
            var users: [(UserRecord, Secp256k1.PrivateKey)] = []
            for _ in 0..<8 { let (u, w, _) = try await world.onboardUser(); users.append((u, w)) }
            var issued: [CredentialRecord] = []
            for (index, (user, wallet)) in users.enumerated() {
                issued.append(try await world.issueByInserter(user))
                if index % 2 == 0 { issued.append(try await world.issueByWriteGrant(user, wallet: wallet)) }
            }
            let credentials = issued
            try await world.eventually("all delivered through faults", limit: .seconds(120), report: world.report) {
                var delivered = 0
                for c in credentials where try await world.store.session.credential(id: c.id)?.status == .delivered { delivered += 1 }
                return delivered == credentials.count
            }
            try await world.setFaults([:])
            // The node holds each original exactly once (and each DWG copy once): nothing lost, nothing doubled.
            let originals = credentials.map { "'\($0.nodeOriginalID.uuidString.lowercased())'" }.joined(separator: ",")
            #expect(try await world.nodeCount("SELECT count(*) FROM \(world.nodeSchema).credentials WHERE id IN (\(originals))") == credentials.count)
            let userIDs = users.map { "'\($0.0.id.uuidString.lowercased())'" }.joined(separator: ",")
            let grants = credentials.filter { $0.delivery == .dwg }.count
            #expect(try await world.nodeCount("SELECT count(*) FROM \(world.nodeSchema).credentials WHERE user_id IN (\(userIDs))")
                    == credentials.count + grants)
            #expect(try await world.nodeCount("SELECT count(*) FROM \(world.nodeSchema).users WHERE id IN (\(userIDs))") == users.count)
        }
    }

    @Test func aWriteGrantThatExpiresWhileTheNodeIsPausedNeedsConsent() async throws {
        try await IssuanceWorld.with(issuanceSettings: { $0.signMargin = 5 }) { world in
            let (user, wallet, _) = try await world.onboardUser()
            try await world.eventually("user created") { try await world.store.session.user(id: user.id)?.status == .created }
            try await world.setFaults(["pause": true])
            // 7 s left: signed at once, but no block comes before the grant ends.
            let credential = try await world.issueByWriteGrant(user, wallet: wallet, notUsableAfter: Date().addingTimeInterval(7))
            try await world.eventually("signed and waiting") {
                try await !world.store.session.latestTransactions(intents: ["credential:\(credential.id.uuidString.lowercased())"]).isEmpty
            }
            try await Task.sleep(for: .seconds(8))
            try await world.setFaults([:])
            try await world.eventually("needs consent") { try await world.store.session.credential(id: credential.id)?.status == .needsConsent }
            let job = try await world.store.session.listJobs(JobFilter(kind: IssuanceJobs.deliverCredential, limit: 10)).first
            #expect(job?.state == .needsConsent)
            #expect(job?.deadReason == nil)
        }
    }

    @Test func aGrantTooCloseToItsEndIsNeverSigned() async throws {
        try await IssuanceWorld.with(issuanceSettings: { $0.signMargin = 30 }) { world in
            let (user, wallet, _) = try await world.onboardUser()
            try await world.eventually("user created") { try await world.store.session.user(id: user.id)?.status == .created }
            let credential = try await world.issueByWriteGrant(user, wallet: wallet, notUsableAfter: Date().addingTimeInterval(20))
            try await world.eventually("needs consent") { try await world.store.session.credential(id: credential.id)?.status == .needsConsent }
            #expect(try await world.store.session.latestTransactions(intents: ["credential:\(credential.id.uuidString.lowercased())"]).isEmpty)
        }
    }
}
