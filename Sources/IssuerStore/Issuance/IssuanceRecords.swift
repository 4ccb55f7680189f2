public import Foundation

/// An idOS user as this issuer created her.
public struct UserRecord: Sendable, Equatable {
    public enum Status: String, Sendable, Codable { case pending, created, failed }
    public var id: UUID
    public var providerID: UUID
    public var recipientEncryptionPublicKey: String
    public var encryptionPasswordStore: String
    public var status: Status
    public var createdAt: Date
    public var confirmedAt: Date?

    public init(id: UUID, providerID: UUID, recipientEncryptionPublicKey: String, encryptionPasswordStore: String, status: Status = .pending,
                createdAt: Date = Date(), confirmedAt: Date? = nil) {
        self.id = id; self.providerID = providerID; self.recipientEncryptionPublicKey = recipientEncryptionPublicKey
        self.encryptionPasswordStore = encryptionPasswordStore; self.status = status; self.createdAt = createdAt; self.confirmedAt = confirmedAt
    }
}

/// A wallet with its ownership proof, in its canonical spelling.
public struct WalletRecord: Sendable, Equatable {
    public var id: UUID
    public var userID: UUID
    public var providerID: UUID
    public var walletType: String
    public var address: String
    public var publicKey: String?
    public var message: String
    public var signature: String
    public var createdAt: Date

    public init(id: UUID, userID: UUID, providerID: UUID, walletType: String, address: String, publicKey: String?, message: String,
                signature: String, createdAt: Date = Date()) {
        self.id = id; self.userID = userID; self.providerID = providerID; self.walletType = walletType; self.address = address
        self.publicKey = publicKey; self.message = message; self.signature = signature; self.createdAt = createdAt
    }
}

/// A delegated write grant: the `dwg_message` fields and, once the user signed, her signature.
public struct WriteGrantRecord: Sendable, Equatable {
    public var id: UUID
    public var providerID: UUID
    public var userID: UUID
    public var ownerWalletIdentifier: String
    public var granteeWalletIdentifier: String
    public var issuerPublicKey: String
    public var accessGrantTimelock: String
    public var notUsableBefore: String
    public var notUsableAfter: String
    /// `notUsableAfter` as a date (the job's deadline).
    public var notUsableAfterAt: Date
    public var message: String
    public var signature: String?
    public var credentialID: UUID?
    public var createdAt: Date

    public init(id: UUID, providerID: UUID, userID: UUID, ownerWalletIdentifier: String, granteeWalletIdentifier: String, issuerPublicKey: String,
                accessGrantTimelock: String, notUsableBefore: String, notUsableAfter: String, notUsableAfterAt: Date, message: String,
                signature: String? = nil, credentialID: UUID? = nil, createdAt: Date = Date()) {
        self.id = id; self.providerID = providerID; self.userID = userID; self.ownerWalletIdentifier = ownerWalletIdentifier
        self.granteeWalletIdentifier = granteeWalletIdentifier; self.issuerPublicKey = issuerPublicKey
        self.accessGrantTimelock = accessGrantTimelock; self.notUsableBefore = notUsableBefore; self.notUsableAfter = notUsableAfter
        self.notUsableAfterAt = notUsableAfterAt; self.message = message; self.signature = signature; self.credentialID = credentialID
        self.createdAt = createdAt
    }
}

/// One sealed side of a credential (original or copy), exactly as sent to the node.
public struct SealedCopyRecord: Sendable, Equatable {
    public var encryptorPublicKey: String
    public var content: String
    public var publicNotesSignature: String
    public var broaderSignature: String
    public init(encryptorPublicKey: String, content: String, publicNotesSignature: String, broaderSignature: String) {
        self.encryptorPublicKey = encryptorPublicKey; self.content = content
        self.publicNotesSignature = publicNotesSignature; self.broaderSignature = broaderSignature
    }
}

/// A credential: public notes, the encrypted pair as sent, and its delivery state.
public struct CredentialRecord: Sendable, Equatable {
    public enum Status: String, Sendable, Codable { case pending, delivered, revoked, needsConsent = "needs_consent", failed }
    public enum Delivery: String, Sendable, Codable { case dwg, inserter }
    public var id: UUID
    public var providerID: UUID
    public var userID: UUID
    public var publicNotesID: UUID
    /// The notes now (after edits).
    public var publicNotes: String
    /// The notes the original's signatures cover: what the first write carries.
    public var signedPublicNotes: String
    public var contentHash: String
    public var issuerAuthPublicKey: String
    public var nodeOriginalID: UUID
    public var original: SealedCopyRecord
    public var nodeCopyID: UUID?
    public var copy: SealedCopyRecord?
    public var delivery: Delivery
    public var writeGrantID: UUID?
    public var recipientEncryptionPublicKey: String
    public var status: Status
    public var level: String?
    public var lastError: String?
    public var createdAt: Date
    public var deliveredAt: Date?
    public var revokedAt: Date?
    /// N of the VC signing key `<vcIssuer>/keys/N` that signed the credential.
    public var vcKeyVersion = 1
    /// The re-issuance campaign that made this credential, and the credential it replaces.
    public var campaignID: UUID?
    public var replacesCredentialID: UUID?

    public init(id: UUID, providerID: UUID, userID: UUID, publicNotesID: UUID, publicNotes: String, signedPublicNotes: String? = nil,
                contentHash: String, issuerAuthPublicKey: String,
                nodeOriginalID: UUID, original: SealedCopyRecord, nodeCopyID: UUID?, copy: SealedCopyRecord?, delivery: Delivery,
                writeGrantID: UUID?, recipientEncryptionPublicKey: String, status: Status = .pending, level: String? = nil,
                lastError: String? = nil, createdAt: Date = Date(), deliveredAt: Date? = nil, revokedAt: Date? = nil) {
        self.id = id; self.providerID = providerID; self.userID = userID; self.publicNotesID = publicNotesID; self.publicNotes = publicNotes
        self.signedPublicNotes = signedPublicNotes ?? publicNotes
        self.contentHash = contentHash; self.issuerAuthPublicKey = issuerAuthPublicKey; self.nodeOriginalID = nodeOriginalID
        self.original = original; self.nodeCopyID = nodeCopyID; self.copy = copy; self.delivery = delivery; self.writeGrantID = writeGrantID
        self.recipientEncryptionPublicKey = recipientEncryptionPublicKey; self.status = status; self.level = level; self.lastError = lastError
        self.createdAt = createdAt; self.deliveredAt = deliveredAt; self.revokedAt = revokedAt
    }
}
