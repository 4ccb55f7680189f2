internal import KwilKit

/// §3.6 write grants (`dwg_message`, `create_credentials_by_dwg`) and §3.7 access grants.
extension IdosAction {
    /// The columns of the access-grant listings.
    static let grantColumns: [(String, DataType)] = [
        ("id", .uuid), ("ag_owner_user_id", .uuid), ("ag_grantee_wallet_identifier", .text), ("data_id", .uuid),
        ("locked_until", .int8), ("content_hash", .text), ("inserter_type", .text), ("inserter_id", .text),
    ]

    /// The 21 parameters of `create_credentials_by_dwg`, in order (§3.4.10).
    public static let createCredentialsByDWG = IdosAction(
        "create_credentials_by_dwg",
        [("issuer_auth_public_key", .text), ("original_encryptor_public_key", .text), ("original_credential_id", .uuid),
         ("original_content", .text), ("original_public_notes", .text), ("original_public_notes_signature", .text),
         ("original_broader_signature", .text), ("copy_encryptor_public_key", .text), ("copy_credential_id", .uuid),
         ("copy_content", .text), ("copy_public_notes_signature", .text), ("copy_broader_signature", .text), ("content_hash", .text),
         ("dwg_owner", .text), ("dwg_grantee", .text), ("dwg_issuer_public_key", .text), ("dwg_id", .uuid),
         ("dwg_access_grant_timelock", .text), ("dwg_not_before", .text), ("dwg_not_after", .text), ("dwg_signature", .text)],
        description: "Add original credential and copy credential with AG on behalf of a user (using delegated write grant given by the user)")
    public static let dwgMessage = IdosAction(
        "dwg_message",
        [("owner_wallet_identifier", .text), ("grantee_wallet_identifier", .text), ("issuer_public_key", .text), ("id", .uuid),
         ("access_grant_timelock", .text), ("not_usable_before", .text), ("not_usable_after", .text)],
        returns: [("message", .text)], view: true)
    public static let revokeAccessGrant = IdosAction("revoke_access_grant", [("id", .uuid)], description: "Revoke an Access Grant from idOS")
    public static let getAccessGrantsOwned = IdosAction("get_access_grants_owned", [], returns: grantColumns, view: true)
    public static let getAccessGrantsGranted = IdosAction("get_access_grants_granted", [("user_id", .uuid), ("page", .int8), ("size", .int8)],
                                                          optional: ["user_id"], returns: grantColumns, view: true)
    public static let getAccessGrantsGrantedCount = IdosAction("get_access_grants_granted_count", [("user_id", .uuid)],
                                                               optional: ["user_id"], returns: [("count", .int8)], view: true)
    public static let hasLockedAccessGrants = IdosAction("has_locked_access_grants", [("id", .uuid)], returns: [("has", .bool)], view: true)
    public static let dagMessage = IdosAction(
        "dag_message",
        [("dag_owner_wallet_identifier", .text), ("dag_grantee_wallet_identifier", .text), ("dag_data_id", .uuid),
         ("dag_locked_until", .int8), ("dag_content_hash", .text)],
        returns: [("message", .text)], view: true)
    public static let createAgByDagForCopy = IdosAction(
        "create_ag_by_dag_for_copy",
        [("dag_owner_wallet_identifier", .text), ("dag_grantee_wallet_identifier", .text), ("dag_data_id", .uuid),
         ("dag_locked_until", .int8), ("dag_content_hash", .text), ("dag_signature", .text)],
        description: "Create an Access Grant in idOS")
    public static let getAccessGrantsForCredential = IdosAction("get_access_grants_for_credential", [("credential_id", .uuid)],
                                                                returns: grantColumns, view: true)
}
