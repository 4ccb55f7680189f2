public import Foundation
internal import PostgresNIO

/// Providers, users, wallets, write grants and credentials.
extension StoreSession {
    // MARK: Providers

    /// The id of the provider named `name`, created if new.
    public func ensureProvider(name: String) async throws -> UUID {
        let id = UUID()
        return try await map("""
            INSERT INTO providers (id, name) VALUES (\(id), \(name))
            ON CONFLICT (name) DO UPDATE SET name = excluded.name
            RETURNING id
            """) { try $0.decode(UUID.self) }.first ?? id
    }

    /// Every provider's id and name, by name.
    public func providers() async throws -> [(id: UUID, name: String)] {
        try await map("SELECT id, name FROM providers ORDER BY name") { row in let (id, name) = try row.decode((UUID, String).self); return (id, name) }
    }

    /// The id of the provider named `name`, or nil.
    public func providerID(named name: String) async throws -> UUID? {
        try await map("SELECT id FROM providers WHERE name = \(name)") { try $0.decode(UUID.self) }.first
    }

    // MARK: Users and wallets

    public func insertUser(_ user: UserRecord) async throws {
        try await rows("""
            INSERT INTO users (id, provider_id, recipient_encryption_public_key, encryption_password_store, status)
            VALUES (\(user.id), \(user.providerID), \(user.recipientEncryptionPublicKey), \(user.encryptionPasswordStore), \(user.status.rawValue))
            """)
    }

    static let userColumns = "id, provider_id, recipient_encryption_public_key, encryption_password_store, status, created_at, confirmed_at, key_version"

    static func user(_ row: PostgresRow) throws -> (UserRecord, Int) {
        let (id, provider, key, store, status, createdAt, confirmedAt, keyVersion) =
            try row.decode((UUID, UUID, String, String, String, Date, Date?, Int32).self)
        return (UserRecord(id: id, providerID: provider, recipientEncryptionPublicKey: key, encryptionPasswordStore: store,
                           status: UserRecord.Status(rawValue: status) ?? .pending, createdAt: createdAt, confirmedAt: confirmedAt), Int(keyVersion))
    }

    /// A user, or nil.
    public func user(id: UUID) async throws -> UserRecord? {
        try await map("SELECT \(unescaped: Self.userColumns) FROM users WHERE id = \(id)") { try Self.user($0).0 }.first
    }

    /// A user and her key version, or nil.
    public func userWithKeyVersion(id: UUID) async throws -> (user: UserRecord, keyVersion: Int)? {
        try await map("SELECT \(unescaped: Self.userColumns) FROM users WHERE id = \(id)") { try Self.user($0) }.first
    }

    /// Sets a user's status. Returns whether it changed (false when it already was `status`, or no such user):
    /// what causes a webhook event is the change, not a repeated write.
    @discardableResult
    public func setUserStatus(id: UUID, _ status: UserRecord.Status) async throws -> Bool {
        try await map("""
            UPDATE users u SET status = \(status.rawValue),
                confirmed_at = CASE WHEN \(status.rawValue) = 'created' THEN coalesce(u.confirmed_at, now()) ELSE u.confirmed_at END
            FROM (SELECT id, status AS old_status FROM users WHERE id = \(id) FOR UPDATE) o
            WHERE u.id = o.id
            RETURNING o.old_status IS DISTINCT FROM \(status.rawValue)
            """) { try $0.decode(Bool.self) }.first ?? false
    }

    /// Rotates the user's encryption key: stores the new key and returns the new key version.
    public func rotateUserKey(id: UUID, recipientEncryptionPublicKey: String, encryptionPasswordStore: String) async throws -> Int? {
        try await map("""
            UPDATE users SET recipient_encryption_public_key = \(recipientEncryptionPublicKey),
                             encryption_password_store = \(encryptionPasswordStore), key_version = key_version + 1
            WHERE id = \(id) RETURNING key_version
            """) { Int(try $0.decode(Int32.self)) }.first
    }

