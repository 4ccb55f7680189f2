import Foundation
import IdosKit
import KwilKit
import PostgresNIO

/// §3.4 credential actions (except `create_credentials_by_dwg`, in its own file).
extension IdosActions {
    /// `''` is stored as NULL.
    static func vcId(_ notes: String?) -> String? {
        let id = IdosExtension.verifiableCredentialId(publicNotes: notes)
        return id.isEmpty ? nil : id
    }

    /// `add_credential`'s body, also run by `share_credential`.
    static func addCredential(_ ctx: ActionContext, id: UUID?, issuerKey: String?, encryptorKey: String?, content: String?,
                              notes: String?, notesSignature: String?, broaderSignature: String?) async throws {
        try await ctx.captureGas()
        guard IdosExtension.assertCredentialSignatures(issuerPublicKey: issuerKey, publicNotes: notes, publicNotesSignature: notesSignature,
                                                       content: content, broaderSignature: broaderSignature) else {
            throw DevNodeError.raised("signature is wrong")
        }
        try await ctx.run("""
            INSERT INTO credentials (id, user_id, verifiable_credential_id, public_notes, content, encryptor_public_key, issuer_auth_public_key, inserter)
            VALUES (\(id), user_of(\(ctx.caller)), \(vcId(notes)), \(notes), \(content), \(encryptorKey), \(issuerKey), NULL)
            """)
    }

    static func ownedRow(_ row: PostgresRow) throws -> [KwilValue] {
        let r = try row.decode((UUID, UUID, String?, String, String, String, String?).self)
        return [.uuid(r.0), .uuid(r.1), .nullableText(r.2), .text(r.3), .text(r.4), .text(r.5), .nullableText(r.6)]
    }

