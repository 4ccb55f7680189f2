import IdosKit
import KwilKit
import Testing

/// The catalog against idos-actions.md §6 (names in SDK order, kind, parameter types) and §4.15 / idos-issuer.md §1
/// (tx descriptions, byte-exact).
@Suite struct IdosActionCatalogTests {
    /// §6, in order: name, SDK kind (`c` call, `e` execute, `o` OWNER execute), parameter types.
    static let index: [(String, Character, String)] = [
        ("add_inserter_as_owner", "o", "uuid text"), ("delete_inserter_as_owner", "o", "uuid"), ("add_delegate_as_owner", "o", "text uuid"),
        ("delete_delegate_as_owner", "o", "text"), ("add_user_as_inserter", "e", "uuid text text"),
        ("update_user_pub_key_as_inserter", "e", "uuid text text"), ("get_user", "c", ""), ("get_user_as_inserter", "c", "uuid"),
        ("upsert_wallet_as_inserter", "e", "uuid uuid text text? text text text"), ("add_wallet", "e", "uuid text text? text text text"),
        ("get_wallets", "c", ""), ("remove_wallet", "e", "uuid"),
        ("upsert_credential_as_inserter", "e", "uuid uuid text text text text text text"),
        ("add_credential", "e", "uuid text text text text text text"), ("get_credentials", "c", ""),
        ("get_credentials_shared_by_user", "c", "uuid text?"), ("edit_credential", "e", "uuid text text text text text text"),
        ("edit_public_notes_as_issuer", "e", "text text"), ("remove_credential", "e", "uuid"), ("rescind_shared_credential", "e", "uuid"),
        ("share_credential", "e", "uuid uuid text text text text text text text text int8"),
        ("create_credentials_by_dwg", "e", "text text uuid text text text text text uuid text text text text text text text uuid text text text text"),
        ("credential_exist_as_inserter", "c", "uuid"), ("get_credential_owned", "c", "uuid"), ("get_credential_shared", "c", "uuid"),
        ("get_sibling_credential_id", "c", "text"), ("add_attribute_as_inserter", "e", "uuid uuid text text"),
        ("add_attribute", "e", "uuid text text"), ("get_attributes", "c", ""), ("edit_attribute", "e", "uuid text text"),
        ("remove_attribute", "e", "uuid"), ("share_attribute", "e", "uuid uuid text text"),
        ("dwg_message", "c", "text text text uuid text text text"), ("revoke_access_grant", "e", "uuid"), ("get_access_grants_owned", "c", ""),
        ("get_access_grants_granted", "c", "uuid? int8 int8"), ("get_access_grants_granted_count", "c", "uuid?"),
        ("has_locked_access_grants", "c", "uuid"), ("dag_message", "c", "text text uuid int8 text"),
        ("create_ag_by_dag_for_copy", "e", "text text uuid int8 text text"), ("get_access_grants_for_credential", "c", "uuid"),
        ("has_profile", "c", "text"), ("check_balance", "c", "text text"), ("get_wallet_with_balance", "c", "text"),
        ("request_withdrawal", "e", "text"), ("get_allowance", "c", ""), ("action_costing_gas", "e", ""),
        ("action_costing_idos_token", "e", "numeric(78,0)"), ("get_issuer_fee", "c", "uuid"), ("action_costing_fee", "e", "uuid"),
        ("request_balance_withdrawal", "o", "text text"),
    ]

    @Test func all51ActionsInSDKOrderWithKindAndParameterTypes() throws {
        #expect(Self.index.count == 51)
        #expect(IdosAction.all.map(\.name) == Self.index.map(\.0))
        for (name, kind, types) in Self.index {
            let action = try #require(IdosAction.named(name))
            #expect(action.isView == (kind == "c"), "\(name)")
            #expect(action.isOwner == (kind == "o"), "\(name)")
            #expect(action.isView == (action.txDescription == nil), "\(name): writes carry a description, views none")
            #expect(action.isView == !action.returns.isEmpty, "\(name): views return rows, writes none")
            let rendered = action.parameters.map { $0.type.description + ($0.isOptional ? "?" : "") }.joined(separator: " ")
            #expect(rendered == types, "\(name)")
        }
        #expect(IdosAction.privateNames.count == 9)
        #expect(IdosAction.named("get_inserter") == nil, "PRIVATE actions are not in the client catalog")
    }

    /// idos-issuer.md §1 (SDK `@generator.description` strings), byte for byte.
    @Test func issuerTxDescriptionsAreTheSDKs() {
        #expect(IdosAction.addUserAsInserter.txDescription == "Add a user to idOS")
        #expect(IdosAction.updateUserPubKeyAsInserter.txDescription
                == "Update user's encryption key and password store in idOS as inserter (profile creator)")
        #expect(IdosAction.upsertWalletAsInserter.txDescription == "Add a wallet to idOS by inserter (profile creator)")
        #expect(IdosAction.upsertCredentialAsInserter.txDescription
                == "Add or update a credential in idOS on behalf of a user by permissioned profile creator (inserter) ")
        #expect(IdosAction.upsertCredentialAsInserter.txDescription?.last == " ", "the trailing space is part of the signed text")
        #expect(IdosAction.createCredentialsByDWG.txDescription
                == "Add original credential and copy credential with AG on behalf of a user (using delegated write grant given by the user)")
        #expect(IdosAction.editPublicNotesAsIssuer.txDescription == "Edit public notes in a credential as issuer")
        #expect(IdosAction.addAttributeAsInserter.txDescription == "Add a new attribute as inserter")
        #expect(IdosAction.rescindSharedCredential.txDescription == "Rescind a shared credential as a grantee")
        #expect(IdosAction.all.compactMap(\.txDescription).allSatisfy { $0.utf8.count <= 200 }, "Kwil caps descriptions at 200 bytes")
    }
}