    public func insertWallet(_ wallet: WalletRecord) async throws {
        try await rows("""
            INSERT INTO wallets (id, user_id, provider_id, wallet_type, address, public_key, message, signature)
            VALUES (\(wallet.id), \(wallet.userID), \(wallet.providerID), \(wallet.walletType), \(wallet.address), \(wallet.publicKey),
                    \(wallet.message), \(wallet.signature))
            """)
    }

    static let walletColumns = "id, user_id, provider_id, wallet_type, address, public_key, message, signature, created_at"

    static func wallet(_ row: PostgresRow) throws -> WalletRecord {
        let (id, user, provider, type, address, publicKey, message, signature, createdAt) =
            try row.decode((UUID, UUID, UUID, String, String, String?, String, String, Date).self)
        return WalletRecord(id: id, userID: user, providerID: provider, walletType: type, address: address, publicKey: publicKey,
                            message: message, signature: signature, createdAt: createdAt)
    }

    /// A user's wallets, oldest first.
    public func wallets(userID: UUID) async throws -> [WalletRecord] {
        try await map("SELECT \(unescaped: Self.walletColumns) FROM wallets WHERE user_id = \(userID) ORDER BY created_at, id", Self.wallet)
    }

    /// The provider's wallet with this type and canonical address, or nil.
    public func wallet(providerID: UUID, walletType: String, address: String) async throws -> WalletRecord? {
        try await map("""
            SELECT \(unescaped: Self.walletColumns) FROM wallets WHERE provider_id = \(providerID) AND wallet_type = \(walletType) AND address = \(address)
            """, Self.wallet).first
    }

    // MARK: Write grants

    public func insertWriteGrant(_ grant: WriteGrantRecord) async throws {
        try await rows("""
            INSERT INTO write_grants (id, provider_id, user_id, owner_wallet_identifier, grantee_wallet_identifier, issuer_public_key,
                                      access_grant_timelock, not_usable_before, not_usable_after, not_usable_after_at, message, signature)
            VALUES (\(grant.id), \(grant.providerID), \(grant.userID), \(grant.ownerWalletIdentifier), \(grant.granteeWalletIdentifier),
                    \(grant.issuerPublicKey), \(grant.accessGrantTimelock), \(grant.notUsableBefore), \(grant.notUsableAfter),
                    \(grant.notUsableAfterAt), \(grant.message), \(grant.signature))
            """)
    }

    static let grantColumns = """
        id, provider_id, user_id, owner_wallet_identifier, grantee_wallet_identifier, issuer_public_key, access_grant_timelock,
        not_usable_before, not_usable_after, not_usable_after_at, message, signature, credential_id, created_at
        """

    /// A write grant, or nil.
    public func writeGrant(id: UUID) async throws -> WriteGrantRecord? {
        try await map("SELECT \(unescaped: Self.grantColumns) FROM write_grants WHERE id = \(id)") { row in
            let (id, provider, user, owner, grantee, issuer, timelock, before, after, afterAt, message, signature, credential, createdAt) =
                try row.decode((UUID, UUID, UUID, String, String, String, String, String, String, Date, String, String?, UUID?, Date).self)
            return WriteGrantRecord(id: id, providerID: provider, userID: user, ownerWalletIdentifier: owner, granteeWalletIdentifier: grantee,
                                    issuerPublicKey: issuer, accessGrantTimelock: timelock, notUsableBefore: before, notUsableAfter: after,
                                    notUsableAfterAt: afterAt, message: message, signature: signature, credentialID: credential,
                                    createdAt: createdAt)
        }.first
    }

    /// Binds a signed grant to the credential it writes. False when the grant is already used.
    public func useWriteGrant(id: UUID, signature: String, credentialID: UUID) async throws -> Bool {
        try await count("""
            UPDATE write_grants SET signature = \(signature), credential_id = \(credentialID) WHERE id = \(id) AND credential_id IS NULL
            RETURNING 1
            """) == 1
    }

    // MARK: Credentials

