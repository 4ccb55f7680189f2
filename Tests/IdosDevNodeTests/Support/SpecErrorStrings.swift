/// The 37 error strings of `../shared/spec/idos-actions.md` §4.14, copied verbatim from the spec (the
/// expected values of the coverage test come from there, not from the devnode's sources).
enum SpecErrorStrings {
    static let all: [String] = [
        "Unauthorized inserter", "unsupported wallet type", "wallet is invalid",
        "wallet require a public_key to be given", "wallet public key already exists in idos",
        "wallet address already exists in idos",
        "You can not delete a wallet you are connected with. To delete this wallet you have to connect other wallet.",
        "signature is wrong", "can not edit shared credential", "the credential does not belong to the caller",
        "there are locked access grants for this credential", "can not find the credential shared to you",
        "original credential does not belong to the caller",
        "shared credentials cannot have public_notes, it must be an empty string",
        "credentials issuer must be an issuer of delegated write grant", "dwg_owner not found",
        "dwg_not_before must be before dwg_not_after",
        "this write grant can only be used after dwg_not_before and before dwg_not_after", "verify owner failed",
        "an original credential signature is wrong", "a copy credential signature is wrong",
        "the credential does not exist", "the credential is not shared with the caller",
        "Can not edit shared attribute", "not_usable_before must be before not_usable_after",
        "the access grant not found", "the grant is locked", "page has to be a positive integer",
        "size has to be a positive integer", "dag_owner not found", "the dag_signature is invalid",
        "the data_id does not belong to the owner", "the credential, that the AG is for, does not exist",
        "a grant with the same grantee, copy_credential_id, and locked_until already exists", "invalid token",
        "no wallet with balance found", "credential not found",
    ]

    /// Strings no sequence of client calls can produce, with why.
    static let unreachable: [String: String] = [
        // create_access_grant is private; its callers insert the credential (share_credential, the DWG) or
        // first require it to belong to the owner (create_ag_by_dag_for_copy), so it always exists (§3.4.9).
        "the credential, that the AG is for, does not exist": "its private caller always runs after the credential is known to exist",
    ]
}
