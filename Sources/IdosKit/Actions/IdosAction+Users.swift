internal import KwilKit

/// §3.1 owner administration, §3.2 users and §3.8 `has_profile`.
extension IdosAction {
    public static let addInserterAsOwner = IdosAction("add_inserter_as_owner", [("id", .uuid), ("name", .text)], owner: true,
                                                      description: "Add inserter as owner")
    public static let deleteInserterAsOwner = IdosAction("delete_inserter_as_owner", [("id", .uuid)], owner: true,
                                                         description: "Delete inserter as owner")
    public static let addDelegateAsOwner = IdosAction("add_delegate_as_owner", [("address", .text), ("inserter_id", .uuid)], owner: true,
                                                      description: "Add a delegate as owner")
    public static let deleteDelegateAsOwner = IdosAction("delete_delegate_as_owner", [("address", .text)], owner: true,
                                                         description: "Delete a delegate from idOS")
    public static let addUserAsInserter = IdosAction(
        "add_user_as_inserter", [("id", .uuid), ("recipient_encryption_public_key", .text), ("encryption_password_store", .text)],
        description: "Add a user to idOS")
    public static let updateUserPubKeyAsInserter = IdosAction(
        "update_user_pub_key_as_inserter", [("id", .uuid), ("recipient_encryption_public_key", .text), ("encryption_password_store", .text)],
        description: "Update user's encryption key and password store in idOS as inserter (profile creator)")
    public static let getUser = IdosAction(
        "get_user", [], returns: [("id", .uuid), ("recipient_encryption_public_key", .text), ("encryption_password_store", .text)], view: true)
    public static let getUserAsInserter = IdosAction(
        "get_user_as_inserter", [("id", .uuid)],
        returns: [("id", .uuid), ("recipient_encryption_public_key", .text), ("encryption_password_store", .text), ("inserter", .text)],
        view: true)
    public static let hasProfile = IdosAction("has_profile", [("address", .text)], returns: [("has_profile", .bool)], view: true)
}