    static let credentialActions: [ActionBody] = [
        ActionBody("upsert_credential_as_inserter") { ctx, a in
            try await ctx.captureGas()
            let name = try await ctx.inserterName()
            guard IdosExtension.assertCredentialSignatures(issuerPublicKey: a[2].textValue, publicNotes: a[5].textValue,
                                                           publicNotesSignature: a[6].textValue, content: a[4].textValue,
                                                           broaderSignature: a[7].textValue) else {
                throw DevNodeError.raised("signature is wrong")
            }
            try await ctx.run("""
                INSERT INTO credentials (id, user_id, verifiable_credential_id, public_notes, content, encryptor_public_key, issuer_auth_public_key, inserter)
                VALUES (\(a[0].uuidValue), \(a[1].uuidValue), \(vcId(a[5].textValue)), \(a[5].textValue), \(a[4].textValue), \(a[3].textValue),
                        \(a[2].textValue), \(name))
                ON CONFLICT (id) DO UPDATE SET user_id = excluded.user_id, verifiable_credential_id = excluded.verifiable_credential_id,
                    public_notes = excluded.public_notes, content = excluded.content, encryptor_public_key = excluded.encryptor_public_key,
                    issuer_auth_public_key = excluded.issuer_auth_public_key, inserter = excluded.inserter
                """)
            return []
        },
        ActionBody("add_credential") { ctx, a in
            try await addCredential(ctx, id: a[0].uuidValue, issuerKey: a[1].textValue, encryptorKey: a[2].textValue, content: a[3].textValue,
                                    notes: a[4].textValue, notesSignature: a[5].textValue, broaderSignature: a[6].textValue)
            return []
        },
        ActionBody("get_credentials") { ctx, _ in
            try await ctx.rows("""
                SELECT DISTINCT c.id, c.user_id, c.public_notes, c.issuer_auth_public_key, c.inserter, sc.original_id, c.seq
                FROM credentials c
                JOIN wallets w ON w.user_id = c.user_id AND wallet_matches(w.wallet_type, w.address, w.public_key, \(ctx.caller))
                LEFT JOIN shared_credentials sc ON sc.copy_id = c.id
                ORDER BY c.seq
                """).map { row in
                let r = try row.decode((UUID, UUID, String, String, String?, UUID?, Int64).self)
                return [.uuid(r.0), .uuid(r.1), .text(r.2), .text(r.3), .nullableText(r.4), .nullableUUID(r.5)]
            }
        },
        ActionBody("get_credentials_shared_by_user") { ctx, a in
            try await ctx.rows("""
                SELECT DISTINCT c.id, c.user_id, oc.public_notes, c.encryptor_public_key, c.issuer_auth_public_key, c.inserter, oc.id, c.seq
                FROM credentials c
                JOIN access_grants ag ON ag.data_id = c.id AND lower(ag.ag_grantee_wallet_identifier) = lower(\(ctx.caller))
                JOIN shared_credentials sc ON sc.copy_id = c.id
                JOIN credentials oc ON oc.id = sc.original_id
                WHERE c.user_id = \(a[0].uuidValue)
                  AND (\(a[1].textValue)::TEXT IS NULL OR oc.issuer_auth_public_key = \(a[1].textValue))
                ORDER BY c.seq
                """).map { row in
                let r = try row.decode((UUID, UUID, String, String, String, String?, UUID, Int64).self)
                return [.uuid(r.0), .uuid(r.1), .text(r.2), .text(r.3), .text(r.4), .nullableText(r.5), .uuid(r.6)]
            }
        },
        ActionBody("edit_credential") { ctx, a in
            try await ctx.captureGas()
            let id = a[0].uuidValue
            if try await ctx.exists("SELECT 1 FROM access_grants WHERE data_id = \(id) LIMIT 1") {
                throw DevNodeError.raised("can not edit shared credential")
            }
            if try await ctx.exists("""
                SELECT 1 FROM shared_credentials sc JOIN credentials c ON c.id = sc.copy_id
                WHERE sc.copy_id = \(id) AND c.user_id = user_of(\(ctx.caller)) LIMIT 1
                """) { throw DevNodeError.raised("can not edit shared credential") }
            guard IdosExtension.assertCredentialSignatures(issuerPublicKey: a[6].textValue, publicNotes: a[1].textValue,
                                                           publicNotesSignature: a[2].textValue, content: a[4].textValue,
                                                           broaderSignature: a[3].textValue) else {
                throw DevNodeError.raised("signature is wrong")
            }
            try await ctx.run("""
                UPDATE credentials SET public_notes = \(a[1].textValue), verifiable_credential_id = \(vcId(a[1].textValue)),
                    content = \(a[4].textValue), encryptor_public_key = \(a[5].textValue), issuer_auth_public_key = \(a[6].textValue)
                WHERE id = \(id) AND user_id = user_of(\(ctx.caller))
                """)
            return []
        },
        ActionBody("edit_public_notes_as_issuer") { ctx, a in
            try await ctx.captureGas()
            try await ctx.run("""
                UPDATE credentials SET public_notes = \(a[1].textValue)
                WHERE issuer_auth_public_key = \(ctx.caller) AND verifiable_credential_id = \(a[0].textValue)
                """)
            return []
        },
        ActionBody("remove_credential") { ctx, a in
            try await ctx.captureGas()
            let id = a[0].uuidValue
            guard try await ctx.credentialBelongsToCaller(id) else { throw DevNodeError.raised("the credential does not belong to the caller") }
            if try await hasLockedAccessGrants(ctx, id) { throw DevNodeError.raised("there are locked access grants for this credential") }
            try await ctx.run("DELETE FROM credentials WHERE id = \(id) AND user_id = user_of(\(ctx.caller))")
            try await ctx.run("DELETE FROM access_grants WHERE data_id = \(id)")
            return []
        },
        ActionBody("rescind_shared_credential") { ctx, a in
            try await ctx.captureGas()
            let id = a[0].uuidValue
            guard try await ctx.exists("""
                SELECT 1 FROM credentials c
                JOIN access_grants ag ON ag.data_id = c.id AND lower(ag.ag_grantee_wallet_identifier) = lower(\(ctx.caller))
                JOIN shared_credentials sc ON sc.copy_id = c.id
                JOIN credentials oc ON oc.id = sc.original_id
                WHERE c.id = \(id) LIMIT 1
                """) else { throw DevNodeError.raised("can not find the credential shared to you") }
            try await ctx.run("DELETE FROM credentials WHERE id = \(id)")
            try await ctx.run("DELETE FROM access_grants WHERE data_id = \(id)")
            return []
        },
        ActionBody("share_credential") { ctx, a in
            try await ctx.captureGas()
            guard try await ctx.credentialBelongsToCaller(a[1].uuidValue) else {
                throw DevNodeError.raised("original credential does not belong to the caller")
            }
            if let notes = a[2].textValue, notes != "" {
                throw DevNodeError.raised("shared credentials cannot have public_notes, it must be an empty string")
            }
            try await addCredential(ctx, id: a[0].uuidValue, issuerKey: a[8].textValue, encryptorKey: a[7].textValue, content: a[5].textValue,
                                    notes: a[2].textValue, notesSignature: a[3].textValue, broaderSignature: a[4].textValue)
            try await ctx.run("INSERT INTO shared_credentials (original_id, copy_id) VALUES (\(a[1].uuidValue), \(a[0].uuidValue))")
            try await ctx.createAccessGrant(grantee: a[9].textValue, dataId: a[0].uuidValue, lockedUntil: a[10].intValue,
                                            contentHash: a[6].textValue, inserterType: "user", inserterId: ctx.caller)
            return []
        },
        ActionBody("credential_exist_as_inserter") { ctx, a in
            _ = try await ctx.inserterName()
            return [[.bool(try await ctx.exists("SELECT 1 FROM credentials WHERE id = \(a[0].uuidValue)"))]]
        },
        ActionBody("get_credential_owned") { ctx, a in
            try await ctx.rows("""
                SELECT DISTINCT c.id, c.user_id, c.public_notes, c.content, c.encryptor_public_key, c.issuer_auth_public_key, c.inserter
                FROM credentials c
                JOIN wallets w ON w.user_id = c.user_id AND wallet_matches(w.wallet_type, w.address, w.public_key, \(ctx.caller))
                WHERE c.id = \(a[0].uuidValue)
                """).map(ownedRow)
        },
        ActionBody("get_credential_shared") { ctx, a in
            let id = a[0].uuidValue
            guard try await ctx.exists("SELECT 1 FROM credentials WHERE id = \(id)") else { throw DevNodeError.raised("the credential does not exist") }
            guard try await ctx.exists("""
                SELECT 1 FROM access_grants WHERE data_id = \(id) AND lower(ag_grantee_wallet_identifier) = lower(\(ctx.caller)) LIMIT 1
                """) else { throw DevNodeError.raised("the credential is not shared with the caller") }
            return try await ctx.rows("""
                SELECT c.id, c.user_id, oc.public_notes, c.content, c.encryptor_public_key, c.issuer_auth_public_key, c.inserter
                FROM credentials c LEFT JOIN shared_credentials sc ON sc.copy_id = c.id LEFT JOIN credentials oc ON oc.id = sc.original_id
                WHERE c.id = \(id)
                """).map(ownedRow)
        },
        ActionBody("get_sibling_credential_id") { ctx, a in
            try await ctx.rows("""
                SELECT c.id FROM credentials c JOIN access_grants ag ON ag.data_id = c.id
                WHERE ag.content_hash = \(a[0].textValue) AND lower(ag.ag_grantee_wallet_identifier) = lower(\(ctx.caller))
                ORDER BY ag.seq LIMIT 1
                """).map { [.uuid(try $0.decode(UUID.self))] }
        },
    ]
}
