public import Foundation
internal import KwilKit

/// Builders for the writes an issuer signs (idos-issuer.md §1). Each returns a checked call carrying the
/// SDK's tx description.
extension IdosActionCall {
    /// `add_user_as_inserter(id, recipient_encryption_public_key, encryption_password_store)`.
    /// - Parameter recipientEncryptionPublicKey: the user's X25519 key, base64 as the enclave hands it out.
    public static func createUserAsInserter(id: UUID, recipientEncryptionPublicKey: String,
                                            encryptionPasswordStore: EncryptionPasswordStore) throws(IdosActionError) -> IdosActionCall {
        try IdosActionCall(.addUserAsInserter, [.uuid(id), .text(recipientEncryptionPublicKey), .text(encryptionPasswordStore.rawValue)])
    }

    /// `update_user_pub_key_as_inserter(id, recipient_encryption_public_key, encryption_password_store)`.
    public static func updateUserPubKeyAsInserter(id: UUID, recipientEncryptionPublicKey: String,
                                                  encryptionPasswordStore: EncryptionPasswordStore) throws(IdosActionError) -> IdosActionCall {
        try IdosActionCall(.updateUserPubKeyAsInserter,
                           [.uuid(id), .text(recipientEncryptionPublicKey), .text(encryptionPasswordStore.rawValue)])
    }

    /// `upsert_wallet_as_inserter(id, user_id, address, public_key, wallet_type, message, signature)` from the
    /// user's ownership proof. A proof without a public key sends NULL (EVM).
    public static func upsertWalletAsInserter(id: UUID, userId: UUID, proof: WalletProof) throws(IdosActionError) -> IdosActionCall {
        try IdosActionCall(.upsertWalletAsInserter, [
            .uuid(id), .uuid(userId), .text(proof.address), proof.publicKey.map(KwilValue.text) ?? .null(.text),
            .text(proof.type.rawValue), .text(proof.message), .text(proof.signature),
        ])
    }

    /// `upsert_credential_as_inserter(id, user_id, issuer_auth_public_key, encryptor_public_key, content,
    /// public_notes, public_notes_signature, broader_signature)`: a direct inserter write of one sealed row,
    /// with no user grant (re-issuance when the user is absent).
    public static func upsertCredentialAsInserter(id: UUID, userId: UUID, credential: CredentialCopy) throws(IdosActionError) -> IdosActionCall {
        try IdosActionCall(.upsertCredentialAsInserter, [
            .uuid(id), .uuid(userId), .text(credential.issuerAuthPublicKey), .text(credential.encryptorPublicKey), .text(credential.content),
            .text(credential.publicNotes), .text(credential.publicNotesSignature), .text(credential.broaderSignature),
        ])
    }

    /// `edit_public_notes_as_issuer(public_notes_id, public_notes)`: the notes' `id` and the new notes (a
    /// revocation is new notes with `"status":"revoked"`; keep `id` in them).
    public static func editPublicNotesAsIssuer(publicNotesId: String, publicNotes: String) throws(IdosActionError) -> IdosActionCall {
        try IdosActionCall(.editPublicNotesAsIssuer, [.text(publicNotesId), .text(publicNotes)])
    }

    /// `create_credentials_by_dwg` with its 21 arguments (§3.4.10): the pair's original and copy, the content
    /// hash, and the user's signed write grant, byte for byte as signed. The only place this call is built.
    public static func createCredentialsByDWG(pair: CredentialPair, grant: SignedDelegatedWriteGrant) throws(IdosActionError) -> IdosActionCall {
        let g = grant.grant
        return try IdosActionCall(.createCredentialsByDWG, [
            .text(pair.original.issuerAuthPublicKey), .text(pair.original.encryptorPublicKey), .uuid(pair.originalId),
            .text(pair.original.content), .text(pair.original.publicNotes), .text(pair.original.publicNotesSignature),
            .text(pair.original.broaderSignature), .text(pair.copy.encryptorPublicKey), .uuid(pair.copyId), .text(pair.copy.content),
            .text(pair.copy.publicNotesSignature), .text(pair.copy.broaderSignature), .text(pair.contentHash),
            .text(g.ownerWalletIdentifier), .text(g.granteeWalletIdentifier), .text(g.issuerPublicKey), .uuid(g.id),
            .text(g.accessGrantTimelock), .text(g.notUsableBefore), .text(g.notUsableAfter), .text(grant.signature),
        ])
    }
}
