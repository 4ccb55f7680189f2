public import Foundation
public import IdosCrypto
import IdosKit
public import IssuerStore

/// What a KYC provider's request becomes: rows and the jobs that push them to the nodes, written in one
/// transaction (the outbox). Nothing here talks to a node. The HTTP API calls these after validating input.
public struct IssuanceService: Sendable {
    public let store: IssuerStore
    /// The key that signs credential pairs (its public half is `issuer_auth_public_key`).
    public let issuerKey: Ed25519.PrivateKey
    /// The issuer's own encryption key: the copy of each credential is sealed to it (unless a consumer's
    /// key is given), so the issuer can re-seal an undelivered credential after a user's key rotation.
    public let encryptionKey: SealedBox.KeyPair
    /// Attempts each node-writing job gets before it becomes a dead letter (`ISSUER_JOB_MAX_ATTEMPTS`, default 25).
    public var maxAttempts = 25

    public init(store: IssuerStore, issuerKey: Ed25519.PrivateKey, encryptionKey: SealedBox.KeyPair) {
        self.store = store
        self.issuerKey = issuerKey
        self.encryptionKey = encryptionKey
    }

    /// The issuer's `issuer_auth_public_key` (lower-case hex).
    public var issuerAuthPublicKey: String { Hex.encode(issuerKey.publicKey) }

    /// Stores a new user with her first wallet and queues `create_user`; audited as `user.created` by `actor`
    /// (default: the user's provider).
    public func createUser(_ user: UserRecord, wallet: WalletRecord, requestID: String? = nil, actor: String? = nil,
                           in session: StoreSession) async throws {
        try await session.insertUser(user)
        try await session.insertWallet(wallet)
        try await session.insertJobs([NewJob(kind: IssuanceJobs.createUser, args: IssuanceJobs.args(IssuanceJobs.UserArgs(userId: user.id)),
                                             priority: 1, maxAttempts: maxAttempts, uniqueKey: "create_user:\(user.id.uuidString.lowercased())", requestID: requestID)],
                                     notify: store.jobChannel)
        try await session.appendAudit(actor: actor ?? AuditActor.provider(user.providerID), action: .userCreated, subject: user.id.auditText,
                                      details: ["userId": .string(user.id.auditText), "walletId": .string(wallet.id.auditText),
                                                "walletType": .string(wallet.walletType)])
    }

    /// What a re-issued credential replaces: the old credential, revoked once the new one is delivered.
    public struct Replacement: Sendable {
        public var campaignID: UUID
        public var credentialID: UUID
        public init(campaignID: UUID, credentialID: UUID) { self.campaignID = campaignID; self.credentialID = credentialID }
    }

    /// How a credential reaches the node.
    public enum Delivery: Sendable {
        /// By the user's signed write grant (`create_credentials_by_dwg`); `grantID` names the stored grant.
        case writeGrant(grantID: UUID, signature: String, notUsableAfter: Date)
        /// As inserter, with no user present (`upsert_credential_as_inserter`, re-issuance).
        case inserter
    }

