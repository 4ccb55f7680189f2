import Foundation
import IdosCrypto
import IssuerEngine
import IssuerStore
import IssuerTestSupport
import PostgresNIO
import TestSupport
import Testing

/// The hash-chained audit log: appends (also concurrent), tampering found by verify, the hash against an
/// independent computation, a user's trail, and the hooks where issuance state changes.
@Suite(.requiresPostgres)
struct AuditLogTests {
    /// `n` rows appended one by one (autocommit: each append in a transaction of its own).
    static func appendRows(_ store: IssuerStore, _ n: Int) async throws {
        for i in 1...n {
            try await store.session.appendAudit(actor: "cli:test", action: .jobRetried, subject: String(i), details: ["jobId": .int(Int64(i))])
        }
    }

    static func sql(_ store: IssuerStore, _ query: PostgresQuery) async throws {
        _ = try await store.client.query(query).collect()
    }

    @Test func chainVerifiesAfterSequentialConcurrentAndRolledBackAppends() async throws {
        try await StoreFixture.withStore { store in
            #expect(try await store.session.verifyAuditChain() == AuditVerification(rowsChecked: 0, firstBreak: nil))
            try await Self.appendRows(store, 3)
            // Parallel transactions, each holding its transaction open a while after appending.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<16 {
                    group.addTask {
                        try await store.withTransaction { session in
                            try await session.appendAudit(actor: "provider:test", action: .credentialIssued, subject: "c\(i)",
                                                          details: ["n": .int(Int64(i)), "kind": "parallel"])
                            try await Task.sleep(for: .milliseconds(Int.random(in: 1...20)))
                        }
                    }
                }
                try await group.waitForAll()
            }
            // A rolled-back append gives its id back: no gap.
            struct Abort: Error {}
            await #expect(throws: Abort.self) {
                try await store.withTransaction { session in
                    try await session.appendAudit(actor: "cli:test", action: .jobCancelled, subject: "gone")
                    throw Abort()
                }
            }
            // Several rows under one lock, in order.
            try await store.session.appendAudit([AuditEntry(actor: "node", action: .nodeUserCreated, subject: "u1"),
                                                 AuditEntry(actor: "node", action: .nodeCredentialDelivered, subject: "c1")])
            let result = try await store.session.verifyAuditChain(batchSize: 7)   // several pages
            #expect(result == AuditVerification(rowsChecked: 21, firstBreak: nil))
            let records = try await store.session.auditRecords()
            #expect(records.map(\.id) == Array(1...21))
            #expect(records.first?.prevHash == AuditCanonical.genesis)
            #expect(!records.contains { $0.subject == "gone" })
            #expect(Set(records.map(\.subject)).isSuperset(of: (0..<16).map { "c\($0)" }))
            for (a, b) in zip(records, records.dropFirst()) { #expect(b.prevHash == a.hash) }
        }
    }

    @Test func verifyNamesAnEditedRow() async throws {
        try await StoreFixture.withStore { store in
            try await Self.appendRows(store, 5)
            try await Self.sql(store, "UPDATE audit_log SET subject = 'forged' WHERE id = 3")
            let result = try await store.session.verifyAuditChain()
            #expect(result.firstBreak?.id == 3)
            #expect(result.firstBreak?.problem == .hashMismatch)
            #expect(result.rowsChecked == 3)
        }
    }

    @Test func verifyNamesRowsWithEditedDetailsOrTime() async throws {
        try await StoreFixture.withStore { store in
            try await Self.appendRows(store, 5)
            try await Self.sql(store, "UPDATE audit_log SET details = details || '{\"extra\": 1}' WHERE id = 4")
            #expect(try await store.session.verifyAuditChain().firstBreak?.id == 4)
            try await Self.sql(store, "UPDATE audit_log SET at = at - interval '1 microsecond' WHERE id = 2")
            #expect(try await store.session.verifyAuditChain().firstBreak?.id == 2)
        }
    }

    @Test func verifyNamesTheRowAfterADeletedOne() async throws {
        try await StoreFixture.withStore { store in
            try await Self.appendRows(store, 5)
            try await Self.sql(store, "DELETE FROM audit_log WHERE id = 3")
            let result = try await store.session.verifyAuditChain()
            #expect(result.firstBreak?.id == 4)
            #expect(result.firstBreak?.problem == .gap(expected: 3))
            // The first row deleted: row 2 is named.
            try await Self.sql(store, "DELETE FROM audit_log WHERE id = 1")
            #expect(try await store.session.verifyAuditChain().firstBreak?.id == 2)
        }
    }

    @Test func verifyNamesARowInsertedInSQL() async throws {
        try await StoreFixture.withStore { store in
            try await Self.appendRows(store, 5)
            // At the end, chained to the last row but with a made-up hash.
            try await Self.sql(store, """
                INSERT INTO audit_log (id, at, actor, action, subject, details, prev_hash, hash)
                SELECT 6, now(), 'cli:mallory', 'job.cancelled', '1', '{}', hash, repeat('ab', 32) FROM audit_log WHERE id = 5
                """)
            let result = try await store.session.verifyAuditChain()
            #expect(result.firstBreak?.id == 6)
            #expect(result.firstBreak?.problem == .hashMismatch)
        }
    }

    @Test func verifyNamesTheRowAfterOneInsertedInTheMiddleWithAValidHash() async throws {
        try await StoreFixture.withStore { store in
            try await Self.appendRows(store, 5)
            // Make room at id 3 (two steps: the primary key is checked row by row) and insert a row whose own hash is right.
            try await Self.sql(store, "UPDATE audit_log SET id = id + 1000 WHERE id >= 3")
            try await Self.sql(store, "UPDATE audit_log SET id = id - 999 WHERE id >= 1000")
            let two = try #require(try await store.session.auditRecords().first { $0.id == 2 })
            let at = "2026-01-01T00:00:00.000000Z"
            let hash = AuditCanonical.hash(prevHash: two.hash, canonicalJSON: AuditCanonical.rowJSON(
                id: 3, at: at, actor: "cli:mallory", action: "job.cancelled", subject: "9", details: [:]))
            try await Self.sql(store, """
                INSERT INTO audit_log (id, at, actor, action, subject, details, prev_hash, hash)
                VALUES (3, \(at)::timestamptz, 'cli:mallory', 'job.cancelled', '9', '{}', \(two.hash), \(hash))
                """)
            let result = try await store.session.verifyAuditChain()
            #expect(result.firstBreak?.id == 4)
            #expect(result.firstBreak?.problem == .prevHashMismatch)
        }
    }

    /// The stored hashes recomputed by Python's hashlib and json from the raw columns (time as epoch
    /// microseconds, details as PostgreSQL prints them), so the bytes are pinned, not only round-tripped.
    @Test func hashesMatchAnIndependentComputation() async throws {
        try await StoreFixture.withStore { store in
            try await store.session.appendAudit(actor: "provider:0f0e0d0c-0000-4000-8000-000000000001", action: .credentialIssued, subject: "abc",
                                                details: ["userId": "u-1", "note": "é \"q\" \\ / \n\t\u{1}\u{7f} ✓", "n": -42, "ok": true, "none": nil,
                                                          "list": [1, "x", false], "nested": ["b": 1, "a": ["z": "y"]], "Zed": 0, "_": ""])
            try await store.session.appendAudit(actor: "node", action: .nodeCredentialDelivered, subject: "abc", details: ["txHashes": ["ff00"]])
            let rows = try await store.client.query("""
                SELECT id, (extract(epoch FROM at) * 1000000)::bigint, actor, action, subject, details::text, prev_hash, hash
                FROM audit_log ORDER BY id
                """).collect().map { try $0.decode((Int64, Int64, String, String, String, String, String, String).self) }
            #expect(rows.count == 2)
            let input: [[String: Any]] = rows.map { ["id": Int($0.0), "us": Int($0.1), "actor": $0.2, "action": $0.3, "subject": $0.4, "details": $0.5] }
            let script = """
                import sys, json, hashlib, datetime
                prev = "0" * 64
                for r in json.load(sys.stdin):
                    at = (datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc) + datetime.timedelta(microseconds=r["us"])).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
                    row = {"id": r["id"], "at": at, "actor": r["actor"], "action": r["action"], "subject": r["subject"], "details": json.loads(r["details"])}
                    canon = json.dumps(row, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
                    h = hashlib.sha256((prev + canon).encode("utf-8")).hexdigest()
                    print(h + " " + canon)
                    prev = h
                """
            let result = try await ChildProcess.run("/usr/bin/env", ["python3", "-c", script],
                                                    input: Array(try JSONSerialization.data(withJSONObject: input)))
            #expect(result.status == 0, "\(result.stderr)")
            let lines = result.stdoutText.split(separator: "\n").map(String.init)
            #expect(lines.count == 2)
            let records = try await store.session.auditRecords()
            for (i, line) in lines.enumerated() where i < rows.count {
                let pythonHash = String(line.prefix(64)), pythonCanonical = String(line.dropFirst(65))
                #expect(pythonHash == rows[i].7)
                #expect(pythonCanonical == String(decoding: records[i].canonicalJSON, as: UTF8.self))
            }
            #expect(rows[0].6 == String(repeating: "0", count: 64))
            #expect(rows[1].6 == rows[0].7)
            // One pinned value computed by hand from the row's canonical text: SHA-256 of prev_hash ‖ JSON.
            #expect(AuditCanonical.hash(prevHash: AuditCanonical.genesis, canonicalJSON: Array(#"{"a":1}"#.utf8))
                    == Hex.encode(SHA256.hash(Array((AuditCanonical.genesis + #"{"a":1}"#).utf8))))
        }
    }

    @Test func canonicalJSONIsPinned() {
        let json = AuditCanonical.rowJSON(id: 7, at: "2026-12-02T06:16:14.000001Z", actor: "cli:ops", action: "job.retried", subject: "42",
                                          details: ["b": [true, nil], "a": "x\"\\\n\u{1f}é", "c": -1])
        #expect(String(decoding: json, as: UTF8.self)
                == #"{"action":"job.retried","actor":"cli:ops","at":"2026-12-02T06:16:14.000001Z","details":{"a":"x\"\\\n\u001fé","b":[true,null],"c":-1},"id":7,"subject":"42"}"#)
    }

    /// Provider calls and operator actions each leave a row in their transaction; a user's trail holds only hers.
    @Test func exportReturnsOnlyThatUsersTrail() async throws {
        try await StoreFixture.withStore { store in
            let service = IssuanceService(store: store, issuerKey: .generate(), encryptionKey: .generate())
            let provider = try await store.session.ensureProvider(name: "audit")
            func onboard() async throws -> (UserRecord, CredentialRecord) {
                let wallet = Secp256k1.PrivateKey.generate()
                let address = EthereumAddress.checksummed(EthereumAddress.fromPublicKey(wallet.publicKey()))
                let user = UserRecord(id: UUID(), providerID: provider, recipientEncryptionPublicKey: Base64.encode(SealedBox.KeyPair.generate().publicKey),
                                      encryptionPasswordStore: "user")
                return try await store.withTransaction { session in
                    try await service.createUser(user, wallet: WalletRecord(id: UUID(), userID: user.id, providerID: provider, walletType: "EVM",
                                                                            address: address.lowercased(), publicKey: nil, message: "m",
                                                                            signature: "0x00"), in: session)
                    let notesID = UUID()
                    let credential = try await service.issueCredential(providerID: provider, user: user, plaintext: Array(#"{"vc":1}"#.utf8),
                                                                       publicNotes: #"{"id":"\#(notesID.auditText)","status":"approved"}"#,
                                                                       publicNotesID: notesID, level: "basic", delivery: .inserter, in: session)
                    return (user, credential)
                }
            }
            let (alice, aliceCredential) = try await onboard()
            let (bob, bobCredential) = try await onboard()
            _ = try await store.withTransaction { session in
                try await service.editPublicNotes(credentialID: aliceCredential.id, publicNotes: #"{"status":"revoked"}"#,
                                                  actor: AuditActor.provider(provider), action: .credentialRevoked, in: session)
            }
            let aliceJob = try #require(try await store.session.job(uniqueKey: "create_user:\(alice.id.auditText)"))
            let bobJob = try #require(try await store.session.job(uniqueKey: "deliver_credential:\(bobCredential.id.auditText)"))
            let cancelled = try await store.withTransaction { session in
                try await session.cancelJobs(ids: [aliceJob.id, bobJob.id], actor: "cli:ops")
            }
            #expect(cancelled.count == 2)
            #expect(try await store.withTransaction { session in
                try await session.retryJob(id: aliceJob.id, extraAttempts: 1, notify: store.jobChannel, actor: "cli:ops")
            })
            // Operator actions without an actor leave no row (library callers that audit elsewhere).
            _ = try await store.session.cancelJobs(ids: [aliceJob.id])

            #expect(try await store.session.verifyAuditChain() == AuditVerification(rowsChecked: 8, firstBreak: nil))
            let trail = try await store.session.auditTrail(userID: alice.id)
            #expect(trail.map(\.action) == ["user.created", "credential.issued", "credential.revoked", "job.cancelled", "job.retried"])
            let aliceSubjects: Set<String> = [alice.id.auditText, aliceCredential.id.auditText, String(aliceJob.id)]
            #expect(trail.allSatisfy { aliceSubjects.contains($0.subject) })
            #expect(trail.allSatisfy { !$0.jsonLine.contains(bob.id.auditText) && !$0.jsonLine.contains(bobCredential.id.auditText) })
            let created = try #require(trail.first)
            #expect(created.actor == AuditActor.provider(provider))
            #expect(created.details["userId"] == .string(alice.id.auditText))
            let bobTrail = try await store.session.auditTrail(userID: bob.id)
            #expect(bobTrail.map(\.action) == ["user.created", "credential.issued", "job.cancelled"])
            #expect(bobTrail.last?.subject == String(bobJob.id))
            // No personal data: the wallet's address, the notes and the keys are not in any row.
            let everything = try await store.session.auditRecords().map(\.jsonLine).joined(separator: "\n")
            #expect(!everything.contains(alice.recipientEncryptionPublicKey))
            #expect(!everything.contains("approved"))
            #expect(!everything.contains("revoked\"}"))
        }
    }

    /// Node confirmations (a job's tx mined) are audited once, with the tx hashes.
    @Test func nodeConfirmationsAreAudited() async throws {
        try await IssuanceWorld.with { world in
            let (user, _, _) = try await world.onboardUser()
            let credential = try await world.issueByInserter(user)
            try await world.eventually("credential delivered") {
                try await world.store.session.credential(id: credential.id)?.status == .delivered
            }
            let trail = try await world.store.session.auditTrail(userID: user.id)
            let actions = trail.map(\.action)
            #expect(actions.filter { $0 == "node.user_created" }.count == 1)
            #expect(actions.filter { $0 == "node.credential_delivered" }.count == 1)
            let delivered = try #require(trail.first { $0.action == "node.credential_delivered" })
            #expect(delivered.actor == "node")
            #expect(delivered.subject == credential.id.auditText)
            guard case .array(let hashes)? = delivered.details["txHashes"], case .string(let hash)? = hashes.first else {
                Issue.record("no txHashes in \(delivered.details)"); return
            }
            #expect(hash.count == 64)
            #expect(try await world.store.session.verifyAuditChain().isIntact)
        }
    }
}
