import Foundation
import IdosKit
import KwilKit
import PostgresNIO

/// §3.3 wallet actions.
extension IdosActions {
    static let walletTypes: Set<String> = ["EVM", "NEAR", "XRPL", "Stellar", "FaceSign"]

    /// Steps 2–5 shared by `upsert_wallet_as_inserter` and `add_wallet` (§3.3.1), in their order.
    static func checkWallet(_ ctx: ActionContext, id: UUID?, address: String?, publicKey: String?, walletType: String?,
                            message: String?, signature: String?) async throws {
        // Kwil NULL logic: a NULL wallet_type makes the condition NULL, which is not true.
        if let walletType, !walletTypes.contains(walletType) { throw DevNodeError.raised("unsupported wallet type") }
        guard IdosExtension.isWalletValid(address: address, publicKey: publicKey, walletType: walletType, message: message, signature: signature) else {
            throw DevNodeError.raised("wallet is invalid")
        }
        if let walletType, ["NEAR", "XRPL", "Stellar", "FaceSign"].contains(walletType) {
            guard let publicKey else { throw DevNodeError.raised("wallet require a public_key to be given") }
            if try await ctx.exists("""
                SELECT 1 FROM wallets WHERE id IS DISTINCT FROM \(id) AND wallet_type IN ('NEAR', 'Stellar', 'XRPL', 'FaceSign')
                AND public_key = \(publicKey) LIMIT 1
                """) { throw DevNodeError.raised("wallet public key already exists in idos") }
        }
        if let walletType, ["EVM", "XRPL", "Stellar"].contains(walletType) {
            if try await ctx.exists("""
                SELECT 1 FROM wallets WHERE id IS DISTINCT FROM \(id) AND (
                    (wallet_type = 'EVM' AND lower(address) = lower(\(address)))
                    OR (wallet_type IN ('XRPL', 'Stellar') AND address = \(address))) LIMIT 1
                """) { throw DevNodeError.raised("wallet address already exists in idos") }
        }
    }

    static let walletActions: [ActionBody] = [
        ActionBody("upsert_wallet_as_inserter") { ctx, a in
            try await ctx.captureGas()
            try await checkWallet(ctx, id: a[0].uuidValue, address: a[2].textValue, publicKey: a[3].textValue, walletType: a[4].textValue,
                                  message: a[5].textValue, signature: a[6].textValue)
            let name = try await ctx.inserterName()
            try await ctx.run("""
                INSERT INTO wallets (id, user_id, address, public_key, wallet_type, message, signature, inserter)
                VALUES (\(a[0].uuidValue), \(a[1].uuidValue), \(a[2].textValue), \(a[3].textValue), \(a[4].textValue),
                        \(a[5].textValue), \(a[6].textValue), \(name))
                ON CONFLICT (id) DO UPDATE SET user_id = excluded.user_id, address = excluded.address, public_key = excluded.public_key,
                    wallet_type = excluded.wallet_type, message = excluded.message, signature = excluded.signature, inserter = excluded.inserter
                """)
            return []
        },
        ActionBody("add_wallet") { ctx, a in
            try await ctx.captureGas()
            try await checkWallet(ctx, id: a[0].uuidValue, address: a[1].textValue, publicKey: a[2].textValue, walletType: a[3].textValue,
                                  message: a[4].textValue, signature: a[5].textValue)
            let key = a[2].textValue == "" ? nil : a[2].textValue
            try await ctx.run("""
                INSERT INTO wallets (id, user_id, address, public_key, wallet_type, message, signature, inserter)
                VALUES (\(a[0].uuidValue), user_of(\(ctx.caller)), \(a[1].textValue), \(key), \(a[3].textValue),
                        \(a[4].textValue), \(a[5].textValue), NULL)
                """)
            return []
        },
        ActionBody("get_wallets") { ctx, _ in
            try await ctx.rows("""
                SELECT DISTINCT w2.id, w2.user_id, w2.address, w2.public_key, w2.wallet_type, w2.message, w2.signature, w2.inserter, w2.seq
                FROM wallets w1 JOIN wallets w2 ON w2.user_id = w1.user_id
                WHERE wallet_matches(w1.wallet_type, w1.address, w1.public_key, \(ctx.caller)) ORDER BY w2.seq
                """).map { row in
                let r = try row.decode((UUID, UUID, String, String?, String, String?, String?, String?, Int64).self)
                return [.uuid(r.0), .uuid(r.1), .text(r.2), .nullableText(r.3), .text(r.4), .nullableText(r.5), .nullableText(r.6), .nullableText(r.7)]
            }
        },
        ActionBody("remove_wallet") { ctx, a in
            try await ctx.captureGas()
            let isConnected = try await ctx.exists("""
                SELECT 1 FROM wallets WHERE id = \(a[0].uuidValue) AND wallet_matches(wallet_type, address, public_key, \(ctx.caller))
                """)
            let someUserHasOne = try await ctx.exists("""
                SELECT 1 FROM wallets WHERE wallet_matches(wallet_type, address, public_key, \(ctx.caller))
                GROUP BY user_id HAVING count(*) = 1
                """)
            if isConnected && someUserHasOne {
                throw DevNodeError.raised("You can not delete a wallet you are connected with. To delete this wallet you have to connect other wallet.")
            }
            try await ctx.run("DELETE FROM wallets WHERE id = \(a[0].uuidValue) AND user_id = user_of(\(ctx.caller))")
            return []
        },
    ]
}
