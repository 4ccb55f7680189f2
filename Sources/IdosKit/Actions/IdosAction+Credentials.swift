internal import KwilKit

/// §3.4 credential actions (`create_credentials_by_dwg` is in IdosAction+Grants.swift).
extension IdosAction {
    /// The columns `get_credential_owned` and `get_credential_shared` return.
    static let credentialColumns: [(String, DataType)] = [
        ("id", .uuid), ("user_id", .uuid), ("public_notes", .text), ("content", .text), ("encryptor_public_key", .text),
        ("issuer_auth_public_key", .text), ("inserter", .text),
    ]

    public static let upsertCredentialAsInserter = IdosAction(
        "upsert_credential_as_inserter",
        [("id", .uuid), ("user_id", .uuid), ("issuer_auth_public_key", .text), ("encryptor_public_key", .text), ("content", .text),
         ("public_notes", .text), ("public_notes_signature", .text), ("broader_signature", .text)],
        description: "Add or update a credential in idOS on behalf of a user by permissioned profile creator (inserter) ")
    public static let addCredential = IdosAction(
        "add_credential",
        [("id", .uuid), ("issuer_auth_public_key", .text), ("encryptor_public_key", .text), ("content", .text), ("public_notes", .text),
         ("public_notes_signature", .text), ("broader_signature", .text)],
        description: "Add a new credential")
    public static let getCredentials = IdosAction(
        "get_credentials", [],
        returns: [("id", .uuid), ("user_id", .uuid), ("public_notes", .text), ("issuer_auth_public_key", .text), ("inserter", .text),
                  ("original_id", .uuid)],
        view: true)
    public static let getCredentialsSharedByUser = IdosAction(
        "get_credentials_shared_by_user", [("user_id", .uuid), ("original_issuer_auth_public_key", .text)],
        optional: ["original_issuer_auth_public_key"],
        returns: [("id", .uuid), ("user_id", .uuid), ("public_notes", .text), ("encryptor_public_key", .text),
                  ("issuer_auth_public_key", .text), ("inserter", .text), ("original_id", .uuid)],
        view: true)
    public static let editCredential = IdosAction(
        "edit_credential",
        [("id", .uuid), ("public_notes", .text), ("public_notes_signature", .text), ("broader_signature", .text), ("content", .text),
         ("encryptor_public_key", .text), ("issuer_auth_public_key", .text)],
        description: "Edit a credential")
    public static let editPublicNotesAsIssuer = IdosAction(
        "edit_public_notes_as_issuer", [("public_notes_id", .text), ("public_notes", .text)],
        description: "Edit public notes in a credential as issuer")
    public static let removeCredential = IdosAction("remove_credential", [("id", .uuid)],
                                                    description: "Remove a credential from your idOS profile")
    public static let rescindSharedCredential = IdosAction("rescind_shared_credential", [("credential_id", .uuid)],
                                                           description: "Rescind a shared credential as a grantee")
    public static let shareCredential = IdosAction(
        "share_credential",
        [("id", .uuid), ("original_credential_id", .uuid), ("public_notes", .text), ("public_notes_signature", .text),
         ("broader_signature", .text), ("content", .text), ("content_hash", .text), ("encryptor_public_key", .text),
         ("issuer_auth_public_key", .text), ("grantee_wallet_identifier", .text), ("locked_until", .int8)],
        description: "Share a credential with creating AG")
    public static let credentialExistAsInserter = IdosAction("credential_exist_as_inserter", [("id", .uuid)],
                                                             returns: [("credential_exist", .bool)], view: true)
    public static let getCredentialOwned = IdosAction("get_credential_owned", [("id", .uuid)], returns: credentialColumns, view: true)
    public static let getCredentialShared = IdosAction("get_credential_shared", [("id", .uuid)], returns: credentialColumns, view: true)
    public static let getSiblingCredentialId = IdosAction("get_sibling_credential_id", [("content_hash", .text)],
                                                          returns: [("id", .uuid)], view: true)
}
