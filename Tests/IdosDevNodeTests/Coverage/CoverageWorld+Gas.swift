import Foundation
import IdosCrypto
import KwilKit
import PostgresNIO
import TestSupport
import Testing
@testable import IdosDevNode

/// §3.9 on the bridge model of §4.17: allowance, balances, withdrawals and fees, before and after Alice's
/// wallet holds IDOS tokens.
extension CoverageWorld {
    func gasAndBridges(_ node: CoveredNode, _ state: CoverageState) async throws {
        let full = KwilValue.numeric("100000000000000000000", precision: 78, scale: 0)
        #expect(try await node.call(alice.caller, "get_allowance").value("gas_allowance") == full)
        try await node.mustExecute(alice, "action_costing_gas", [])
        #expect(try await node.call(alice.caller, "get_allowance").value("gas_allowance") == .numeric("98800000000000000000", precision: 78, scale: 0))
        await node.expectCallFailure("", "check_balance", [Arg.text(alice.address), Arg.text("BTC")], "invalid token")
        #expect(try await node.call(alice.caller, "get_wallet_with_balance", [Arg.text("IDOS")]).value("wallet_address") == .null(.text))
        try await node.expectFailure(alice, "request_withdrawal", [Arg.text("IDOS")], "no wallet with balance found")
        try await node.expectFailure(alice, "action_costing_idos_token", [.numeric("2", precision: 78, scale: 0)], "no wallet with balance found")
        await node.expectCallFailure("", "get_issuer_fee", [Arg.uuid(UUID())], "credential not found")
        #expect(try await node.call("", "get_issuer_fee", [Arg.uuid(state.dwgOriginal)]).value("issuer_fee") == .numeric("0", precision: 78, scale: 0))
        try await node.expectFailure(alice, "action_costing_fee", [Arg.uuid(state.dwgOriginal)], "no wallet with balance found")

        // Tokens bridged to Alice's wallet (the bridge's own deposit path is outside the schema: set in the table).
        try await node.node.runtime.store.client.withConnection { connection in
            _ = try await connection.query("INSERT INTO bridge_balances (token, address, balance) VALUES ('IDOS', lower(\(alice.address)), 5)",
                                           logger: TestDatabaseLogger.logger)
        }
        let balance = { (n: String) in KwilValue.numeric(n, precision: 78, scale: 0) }
        #expect(try await node.call(alice.caller, "get_wallet_with_balance", [Arg.text("IDOS")]).value("wallet_address") == .text(alice.address))
        try await node.mustExecute(alice, "action_costing_idos_token", [balance("2")])
        #expect(try await node.call("", "check_balance", [Arg.text(alice.address), Arg.text("IDOS")]).value("balance") == balance("3"))
        try await node.mustExecute(alice, "request_withdrawal", [Arg.text("IDOS")])
        #expect(try await node.call("", "check_balance", [Arg.text(alice.address), Arg.text("IDOS")]).value("balance") == balance("3"),
                "a withdrawal locks the balance and pays it out again")
        try await node.mustExecute(owner, "request_balance_withdrawal", [Arg.text("IDOS"), Arg.text(bob.address)])
        #expect(try await node.call("", "check_balance", [Arg.text(bob.address), Arg.text("IDOS")]).value("balance") == balance("2"),
                "the network's balance (Alice's 2 spent tokens) goes to the address the owner names")
    }
}

/// A quiet logger for the few direct queries the coverage run makes.
enum TestDatabaseLogger {
    static let logger = TestDatabase.logger("coverage")
}
