internal import KwilKit

/// §3.5 attribute actions.
extension IdosAction {
    public static let addAttributeAsInserter = IdosAction(
        "add_attribute_as_inserter", [("id", .uuid), ("user_id", .uuid), ("attribute_key", .text), ("value", .text)],
        description: "Add a new attribute as inserter")
    public static let addAttribute = IdosAction("add_attribute", [("id", .uuid), ("attribute_key", .text), ("value", .text)],
                                                description: "Create a new attribute in your idOS profile")
    public static let getAttributes = IdosAction(
        "get_attributes", [],
        returns: [("id", .uuid), ("user_id", .uuid), ("attribute_key", .text), ("value", .text), ("original_id", .uuid)], view: true)
    public static let editAttribute = IdosAction("edit_attribute", [("id", .uuid), ("attribute_key", .text), ("value", .text)],
                                                 description: "Edit an existing attribute")
    public static let removeAttribute = IdosAction("remove_attribute", [("id", .uuid)], description: "Remove an existing attribute")
    public static let shareAttribute = IdosAction(
        "share_attribute", [("id", .uuid), ("original_attribute_id", .uuid), ("attribute_key", .text), ("value", .text)],
        description: "Share an attribute")
}