    /// Seals `plaintext` (the signed VC) once into the original (to the user) and the copy (to the issuer or
    /// `consumerKey`), stores the pair as sent and queues `deliver_credential`, in the caller's transaction;
    /// audited as `credential.issued` by `actor` (default: the provider).
    /// - Returns: the stored credential.
    public func issueCredential(id: UUID = UUID(), providerID: UUID, user: UserRecord, plaintext: [UInt8], publicNotes: String,
                                publicNotesID: UUID, level: String?, delivery: Delivery, consumerKey: [UInt8]? = nil, vcKeyVersion: Int = 1,
                                replacing: Replacement? = nil, priority: Int = 2, requestID: String? = nil, actor: String? = nil,
                                in session: StoreSession) async throws -> CredentialRecord {
        let userKey = try Base64.decode(user.recipientEncryptionPublicKey)
        let pair = try CredentialPair(plaintext: plaintext, publicNotes: publicNotes, userPublicKey: userKey,
                                      copyPublicKey: consumerKey ?? encryptionKey.publicKey, issuer: issuerKey)
        let copy = SealedCopyRecord(encryptorPublicKey: pair.copy.encryptorPublicKey, content: pair.copy.content,
                                    publicNotesSignature: pair.copy.publicNotesSignature, broaderSignature: pair.copy.broaderSignature)
        var grantID: UUID?, deadline: Date?
        if case .writeGrant(let grant, let signature, let notUsableAfter) = delivery {
            guard try await session.useWriteGrant(id: grant, signature: signature, credentialID: id) else {
                throw IssuanceError.writeGrantUsed(grant)
            }
            grantID = grant
            deadline = notUsableAfter
        }
        var record = CredentialRecord(
            id: id, providerID: providerID, userID: user.id, publicNotesID: publicNotesID, publicNotes: publicNotes, contentHash: pair.contentHash,
            issuerAuthPublicKey: issuerAuthPublicKey, nodeOriginalID: pair.originalId,
            original: SealedCopyRecord(encryptorPublicKey: pair.original.encryptorPublicKey, content: pair.original.content,
                                       publicNotesSignature: pair.original.publicNotesSignature, broaderSignature: pair.original.broaderSignature),
            // The copy is kept even when only the original is written (inserter delivery): sealed to the issuer,
            // it lets the issuer re-seal the original after the user's key changes.
            nodeCopyID: grantID == nil ? nil : pair.copyId, copy: copy,
            delivery: grantID == nil ? .inserter : .dwg, writeGrantID: grantID, recipientEncryptionPublicKey: user.recipientEncryptionPublicKey,
            level: level)
        record.vcKeyVersion = vcKeyVersion
        record.campaignID = replacing?.campaignID
        record.replacesCredentialID = replacing?.credentialID
        try await session.insertCredential(record)
        try await session.insertJobs([NewJob(kind: IssuanceJobs.deliverCredential,
                                             args: IssuanceJobs.args(IssuanceJobs.CredentialArgs(credentialId: id)), priority: priority,
                                             maxAttempts: maxAttempts,
                                             deadline: deadline, uniqueKey: "deliver_credential:\(id.uuidString.lowercased())", requestID: requestID)],
                                     notify: store.jobChannel)
        var details: [String: AuditValue] = ["userId": .string(user.id.auditText), "delivery": .string(record.delivery.rawValue)]
        if let grantID { details["writeGrantId"] = .string(grantID.auditText) }
        if let level { details["level"] = .string(level) }
        details["vcKeyVersion"] = .int(Int64(vcKeyVersion))
        if let replacing {
            details["campaignId"] = .string(replacing.campaignID.auditText)
            details["replaces"] = .string(replacing.credentialID.auditText)
        }
        try await session.appendAudit(actor: actor ?? AuditActor.provider(providerID), action: .credentialIssued, subject: id.auditText,
                                      details: details)
        return record
    }

    /// Replaces a credential's public notes and queues their write (after the credential is delivered); audited
    /// as `action` (`credential.edited`, or `credential.revoked` for a revocation) by `actor`.
    /// - Returns: the new notes version.
    public func editPublicNotes(credentialID: UUID, publicNotes: String, requestID: String? = nil, actor: String = AuditActor.system,
                                action: AuditAction = .credentialEdited, in session: StoreSession) async throws -> Int {
        try await Self.editPublicNotes(credentialID: credentialID, publicNotes: publicNotes, maxAttempts: maxAttempts, channel: store.jobChannel,
                                       requestID: requestID, actor: actor, action: action, in: session)
    }

