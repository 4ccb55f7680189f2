import Foundation
import IdosKit
import KwilKit
import PostgresNIO

/// §3.9 gas, fee and escrow actions on the bridge model of §4.17.
extension IdosActions {
    /// `capture_fee(credential_id)`.
    static func captureFee(_ ctx: ActionContext, _ id: UUID?) async throws {
        guard let address = try await ctx.walletWithBalance(token: "USDC") else { throw DevNodeError.raised("no wallet with balance found") }
        guard let fee = try await ctx.scalar("SELECT issuer_fee::TEXT FROM credentials WHERE id = \(id)", as: String.self) else {
            throw DevNodeError.raised("credential not found")
        }
        let amount = try await ctx.scalar("SELECT trunc(\(fee)::NUMERIC * 125 / 100)::TEXT", as: String.self) ?? "0"
        try await ctx.bridgeLockAdmin(token: "USDC", address: address, amount: amount)
    }

    static let gasActions: [ActionBody] = [
        ActionBody("check_balance") { ctx, a in
            [[.numeric78(try await ctx.bridgeBalance(token: a[1].textValue, address: a[0].textValue ?? ""))]]
        },
        ActionBody("get_wallet_with_balance") { ctx, a in
            [[.nullableText(try await ctx.walletWithBalance(token: a[0].textValue))]]
        },
        ActionBody("request_withdrawal") { ctx, a in
            try await ctx.captureGas()
            guard let address = try await ctx.walletWithBalance(token: a[0].textValue), let token = a[0].textValue else {
                throw DevNodeError.raised("no wallet with balance found")
            }
            let balance = try await ctx.bridgeBalance(token: token, address: address)
            try await ctx.bridgeLockAdmin(token: token, address: address, amount: balance)
            try await ctx.bridgeIssue(token: token, address: address, amount: balance)
            return []
        },
        ActionBody("get_allowance") { ctx, _ in
            try await ctx.rows("""
                SELECT u.gas_allowance::TEXT FROM users u JOIN wallets w ON w.user_id = u.id
                WHERE wallet_matches(w.wallet_type, w.address, w.public_key, \(ctx.caller)) ORDER BY w.seq
                """).map { [.numeric78(try $0.decode(String.self))] }
        },
        ActionBody("action_costing_gas") { ctx, _ in
            try await ctx.captureGas(human: "1.2")
            return []
        },
        ActionBody("action_costing_idos_token") { ctx, a in
            guard let address = try await ctx.walletWithBalance(token: "IDOS") else { throw DevNodeError.raised("no wallet with balance found") }
            if let amount = a[0].numericValue, try await ctx.scalar("SELECT \(amount)::NUMERIC > 0", as: Bool.self) == true {
                try await ctx.bridgeLockAdmin(token: "IDOS", address: address, amount: amount)
            }
            return []
        },
        ActionBody("get_issuer_fee") { ctx, a in
            guard let fee = try await ctx.scalar("SELECT issuer_fee::TEXT FROM credentials WHERE id = \(a[0].uuidValue)", as: String.self) else {
                throw DevNodeError.raised("credential not found")
            }
            return [[.numeric78(fee)]]
        },
        ActionBody("action_costing_fee") { ctx, a in
            try await captureFee(ctx, a[0].uuidValue)
            return []
        },
        ActionBody("request_balance_withdrawal") { ctx, a in
            guard let token = a[0].textValue, token == "IDOS" || token == "USDC" else { throw DevNodeError.raised("invalid token") }
            let balance = try await ctx.scalar("SELECT balance::TEXT FROM bridge_network WHERE token = \(token)", as: String.self) ?? "0"
            try await ctx.bridgeIssue(token: token, address: a[1].textValue ?? "", amount: balance)
            return []
        },
    ]
}
