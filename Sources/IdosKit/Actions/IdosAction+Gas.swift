internal import KwilKit

/// §3.9 gas, fees and the token bridges.
extension IdosAction {
    public static let checkBalance = IdosAction("check_balance", [("address", .text), ("token", .text)],
                                                returns: [("balance", numeric78)], view: true)
    public static let getWalletWithBalance = IdosAction("get_wallet_with_balance", [("token", .text)],
                                                        returns: [("wallet_address", .text)], view: true)
    public static let requestWithdrawal = IdosAction("request_withdrawal", [("token", .text)],
                                                     description: "Request a withdrawal of all tokens from idOS to user's EVM wallet")
    public static let getAllowance = IdosAction("get_allowance", [], returns: [("gas_allowance", numeric78)], view: true)
    public static let actionCostingGas = IdosAction("action_costing_gas", [], description: "Get cost of action for 1.2 gas")
    /// The schema declares NUMERIC(78,0); the SDK sends int8, which Kwil's exact type check refuses (§3.9).
    public static let actionCostingIdosToken = IdosAction("action_costing_idos_token", [("amount", numeric78)],
                                                          description: "Action that captures IDOS tokens from the caller")
    public static let getIssuerFee = IdosAction("get_issuer_fee", [("credential_id", .uuid)], returns: [("issuer_fee", numeric78)], view: true)
    public static let actionCostingFee = IdosAction("action_costing_fee", [("credential_id", .uuid)], description: "Capture fee from credentials")
    public static let requestBalanceWithdrawal = IdosAction(
        "request_balance_withdrawal", [("token", .text), ("evm_address_to", .text)], owner: true,
        description: "Request a withdrawal of all tokens from idOS to specified EVM address")
}