    /// `editPublicNotes` for callers without a service (the delivery handler revoking a replaced credential).
    static func editPublicNotes(credentialID: UUID, publicNotes: String, maxAttempts: Int, channel: String, requestID: String?, actor: String,
                                action: AuditAction, priority: Int = 2, in session: StoreSession) async throws -> Int {
        guard let version = try await session.updatePublicNotes(id: credentialID, publicNotes: publicNotes) else {
            throw IssuanceError.unknownCredential(credentialID)
        }
        try await session.insertJobs([NewJob(kind: IssuanceJobs.editPublicNotes,
                                             args: IssuanceJobs.args(IssuanceJobs.CredentialArgs(credentialId: credentialID, version: version)),
                                             priority: priority, maxAttempts: maxAttempts, uniqueKey: "edit_public_notes:\(credentialID.uuidString.lowercased()):\(version)", requestID: requestID)],
                                     notify: channel)
        try await session.appendAudit(actor: actor, action: action, subject: credentialID.auditText, details: ["notesVersion": .int(Int64(version))])
        return version
    }
}

extension IssuanceService {
    /// Rotates a user's encryption key: stores it, queues its node write, and re-seals to it the original of
    /// every credential of hers not yet signed into a tx (decrypting the issuer's copy, so only copies sealed
    /// to the issuer's own key can be re-sealed; the others end as `key_mismatch` dead letters).
    /// Audited as `user.key_rotated` by `actor`.
    /// - Returns: how many credentials were re-sealed.
    public func rotateUserKey(userID: UUID, recipientKey: [UInt8], passwordStore: String, requestID: String? = nil,
                              actor: String = AuditActor.system, in session: StoreSession) async throws -> Int {
        let keyText = Base64.encode(recipientKey)
        guard let version = try await session.rotateUserKey(id: userID, recipientEncryptionPublicKey: keyText, encryptionPasswordStore: passwordStore)
        else { throw IssuanceError.unknownUser(userID) }
        try await session.insertJobs([NewJob(kind: IssuanceJobs.updateUserKey,
                                             args: IssuanceJobs.args(IssuanceJobs.UserArgs(userId: userID, version: version)), priority: 1,
                                             maxAttempts: maxAttempts, uniqueKey: "update_user_key:\(userID.uuidString.lowercased()):\(version)", requestID: requestID)],
                                     notify: store.jobChannel)
        var resealed = 0
        for credential in try await session.undeliveredCredentials(userID: userID) {
            guard let copy = credential.copy else { continue }
            let sealed = CredentialCopy(content: copy.content, encryptorPublicKey: copy.encryptorPublicKey, publicNotes: "",
                                        publicNotesSignature: copy.publicNotesSignature, broaderSignature: copy.broaderSignature,
                                        issuerAuthPublicKey: credential.issuerAuthPublicKey)
            guard let plaintext = try? sealed.open(recipientSecretKey: encryptionKey.secretKey) else { continue }
            let original = try CredentialCopy(plaintext: plaintext, to: recipientKey, publicNotes: credential.signedPublicNotes, issuer: issuerKey)
            let record = SealedCopyRecord(encryptorPublicKey: original.encryptorPublicKey, content: original.content,
                                          publicNotesSignature: original.publicNotesSignature, broaderSignature: original.broaderSignature)
            if try await session.resealOriginal(id: credential.id, original: record, recipientEncryptionPublicKey: keyText) { resealed += 1 }
        }
        try await session.appendAudit(actor: actor, action: .userKeyRotated, subject: userID.auditText,
                                      details: ["userId": .string(userID.auditText), "keyVersion": .int(Int64(version)),
                                                "passwordStore": .string(passwordStore), "resealed": .int(Int64(resealed))])
        return resealed
    }
}

/// Requests the issuance service refuses.
public enum IssuanceError: Error, Sendable, Equatable, CustomStringConvertible {
    case writeGrantUsed(UUID)
    case unknownCredential(UUID)
    case unknownUser(UUID)

    public var description: String {
        switch self {
        case .writeGrantUsed(let id): "write grant \(id) was already used for another credential"
        case .unknownCredential(let id): "no credential \(id)"
        case .unknownUser(let id): "no user \(id)"
        }
    }
}
