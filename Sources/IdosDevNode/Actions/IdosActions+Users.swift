import Foundation
import IdosKit
import KwilKit
import PostgresNIO

/// §3.1 inserter/delegate (OWNER) actions and §3.2 user actions.
extension IdosActions {
    static let ownerAndUserActions: [ActionBody] = [
        ActionBody("add_inserter_as_owner") { ctx, a in
            try await ctx.run("INSERT INTO inserters (id, name) VALUES (\(a[0].uuidValue), \(a[1].textValue))")
            return []
        },
        ActionBody("delete_inserter_as_owner") { ctx, a in
            try await ctx.run("DELETE FROM inserters WHERE id = \(a[0].uuidValue)")
            return []
        },
        ActionBody("add_delegate_as_owner") { ctx, a in
            try await ctx.run("INSERT INTO delegates (address, inserter_id) VALUES (lower(\(a[0].textValue)), \(a[1].uuidValue))")
            return []
        },
        ActionBody("delete_delegate_as_owner") { ctx, a in
            try await ctx.run("DELETE FROM delegates WHERE address = \(a[0].textValue)")
            return []
        },
        ActionBody("add_user_as_inserter") { ctx, a in
            try await ctx.captureGas()
            // INS and the insert in one statement: no delegate row, no insert (and no constraint error).
            let inserted = try await ctx.rows("""
                INSERT INTO users (id, recipient_encryption_public_key, encryption_password_store, inserter)
                SELECT \(a[0].uuidValue), \(a[1].textValue), \(a[2].textValue), i.name
                FROM inserters i JOIN delegates d ON d.inserter_id = i.id WHERE d.address = \(ctx.caller) LIMIT 1
                RETURNING 1
                """)
            if inserted.isEmpty { throw DevNodeError.raised("Unauthorized inserter") }
            return []
        },
        ActionBody("update_user_pub_key_as_inserter") { ctx, a in
            try await ctx.captureGas()
            _ = try await ctx.inserterName()
            try await ctx.run("""
                UPDATE users SET recipient_encryption_public_key = \(a[1].textValue), encryption_password_store = \(a[2].textValue)
                WHERE id = \(a[0].uuidValue)
                """)
            return []
        },
        ActionBody("get_user") { ctx, _ in
            try await ctx.rows("""
                SELECT id, recipient_encryption_public_key, encryption_password_store FROM users WHERE id = user_of(\(ctx.caller))
                """).prefix(1).map { row in
                let (id, key, store) = try row.decode((UUID, String, String).self)
                return [.uuid(id), .text(key), .text(store)]
            }
        },
        ActionBody("get_user_as_inserter") { ctx, a in
            _ = try await ctx.inserterName()
            return try await ctx.rows("""
                SELECT id, recipient_encryption_public_key, encryption_password_store, inserter FROM users WHERE id = \(a[0].uuidValue)
                """).prefix(1).map { row in
                let (id, key, store, inserter) = try row.decode((UUID, String, String, String).self)
                return [.uuid(id), .text(key), .text(store), .text(inserter)]
            }
        },
        ActionBody("has_profile") { ctx, a in
            [[.bool(try await ctx.hasProfile(a[0].textValue))]]
        },
    ]
}