    public func insertCredential(_ c: CredentialRecord) async throws {
        try await rows("""
            INSERT INTO credentials (id, provider_id, user_id, public_notes_id, public_notes, signed_public_notes, content_hash, issuer_auth_public_key,
                node_original_id, original_encryptor_public_key, original_content, original_public_notes_signature, original_broader_signature,
                node_copy_id, copy_encryptor_public_key, copy_content, copy_public_notes_signature, copy_broader_signature,
                delivery, write_grant_id, recipient_encryption_public_key, status, level, vc_key_version, campaign_id, replaces_credential_id)
            VALUES (\(c.id), \(c.providerID), \(c.userID), \(c.publicNotesID), \(c.publicNotes), \(c.signedPublicNotes), \(c.contentHash),
                \(c.issuerAuthPublicKey),
                \(c.nodeOriginalID), \(c.original.encryptorPublicKey), \(c.original.content), \(c.original.publicNotesSignature),
                \(c.original.broaderSignature), \(c.nodeCopyID), \(c.copy?.encryptorPublicKey), \(c.copy?.content),
                \(c.copy?.publicNotesSignature), \(c.copy?.broaderSignature), \(c.delivery.rawValue), \(c.writeGrantID),
                \(c.recipientEncryptionPublicKey), \(c.status.rawValue), \(c.level), \(Int32(c.vcKeyVersion)), \(c.campaignID),
                \(c.replacesCredentialID))
            """)
    }

    static let credentialColumns = """
        id, provider_id, user_id, public_notes_id, public_notes, content_hash, issuer_auth_public_key, node_original_id,
        original_encryptor_public_key, original_content, original_public_notes_signature, original_broader_signature,
        node_copy_id, copy_encryptor_public_key, copy_content, copy_public_notes_signature, copy_broader_signature,
        delivery, write_grant_id, recipient_encryption_public_key, status, level, last_error, created_at, delivered_at, revoked_at, notes_version,
        signed_public_notes, vc_key_version, campaign_id, replaces_credential_id
        """

    static func credential(_ row: PostgresRow) throws -> (CredentialRecord, Int) {
        let c = row.makeRandomAccess()
        func copy(_ base: Int) throws -> SealedCopyRecord? {
            guard let key = try c[base].decode(String?.self), let content = try c[base + 1].decode(String?.self),
                  let notes = try c[base + 2].decode(String?.self), let broader = try c[base + 3].decode(String?.self) else { return nil }
            return SealedCopyRecord(encryptorPublicKey: key, content: content, publicNotesSignature: notes, broaderSignature: broader)
        }
        guard let original = try copy(8) else { throw StoreError.decoding("credential without its original") }
        let record = CredentialRecord(
            id: try c[0].decode(UUID.self), providerID: try c[1].decode(UUID.self), userID: try c[2].decode(UUID.self),
            publicNotesID: try c[3].decode(UUID.self), publicNotes: try c[4].decode(String.self), signedPublicNotes: try c[27].decode(String.self),
            contentHash: try c[5].decode(String.self),
            issuerAuthPublicKey: try c[6].decode(String.self), nodeOriginalID: try c[7].decode(UUID.self), original: original,
            nodeCopyID: try c[12].decode(UUID?.self), copy: try copy(13),
            delivery: CredentialRecord.Delivery(rawValue: try c[17].decode(String.self)) ?? .inserter, writeGrantID: try c[18].decode(UUID?.self),
            recipientEncryptionPublicKey: try c[19].decode(String.self),
            status: CredentialRecord.Status(rawValue: try c[20].decode(String.self)) ?? .pending, level: try c[21].decode(String?.self),
            lastError: try c[22].decode(String?.self), createdAt: try c[23].decode(Date.self), deliveredAt: try c[24].decode(Date?.self),
            revokedAt: try c[25].decode(Date?.self))
        var full = record
        full.vcKeyVersion = Int(try c[28].decode(Int32.self))
        full.campaignID = try c[29].decode(UUID?.self)
        full.replacesCredentialID = try c[30].decode(UUID?.self)
        return (full, Int(try c[26].decode(Int32.self)))
    }

