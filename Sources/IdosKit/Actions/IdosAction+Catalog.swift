/// The catalog: all 51 client-visible actions in SDK `actionSchema` order (idos-actions.md §6), the names
/// of the 9 PRIVATE ones, and lookup by name.
extension IdosAction {
    /// Every client-visible action, in §6 order.
    public static let all: [IdosAction] = [
        addInserterAsOwner, deleteInserterAsOwner, addDelegateAsOwner, deleteDelegateAsOwner, addUserAsInserter,
        updateUserPubKeyAsInserter, getUser, getUserAsInserter, upsertWalletAsInserter, addWallet, getWallets, removeWallet,
        upsertCredentialAsInserter, addCredential, getCredentials, getCredentialsSharedByUser, editCredential, editPublicNotesAsIssuer,
        removeCredential, rescindSharedCredential, shareCredential, createCredentialsByDWG, credentialExistAsInserter, getCredentialOwned,
        getCredentialShared, getSiblingCredentialId, addAttributeAsInserter, addAttribute, getAttributes, editAttribute, removeAttribute,
        shareAttribute, dwgMessage, revokeAccessGrant, getAccessGrantsOwned, getAccessGrantsGranted, getAccessGrantsGrantedCount,
        hasLockedAccessGrants, dagMessage, createAgByDagForCopy, getAccessGrantsForCredential, hasProfile, checkBalance,
        getWalletWithBalance, requestWithdrawal, getAllowance, actionCostingGas, actionCostingIdosToken, getIssuerFee, actionCostingFee,
        requestBalanceWithdrawal,
    ]

    /// The PRIVATE actions, which clients cannot invoke.
    public static let privateNames: Set<String> = [
        "get_inserter", "get_inserter_or_null", "credential_belongs_to_caller", "credential_exist", "create_access_grant",
        "from_human_units", "update_allowance", "capture_gas", "capture_fee",
    ]

    private static let byName: [String: IdosAction] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// The client-visible action called `name`, or nil.
    public static func named(_ name: String) -> IdosAction? { byName[name] }
}
