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
        guard let text, let seconds = DelegatedWriteGrant.unixSeconds(text) else {
            throw DevNodeError.raised("invalid date '\(text ?? "NULL")': must be in yyyy-mm-ddThh:mm:ssZ format")
        }
        return seconds
    }

    /// `idos.validate_not_usable_times`: both in the date format and before < after.
    static func validateNotUsableTimes(_ before: String?, _ after: String?) -> Bool {
        guard let b = before.flatMap(DelegatedWriteGrant.unixSeconds), let a = after.flatMap(DelegatedWriteGrant.unixSeconds) else { return false }
        return b < a
    }

    /// `idos.dwg_verify_owner`: the owner's signature over the grant's text (`DelegatedWriteGrant.message`), checked
    /// as a wallet proof of the owner wallet's type with its stored public key (every wallet type).
    static func dwgVerifyOwner(owner: String, walletType: String, publicKey: String?, grantee: String?, issuerPublicKey: String?,
                               id: UUID, timelock: String?, notBefore: String?, notAfter: String?, signature: String?) -> Bool {
        guard let grantee, let issuerPublicKey, let timelock, let notBefore, let notAfter else { return false }
        let grant = DelegatedWriteGrant(ownerWalletIdentifier: owner, granteeWalletIdentifier: grantee, issuerPublicKey: issuerPublicKey,
                                        id: id, accessGrantTimelock: timelock, notUsableBefore: notBefore, notUsableAfter: notAfter)
        return isWalletValid(address: proofAddress(owner: owner, walletType: walletType, publicKey: publicKey), publicKey: publicKey,
                             walletType: walletType, message: grant.message, signature: signature)
    }

    /// `idos.verify_owner`: the owner's signature over `DelegatedGrantMessage.accessGrant`.
    static func verifyOwner(owner: String, walletType: String, publicKey: String?, grantee: String?, dataId: String,
                            lockedUntil: Int64?, contentHash: String?, signature: String?) -> Bool {
        guard let grantee, let lockedUntil, let contentHash, let signature else { return false }
        let message = DelegatedGrantMessage.accessGrant(owner: owner, grantee: grantee, dataId: dataId, lockedUntil: lockedUntil, contentHash: contentHash)
        return isWalletValid(address: proofAddress(owner: owner, walletType: walletType, publicKey: publicKey), publicKey: publicKey,
                             walletType: walletType, message: message, signature: signature)
    }

    /// The address a grant's owner signature is checked against. The owner field is what W(x) matched: the
    /// address for EVM, XRPL and Stellar, the public key for FaceSign (its address too) and NEAR. A NEAR wallet
    /// proof names an account, so the owner's `ed25519:` key stands for its implicit account (the hex of the key).
    static func proofAddress(owner: String, walletType: String, publicKey: String?) -> String {
        guard walletType == WalletType.near.rawValue, let publicKey, let key = try? NEARPublicKey.decode(publicKey) else { return owner }
        return Hex.encode(key)
    }

    /// The namespace of access-grant ids (idos-actions.md §4.5).
    static let accessGrantNamespace = UUID(uuidString: "31276fd4-105f-4ff7-9f64-644942c14b79")!

    /// The deterministic access-grant id: UUIDv5 of `grantee-dataId-lockedUntil` (NULLs render as '').
    static func accessGrantId(grantee: String?, dataId: UUID, lockedUntil: Int64?) -> UUID {
        UUIDv5.make(namespace: accessGrantNamespace,
                    name: "\(grantee ?? "")-\(dataId.lowercasedString)-\(lockedUntil.map(String.init) ?? "")")
    }
}