    /// A credential, or nil.
    public func credential(id: UUID) async throws -> CredentialRecord? {
        try await map("SELECT \(unescaped: Self.credentialColumns) FROM credentials WHERE id = \(id)") { try Self.credential($0).0 }.first
    }

    /// A credential and the version of its public notes, or nil.
    public func credentialWithNotesVersion(id: UUID) async throws -> (credential: CredentialRecord, notesVersion: Int)? {
        try await map("SELECT \(unescaped: Self.credentialColumns) FROM credentials WHERE id = \(id)") { try Self.credential($0) }.first
    }

    /// A credential's notes version, share-locked until the transaction ends (an edit committing meanwhile waits,
    /// or is seen). Nil for an unknown credential.
    public func notesVersionForSigning(id: UUID) async throws -> Int? {
        try await map("SELECT notes_version FROM credentials WHERE id = \(id) FOR SHARE") { Int(try $0.decode(Int32.self)) }.first
    }

    /// A user's credential ids, oldest first.
    public func credentialIDs(userID: UUID) async throws -> [UUID] {
        try await map("SELECT id FROM credentials WHERE user_id = \(userID) ORDER BY created_at, id") { try $0.decode(UUID.self) }
    }

    /// A user's credentials not yet on the node (pending or waiting for consent).
    public func undeliveredCredentials(userID: UUID) async throws -> [CredentialRecord] {
        try await map("""
            SELECT \(unescaped: Self.credentialColumns) FROM credentials WHERE user_id = \(userID) AND status IN ('pending', 'needs_consent')
            ORDER BY created_at
            """) { try Self.credential($0).0 }
    }

    /// Sets a credential's delivery status (and its timestamps), with the last error when there is one.
    /// Returns whether the status changed (false when it already was `status`, or no such credential): what
    /// causes a webhook event is the change, not a repeated write.
    @discardableResult
    public func setCredentialStatus(id: UUID, _ status: CredentialRecord.Status, error: String? = nil) async throws -> Bool {
        try await map("""
            UPDATE credentials c SET status = \(status.rawValue), last_error = \(error),
                delivered_at = CASE WHEN \(status.rawValue) = 'delivered' THEN coalesce(c.delivered_at, now()) ELSE c.delivered_at END,
                revoked_at = CASE WHEN \(status.rawValue) = 'revoked' THEN coalesce(c.revoked_at, now()) ELSE c.revoked_at END
            FROM (SELECT id, status AS old_status FROM credentials WHERE id = \(id) FOR UPDATE) o
            WHERE c.id = o.id
            RETURNING o.old_status IS DISTINCT FROM \(status.rawValue)
            """) { try $0.decode(Bool.self) }.first ?? false
    }

    /// Replaces the public notes and returns the new notes version (each version is one node write).
    public func updatePublicNotes(id: UUID, publicNotes: String) async throws -> Int? {
        try await map("""
            UPDATE credentials SET public_notes = \(publicNotes), notes_version = notes_version + 1 WHERE id = \(id) RETURNING notes_version
            """) { Int(try $0.decode(Int32.self)) }.first
    }

    /// Replaces an undelivered credential's original (re-sealed to a rotated user key). Only while nothing
    /// of it was signed: returns false otherwise.
    public func resealOriginal(id: UUID, original: SealedCopyRecord, recipientEncryptionPublicKey: String) async throws -> Bool {
        try await count("""
            UPDATE credentials SET original_encryptor_public_key = \(original.encryptorPublicKey), original_content = \(original.content),
                original_public_notes_signature = \(original.publicNotesSignature), original_broader_signature = \(original.broaderSignature),
                recipient_encryption_public_key = \(recipientEncryptionPublicKey)
            WHERE id = \(id) AND status IN ('pending', 'needs_consent')
              AND NOT EXISTS (SELECT 1 FROM node_transactions WHERE intent = 'credential:' || \(id.uuidString.lowercased()) AND state <> 'abandoned')
            RETURNING 1
            """) == 1
    }
}
