import Foundation
import IdosCrypto
import IdosKit

/// The closed-source `idos.*` functions of idos-actions.md §5.1, implemented for real.
enum IdosExtension {
    /// `idos.is_wallet_valid`: the wallet-ownership proof verifies for its type (IdosKit.WalletProof).
    static func isWalletValid(address: String?, publicKey: String?, walletType: String?, message: String?, signature: String?) -> Bool {
        guard let address, let walletType, let type = WalletType(rawValue: walletType), let message, let signature else { return false }
        return (try? WalletProof(type: type, address: address, publicKey: publicKey, message: message, signature: signature).verify()) != nil
    }

    /// `idos.assert_credential_signatures`: Ed25519 by the issuer key over the public notes, and over the
    /// raw notes signature followed by the raw (base64-decoded) content (idos-issuer.md §5.2).
    static func assertCredentialSignatures(issuerPublicKey: String?, publicNotes: String?, publicNotesSignature: String?,
                                           content: String?, broaderSignature: String?) -> Bool {
        guard let issuerPublicKey, let publicNotes, let publicNotesSignature, let content, let broaderSignature,
              let key = try? Hex.decode(issuerPublicKey), key.count == 32,
              let notesSig = try? Base64.decode(publicNotesSignature), notesSig.count == 64,
              let contentBytes = try? Base64.decode(content),
              let broaderSig = try? Base64.decode(broaderSignature), broaderSig.count == 64
        else { return false }
        return Ed25519.verify(signature: notesSig, message: Array(publicNotes.utf8), publicKey: key)
            && Ed25519.verify(signature: broaderSig, message: notesSig + contentBytes, publicKey: key)
    }

    /// `idos.get_verifiable_credential_id`: the string `id` of the public-notes JSON object, else `''`.
    static func verifiableCredentialId(publicNotes: String?) -> String {
        guard let publicNotes, let data = publicNotes.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let id = object["id"] as? String else { return "" }
        return id
    }

    /// `idos.parse_date`: `yyyy-mm-ddThh:mm:ssZ` (UTC, whole seconds) to unix seconds.
    /// - Throws: `DevNodeError.raised` for any other text, as the extension raises.
    static func parseDate(_ text: String?) throws -> Int64 {
        guard let text, let seconds = unixSeconds(rfc3339: text) else {
            throw DevNodeError.raised("invalid date '\(text ?? "NULL")': must be in yyyy-mm-ddThh:mm:ssZ format")
        }
        return seconds
    }

    /// `idos.validate_not_usable_times`: both in the date format and before < after.
    static func validateNotUsableTimes(_ before: String?, _ after: String?) -> Bool {
        guard let b = before.flatMap(unixSeconds(rfc3339:)), let a = after.flatMap(unixSeconds(rfc3339:)) else { return false }
        return b < a
    }

    /// `idos.dwg_verify_owner`: the owner's signature over `DelegatedGrantMessage.writeGrant`, checked for
    /// the owner wallet's type with its stored public key (every wallet type, via WalletProof).
    static func dwgVerifyOwner(owner: String, walletType: String, publicKey: String?, grantee: String?, issuerPublicKey: String?,
                               id: String, timelock: String?, notBefore: String?, notAfter: String?, signature: String?) -> Bool {
        guard let grantee, let issuerPublicKey, let timelock, let notBefore, let notAfter, let signature else { return false }
        let message = DelegatedGrantMessage.writeGrant(owner: owner, grantee: grantee, issuerPublicKey: issuerPublicKey, id: id,
                                                       accessGrantTimelock: timelock, notUsableBefore: notBefore, notUsableAfter: notAfter)
        return isWalletValid(address: owner, publicKey: publicKey, walletType: walletType, message: message, signature: signature)
    }

    /// `idos.verify_owner`: the owner's signature over `DelegatedGrantMessage.accessGrant`.
    static func verifyOwner(owner: String, walletType: String, publicKey: String?, grantee: String?, dataId: String,
                            lockedUntil: Int64?, contentHash: String?, signature: String?) -> Bool {
        guard let grantee, let lockedUntil, let contentHash, let signature else { return false }
        let message = DelegatedGrantMessage.accessGrant(owner: owner, grantee: grantee, dataId: dataId, lockedUntil: lockedUntil, contentHash: contentHash)
        return isWalletValid(address: owner, publicKey: publicKey, walletType: walletType, message: message, signature: signature)
    }

    /// Strict `YYYY-MM-DDTHH:MM:SSZ` to unix seconds (the Postgres pattern `YYYY-MM-DD"T"HH24:MI:SS"Z"` in UTC).
    static func unixSeconds(rfc3339 text: String) -> Int64? {
        let b = Array(text.utf8)
        guard b.count == 20, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54, b[13] == 0x3A, b[16] == 0x3A, b[19] == 0x5A else { return nil }
        func num(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r { guard b[i] >= 0x30, b[i] <= 0x39 else { return nil }; v = v * 10 + Int(b[i] - 0x30) }
            return v
        }
        guard let y = num(0..<4), let mo = num(5..<7), let d = num(8..<10), let h = num(11..<13), let mi = num(14..<16), let s = num(17..<19),
              (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, s < 60 else { return nil }
        var c = DateComponents()
        c.year = y; c.month = mo; c.day = d; c.hour = h; c.minute = mi; c.second = s
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: c), calendar.component(.day, from: date) == d else { return nil }
        return Int64(date.timeIntervalSince1970)
    }

    /// The namespace of access-grant ids (idos-actions.md §4.5).
    static let accessGrantNamespace = UUID(uuidString: "31276fd4-105f-4ff7-9f64-644942c14b79")!

    /// The deterministic access-grant id: UUIDv5 of `grantee-dataId-lockedUntil` (NULLs render as '').
    static func accessGrantId(grantee: String?, dataId: UUID, lockedUntil: Int64?) -> UUID {
        UUIDv5.make(namespace: accessGrantNamespace,
                    name: "\(grantee ?? "")-\(dataId.lowercasedString)-\(lockedUntil.map(String.init) ?? "")")
    }
}
