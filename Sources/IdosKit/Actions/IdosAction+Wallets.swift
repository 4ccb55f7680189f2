internal import KwilKit

/// §3.3 wallet actions.
extension IdosAction {
    /// The columns `get_wallets` returns.
    static let walletColumns: [(String, DataType)] = [
        ("id", .uuid), ("user_id", .uuid), ("address", .text), ("public_key", .text), ("wallet_type", .text),
        ("message", .text), ("signature", .text), ("inserter", .text),
    ]

    public static let upsertWalletAsInserter = IdosAction(
        "upsert_wallet_as_inserter",
        [("id", .uuid), ("user_id", .uuid), ("address", .text), ("public_key", .text), ("wallet_type", .text), ("message", .text),
         ("signature", .text)],
        optional: ["public_key"], description: "Add a wallet to idOS by inserter (profile creator)")
    public static let addWallet = IdosAction(
        "add_wallet", [("id", .uuid), ("address", .text), ("public_key", .text), ("wallet_type", .text), ("message", .text), ("signature", .text)],
        optional: ["public_key"], description: "Add a wallet to idOS")
    public static let getWallets = IdosAction("get_wallets", [], returns: walletColumns, view: true)
    public static let removeWallet = IdosAction("remove_wallet", [("id", .uuid)], description: "Remove a wallet from idOS")
}
