public import Foundation
internal import KwilKit

/// Builders for the VIEWs an issuer reads (idos-issuer.md §1, §3.4).
extension IdosActionCall {
    /// `get_user_as_inserter(id)`: the user row, any inserter may read it (signed call).
    public static func getUserAsInserter(id: UUID) throws(IdosActionError) -> IdosActionCall {
        try IdosActionCall(.getUserAsInserter, [.uuid(id)])
    }

    /// `credential_exist_as_inserter(id)`: whether a credential row exists (signed call).
    public static func credentialExistAsInserter(id: UUID) throws(IdosActionError) -> IdosActionCall {
        try IdosActionCall(.credentialExistAsInserter, [.uuid(id)])
    }

    /// `get_credential_shared(id)`: the copy the caller holds an access grant for, with the original's notes.
    public static func getCredentialShared(id: UUID) throws(IdosActionError) -> IdosActionCall {
        try IdosActionCall(.getCredentialShared, [.uuid(id)])
    }

    /// `get_sibling_credential_id(content_hash)`: the copy id the caller holds a grant for, by content hash.
    public static func getSiblingCredentialId(contentHash: String) throws(IdosActionError) -> IdosActionCall {
        try IdosActionCall(.getSiblingCredentialId, [.text(contentHash)])
    }

    /// `has_profile(address)`: whether any wallet has this address (case-insensitive); called unsigned.
    public static func hasProfile(address: String) throws(IdosActionError) -> IdosActionCall {
        try IdosActionCall(.hasProfile, [.text(address)])
    }

    /// `dwg_message(...)`: the exact text the user must sign for `grant`, as the node words it.
    public static func dwgMessage(_ grant: DelegatedWriteGrant) throws(IdosActionError) -> IdosActionCall {
        try IdosActionCall(.dwgMessage, [
            .text(grant.ownerWalletIdentifier), .text(grant.granteeWalletIdentifier), .text(grant.issuerPublicKey), .uuid(grant.id),
            .text(grant.accessGrantTimelock), .text(grant.notUsableBefore), .text(grant.notUsableAfter),
        ])
    }

    /// `get_credential_owned(id)`: a credential of the calling user.
    public static func getCredentialOwned(id: UUID) throws(IdosActionError) -> IdosActionCall {
        try IdosActionCall(.getCredentialOwned, [.uuid(id)])
    }

    /// `get_access_grants_for_credential(credential_id)`: the grants on one credential.
    public static func getAccessGrantsForCredential(credentialId: UUID) throws(IdosActionError) -> IdosActionCall {
        try IdosActionCall(.getAccessGrantsForCredential, [.uuid(credentialId)])
    }

    /// `get_access_grants_granted(user_id?, page, size)`: grants held by the caller, paged from 1.
    public static func getAccessGrantsGranted(userId: UUID?, page: Int64, size: Int64) throws(IdosActionError) -> IdosActionCall {
        try IdosActionCall(.getAccessGrantsGranted, [userId.map(KwilValue.uuid) ?? .null(.uuid), .int8(page), .int8(size)])
    }
}
