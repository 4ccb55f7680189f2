import Foundation
import IdosCrypto
import IdosKit
import KwilKit
import PostgresNIO

/// §3.6 `dwg_message` and §3.4.10 `create_credentials_by_dwg`, with the check order of §4.6.
extension IdosActions {
    /// The first wallet matching W(x), in insertion order: (wallet_type, address, public_key).
    static func firstWallet(_ ctx: ActionContext, matching identifier: String?) async throws -> (type: String, address: String, publicKey: String?)? {
        guard let row = try await ctx.rows("""
            SELECT wallet_type, address, public_key FROM wallets WHERE wallet_matches(wallet_type, address, public_key, \(identifier))
            ORDER BY seq LIMIT 1
            """).first else { return nil }
        let r = try row.decode((String, String, String?).self)
        return (r.0, r.1, r.2)
    }

    static let writeGrantActions: [ActionBody] = [
        ActionBody("dwg_message") { _, a in
            _ = try IdosExtension.parseDate(a[4].textValue)
            guard IdosExtension.validateNotUsableTimes(a[5].textValue, a[6].textValue) else {
                throw DevNodeError.raised("not_usable_before must be before not_usable_after")
            }
            let message = DelegatedGrantMessage.writeGrant(
                owner: a[0].textValue ?? "", grantee: a[1].textValue ?? "", issuerPublicKey: a[2].textValue ?? "",
                id: a[3].uuidValue?.lowercasedString ?? "", accessGrantTimelock: a[4].textValue ?? "",
                notUsableBefore: a[5].textValue ?? "", notUsableAfter: a[6].textValue ?? "")
            return [[.text(message)]]
        },
        ActionBody("create_credentials_by_dwg") { ctx, a in
            let issuerKey = a[0].textValue, owner = a[13].textValue, grantee = a[14].textValue, dwgIssuer = a[15].textValue
            let dwgId = a[16].uuidValue, timelock = a[17].textValue, notBefore = a[18].textValue, notAfter = a[19].textValue
            try await ctx.captureGas()
            // 2. Both issuer keys, lower-cased, are delegates of the same inserter.
            guard try await ctx.exists("""
                SELECT 1 FROM delegates d1 JOIN delegates d2 ON d1.inserter_id = d2.inserter_id
                WHERE d1.address = lower(\(issuerKey)) AND d2.address = lower(\(dwgIssuer)) LIMIT 1
                """) else { throw DevNodeError.raised("credentials issuer must be an issuer of delegated write grant") }
            // 3. The owner's first wallet.
            guard let ownerWallet = try await firstWallet(ctx, matching: owner) else { throw DevNodeError.raised("dwg_owner not found") }
            // 4–6. Dates and the usable window (nb − 65 ≤ @block_timestamp ≤ na).
            let agTimelock = try IdosExtension.parseDate(timelock)
            guard IdosExtension.validateNotUsableTimes(notBefore, notAfter),
                  let nb = notBefore.flatMap(DelegatedWriteGrant.unixSeconds),
                  let na = notAfter.flatMap(DelegatedWriteGrant.unixSeconds) else {
                throw DevNodeError.raised("dwg_not_before must be before dwg_not_after")
            }
            if nb > ctx.blockTimestamp + 65 || ctx.blockTimestamp > na {
                throw DevNodeError.raised("this write grant can only be used after dwg_not_before and before dwg_not_after")
            }
            // 7. The owner's signature over the DWG text, for the owner wallet's type.
            guard let owner, let dwgId, IdosExtension.dwgVerifyOwner(
                owner: owner, walletType: ownerWallet.type, address: ownerWallet.address, publicKey: ownerWallet.publicKey, grantee: grantee, issuerPublicKey: dwgIssuer,
                id: dwgId, timelock: timelock, notBefore: notBefore, notAfter: notAfter, signature: a[20].textValue)
            else { throw DevNodeError.raised("verify owner failed") }
            // 8–9. Credential signatures (the copy with public notes '').
            guard IdosExtension.assertCredentialSignatures(issuerPublicKey: issuerKey, publicNotes: a[4].textValue, publicNotesSignature: a[5].textValue,
                                                           content: a[3].textValue, broaderSignature: a[6].textValue) else {
                throw DevNodeError.raised("an original credential signature is wrong")
            }
            guard IdosExtension.assertCredentialSignatures(issuerPublicKey: issuerKey, publicNotes: "", publicNotesSignature: a[10].textValue,
                                                           content: a[9].textValue, broaderSignature: a[11].textValue) else {
                throw DevNodeError.raised("a copy credential signature is wrong")
            }
            // 10–15. Original, copy, link, access grant, consumed grant (a reused dwg_id fails last, on the PK).
            let inserter = dwgId.lowercasedString
            let user = try await ctx.userOf(owner)
            try await ctx.run("""
                INSERT INTO credentials (id, user_id, verifiable_credential_id, public_notes, content, encryptor_public_key, issuer_auth_public_key, inserter)
                VALUES (\(a[2].uuidValue), \(user), \(vcId(a[4].textValue)), \(a[4].textValue), \(a[3].textValue), \(a[1].textValue), \(issuerKey), \(inserter))
                """)
            try await ctx.run("""
                INSERT INTO credentials (id, user_id, verifiable_credential_id, public_notes, content, encryptor_public_key, issuer_auth_public_key, inserter)
                VALUES (\(a[8].uuidValue), \(user), NULL, '', \(a[9].textValue), \(a[7].textValue), \(issuerKey), \(inserter))
                """)
            try await ctx.run("INSERT INTO shared_credentials (original_id, copy_id) VALUES (\(a[2].uuidValue), \(a[8].uuidValue))")
            try await ctx.createAccessGrant(grantee: grantee, dataId: a[8].uuidValue, lockedUntil: agTimelock, contentHash: a[12].textValue,
                                            inserterType: "delegated_write_grant", inserterId: inserter)
            try await ctx.run("""
                INSERT INTO consumed_write_grants (id, owner_wallet_identifier, grantee_wallet_identifier, issuer_public_key, original_credential_id,
                                                   copy_credential_id, access_grant_timelock, not_usable_before, not_usable_after)
                VALUES (\(dwgId), \(owner), \(grantee), \(dwgIssuer), \(a[2].uuidValue), \(a[8].uuidValue), \(timelock), \(notBefore), \(notAfter))
                """)
            return []
        },
    ]
}
