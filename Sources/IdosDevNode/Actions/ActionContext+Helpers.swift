import KwilKit
import Foundation
import PostgresNIO

/// The private helpers the idOS actions share: INS, U(x), has_profile and the gas capture (GAS0).
extension ActionContext {
    /// INS (`get_inserter`): the inserter name of the delegate whose address is exactly `@caller`.
    func inserterName() async throws -> String {
        let name = try await scalar("""
            SELECT i.name FROM inserters i JOIN delegates d ON d.inserter_id = i.id WHERE d.address = \(caller) LIMIT 1
            """, as: String.self)
        guard let name else { throw DevNodeError.raised("Unauthorized inserter") }
        return name
    }

    /// U(x): the single user of the wallets matching W(x), nil when none.
    func userOf(_ identifier: String?) async throws -> UUID? {
        try await scalar("SELECT user_of(\(identifier))", as: UUID.self)
    }

    /// `has_profile(x)`: any wallet whose address equals x case-insensitively.
    func hasProfile(_ address: String?) async throws -> Bool {
        try await exists("SELECT 1 FROM wallets WHERE lower(address) = lower(\(address)) LIMIT 1")
    }

    /// `capture_gas(amount_human)` (idos-actions.md §3.9). With the 0 every write passes, it only checks that
    /// a caller with a profile has exactly one allowance row.
    func captureGas(human amount: String = "0") async throws {
        // from_human_units: (amount × 100)::NUMERIC(78,0) × 10^16.
        var remaining = amount == "0" ? "0"
            : try await scalar("SELECT (((\(amount))::NUMERIC(6,2) * 100)::NUMERIC(78,0) * 10000000000000000)::TEXT", as: String.self) ?? "0"
        // has_profile(@caller) and, if so, get_allowance() must yield exactly one row: one round trip.
        let probe = try await rows("""
            SELECT (SELECT count(*) FROM wallets WHERE lower(address) = lower(\(caller)))::INT8,
                   (SELECT count(*) FROM users u JOIN wallets w ON w.user_id = u.id
                    WHERE wallet_matches(w.wallet_type, w.address, w.public_key, \(caller)))::INT8,
                   (SELECT min(u.gas_allowance)::TEXT FROM users u JOIN wallets w ON w.user_id = u.id
                    WHERE wallet_matches(w.wallet_type, w.address, w.public_key, \(caller)))
            """)
        let (profiles, allowanceRows, allowanceText) = try probe[0].decode((Int64, Int64, String?).self)
        if profiles > 0 {
            guard allowanceRows == 1, let allowance = allowanceText else {
                throw DevNodeError.engine("expected function or action \"get_allowance\" to return a single value, got \(allowanceRows) rows")
            }
            if remaining != "0" {
                try await run("""
                    UPDATE users SET gas_allowance = greatest(gas_allowance - \(remaining)::NUMERIC, 0)
                    WHERE id IN (SELECT w.user_id FROM wallets w WHERE wallet_matches(w.wallet_type, w.address, w.public_key, \(caller)))
                    """)
                remaining = try await scalar("SELECT greatest(\(remaining)::NUMERIC - \(allowance)::NUMERIC, 0)::TEXT", as: String.self) ?? "0"
            }
        }
        if remaining != "0" {
            guard let address = try await walletWithBalance(token: "IDOS") else { throw DevNodeError.raised("no wallet with balance found") }
            try await bridgeLockAdmin(token: "IDOS", address: address, amount: remaining)
        }
    }

    /// `get_wallet_with_balance(token)`.
    func walletWithBalance(token: String?) async throws -> String? {
        var candidates: [String] = []
        if try await !hasProfile(caller) {
            candidates = [caller]
        } else {
            for row in try await rows("""
                SELECT DISTINCT w2.address, w2.seq FROM wallets w1 JOIN wallets w2 ON w2.user_id = w1.user_id
                WHERE wallet_matches(w1.wallet_type, w1.address, w1.public_key, \(caller)) AND w2.wallet_type = 'EVM' ORDER BY w2.seq
                """) {
                candidates.append(try row.decode((String, Int64).self).0)
            }
        }
        for candidate in candidates {
            let balance = try await bridgeBalance(token: token, address: candidate)
            if try await scalar("SELECT \(balance)::NUMERIC > 0", as: Bool.self) == true { return candidate }
        }
        return nil
    }

