import Foundation
import IdosKit
import KwilKit
import PostgresNIO

/// §3.5 attribute actions.
extension IdosActions {
    static let attributeActions: [ActionBody] = [
        ActionBody("add_attribute_as_inserter") { ctx, a in
            try await ctx.captureGas()
            let name = try await ctx.inserterName()
            try await ctx.run("""
                INSERT INTO user_attributes (id, user_id, attribute_key, value, inserter)
                VALUES (\(a[0].uuidValue), \(a[1].uuidValue), \(a[2].textValue), \(a[3].textValue), \(name))
                """)
            return []
        },
        ActionBody("add_attribute") { ctx, a in
            try await ctx.captureGas()
            try await ctx.run("""
                INSERT INTO user_attributes (id, user_id, attribute_key, value, inserter)
                VALUES (\(a[0].uuidValue), user_of(\(ctx.caller)), \(a[1].textValue), \(a[2].textValue), NULL)
                """)
            return []
        },
        ActionBody("get_attributes") { ctx, _ in
            try await ctx.rows("""
                SELECT DISTINCT ua.id, ua.user_id, ua.attribute_key, ua.value, sua.original_id, ua.seq
                FROM user_attributes ua
                JOIN wallets w ON w.user_id = ua.user_id AND wallet_matches(w.wallet_type, w.address, w.public_key, \(ctx.caller))
                LEFT JOIN shared_user_attributes sua ON sua.copy_id = ua.id
                ORDER BY ua.seq
                """).map { row in
                let r = try row.decode((UUID, UUID, String, String, UUID?, Int64).self)
                return [.uuid(r.0), .uuid(r.1), .text(r.2), .text(r.3), .nullableUUID(r.4)]
            }
        },
        ActionBody("edit_attribute") { ctx, a in
            try await ctx.captureGas()
            if try await ctx.exists("""
                SELECT 1 FROM shared_user_attributes s JOIN user_attributes ua ON ua.id = s.copy_id
                WHERE s.copy_id = \(a[0].uuidValue) AND ua.user_id = user_of(\(ctx.caller)) LIMIT 1
                """) { throw DevNodeError.raised("Can not edit shared attribute") }
            try await ctx.run("""
                UPDATE user_attributes SET attribute_key = \(a[1].textValue), value = \(a[2].textValue)
                WHERE id = \(a[0].uuidValue) AND user_id = user_of(\(ctx.caller))
                """)
            return []
        },
        ActionBody("remove_attribute") { ctx, a in
            try await ctx.captureGas()
            try await ctx.run("DELETE FROM user_attributes WHERE id = \(a[0].uuidValue) AND user_id = user_of(\(ctx.caller))")
            return []
        },
        ActionBody("share_attribute") { ctx, a in
            try await ctx.captureGas()
            try await ctx.run("""
                INSERT INTO user_attributes (id, user_id, attribute_key, value, inserter)
                VALUES (\(a[0].uuidValue), user_of(\(ctx.caller)), \(a[2].textValue), \(a[3].textValue), NULL)
                """)
            try await ctx.run("INSERT INTO shared_user_attributes (original_id, copy_id) VALUES (\(a[1].uuidValue), \(a[0].uuidValue))")
            return []
        },
    ]
}
