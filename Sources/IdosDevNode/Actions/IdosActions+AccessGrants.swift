import Foundation
import IdosKit
import KwilKit
import IdosCrypto
import PostgresNIO

/// §3.7 access-grant actions.
extension IdosActions {
    static func grantRow(_ row: PostgresRow) throws -> [KwilValue] {
        let r = try row.decode((UUID, UUID, String, UUID, Int64, String?, String, String).self)
        return [.uuid(r.0), .uuid(r.1), .text(r.2), .uuid(r.3), .int8(r.4), .nullableText(r.5), .text(r.6), .text(r.7)]
    }

    /// `has_locked_access_grants(id)` (also used by `remove_credential`).
    static func hasLockedAccessGrants(_ ctx: ActionContext, _ id: UUID?) async throws -> Bool {
        try await ctx.exists("""
            SELECT 1 FROM access_grants WHERE data_id = \(id) AND ag_owner_user_id = user_of(\(ctx.caller))
            AND locked_until >= \(ctx.blockTimestamp) LIMIT 1
            """)
    }

    static let accessGrantActions: [ActionBody] = [
        ActionBody("revoke_access_grant") { ctx, a in
            try await ctx.captureGas()
            guard let locked = try await ctx.rows("""
                SELECT locked_until FROM access_grants WHERE id = \(a[0].uuidValue) AND ag_owner_user_id = user_of(\(ctx.caller))
                """).first.map({ try $0.decode(Int64.self) }) else { throw DevNodeError.raised("the access grant not found") }
            if locked >= ctx.blockTimestamp { throw DevNodeError.raised("the grant is locked") }
            try await ctx.run("DELETE FROM access_grants WHERE id = \(a[0].uuidValue)")
            return []
        },
        ActionBody("get_access_grants_owned") { ctx, _ in
            try await ctx.rows("""
                SELECT id, ag_owner_user_id, ag_grantee_wallet_identifier, data_id, locked_until, content_hash, inserter_type, inserter_id
                FROM access_grants WHERE ag_owner_user_id = user_of(\(ctx.caller)) ORDER BY seq
                """).map(grantRow)
        },
        ActionBody("get_access_grants_granted") { ctx, a in
            let page = a[1].intValue, size = a[2].intValue
            if let page, page < 1 { throw DevNodeError.raised("page has to be a positive integer") }
            if let size, size < 1 { throw DevNodeError.raised("size has to be a positive integer") }
            let offset: Int64? = if let page, let size { (page - 1) * size } else { nil }
            return try await ctx.rows("""
                SELECT id, ag_owner_user_id, ag_grantee_wallet_identifier, data_id, locked_until, content_hash, inserter_type, inserter_id
                FROM access_grants WHERE lower(ag_grantee_wallet_identifier) = lower(\(ctx.caller))
                  AND (\(a[0].uuidValue)::UUID IS NULL OR ag_owner_user_id = \(a[0].uuidValue))
                ORDER BY height ASC, id ASC LIMIT \(size) OFFSET \(offset)
                """).map(grantRow)
        },
        ActionBody("get_access_grants_granted_count") { ctx, a in
            let count = try await ctx.scalar("""
                SELECT count(*)::INT8 FROM access_grants WHERE lower(ag_grantee_wallet_identifier) = lower(\(ctx.caller))
                  AND (\(a[0].uuidValue)::UUID IS NULL OR ag_owner_user_id = \(a[0].uuidValue))
                """, as: Int64.self) ?? 0
            return [[.int8(count)]]
        },
        ActionBody("has_locked_access_grants") { ctx, a in
            [[.bool(try await hasLockedAccessGrants(ctx, a[0].uuidValue))]]
        },
        ActionBody("dag_message") { _, a in
            [[.text(DelegatedGrantMessage.accessGrant(owner: a[0].textValue ?? "", grantee: a[1].textValue ?? "",
                                                      dataId: a[2].uuidValue?.lowercasedString ?? "", lockedUntil: a[3].intValue ?? 0,
                                                      contentHash: a[4].textValue ?? ""))]]
        },
        ActionBody("create_ag_by_dag_for_copy") { ctx, a in
            try await ctx.captureGas()
            let owner = a[0].textValue
            guard let wallet = try await firstWallet(ctx, matching: owner), let owner else { throw DevNodeError.raised("dag_owner not found") }
            guard IdosExtension.verifyOwner(owner: owner, walletType: wallet.type, address: wallet.address, publicKey: wallet.publicKey, grantee: a[1].textValue,
                                            dataId: a[2].uuidValue?.lowercasedString ?? "", lockedUntil: a[3].intValue,
                                            contentHash: a[4].textValue, signature: a[5].textValue) else {
                throw DevNodeError.raised("the dag_signature is invalid")
            }
            guard try await ctx.exists("""
                SELECT 1 FROM credentials c JOIN wallets w ON w.user_id = c.user_id
                WHERE c.id = \(a[2].uuidValue) AND wallet_matches(w.wallet_type, w.address, w.public_key, \(owner)) LIMIT 1
                """) else { throw DevNodeError.raised("the data_id does not belong to the owner") }
            try await ctx.createAccessGrant(grantee: a[1].textValue, dataId: a[2].uuidValue, lockedUntil: a[3].intValue,
                                            contentHash: a[4].textValue, inserterType: "dag_message", inserterId: ctx.caller)
            return []
        },
        ActionBody("get_access_grants_for_credential") { ctx, a in
            try await ctx.rows("""
                SELECT id, ag_owner_user_id, ag_grantee_wallet_identifier, data_id, locked_until, content_hash, inserter_type, inserter_id
                FROM access_grants WHERE data_id = \(a[0].uuidValue) AND lower(ag_grantee_wallet_identifier) = lower(\(ctx.caller)) ORDER BY seq
                """).map(grantRow)
        },
    ]
}