    /// The bridge's `balance(address)` for IDOS or USDC (§4.17 model).
    func bridgeBalance(token: String?, address: String) async throws -> String {
        guard token == "IDOS" || token == "USDC" else { throw DevNodeError.raised("invalid token") }
        let hex = address.hasPrefix("0x") || address.hasPrefix("0X") ? String(address.dropFirst(2)) : address
        guard hex.utf8.count == 40, hex.allSatisfy(\.isHexDigit) else { throw DevNodeError.engine("invalid ethereum address: \(address)") }
        return try await scalar("SELECT balance::TEXT FROM bridge_balances WHERE token = \(token) AND lower(address) = lower(\(address))",
                                as: String.self) ?? "0"
    }

    /// The bridge's `lock_admin(address, amount)`: moves the amount from the address to the network.
    func bridgeLockAdmin(token: String, address: String, amount: String) async throws {
        guard try await scalar("SELECT \(amount)::NUMERIC > 0", as: Bool.self) == true else { throw DevNodeError.engine("amount needs to be positive") }
        let updated = try await rows("""
            UPDATE bridge_balances SET balance = balance - \(amount)::NUMERIC
            WHERE token = \(token) AND lower(address) = lower(\(address)) AND balance >= \(amount)::NUMERIC RETURNING 1
            """)
        guard !updated.isEmpty else { throw DevNodeError.engine("insufficient balance") }
        try await run("UPDATE bridge_network SET balance = balance + \(amount)::NUMERIC WHERE token = \(token)")
    }

    /// The bridge's `issue(address, amount)`: pays out of the network balance.
    func bridgeIssue(token: String, address: String, amount: String) async throws {
        let paid = try await rows("""
            UPDATE bridge_network SET balance = balance - \(amount)::NUMERIC WHERE token = \(token) AND balance >= \(amount)::NUMERIC RETURNING 1
            """)
        guard !paid.isEmpty else { throw DevNodeError.engine("insufficient network balance") }
        try await run("""
            INSERT INTO bridge_balances (token, address, balance) VALUES (\(token), lower(\(address)), \(amount)::NUMERIC)
            ON CONFLICT (token, address) DO UPDATE SET balance = bridge_balances.balance + excluded.balance
            """)
    }

    /// PRIVATE `create_access_grant` (§3.7.8).
    func createAccessGrant(grantee: String?, dataId: UUID?, lockedUntil: Int64?, contentHash: String?,
                           inserterType: String, inserterId: String?) async throws {
        guard let dataId, let owner = try await scalar("SELECT user_id FROM credentials WHERE id = \(dataId)", as: UUID.self) else {
            throw DevNodeError.raised("the credential, that the AG is for, does not exist")
        }
        let id = IdosExtension.accessGrantId(grantee: grantee, dataId: dataId, lockedUntil: lockedUntil)
        if try await exists("SELECT 1 FROM access_grants WHERE id = \(id)") {
            throw DevNodeError.raised("a grant with the same grantee, copy_credential_id, and locked_until already exists")
        }
        try await run("""
            INSERT INTO access_grants (id, ag_owner_user_id, ag_grantee_wallet_identifier, data_id, locked_until, content_hash,
                                       height, inserter_type, inserter_id)
            VALUES (\(id), \(owner), \(grantee), \(dataId), \(lockedUntil), \(contentHash), \(height), \(inserterType), \(inserterId))
            """)
    }

    /// PRIVATE `credential_belongs_to_caller(id)`.
    func credentialBelongsToCaller(_ id: UUID?) async throws -> Bool {
        try await exists("SELECT 1 FROM credentials WHERE id = \(id) AND user_id = user_of(\(caller))")
    }
}
