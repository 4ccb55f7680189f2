/// The texts an idOS user signs to delegate a write (DWG) or an access grant (DAG).
///
/// The real node builds them inside its closed-source `idos` extension and their exact wording is not
/// public (idos-issuer.md §4). This is **the one place** that defines them: one `label: value` line per
/// documented field, in the documented order, joined by `\n`, no trailing newline (the sibling style of the
/// public access-grant contracts). Change only this file when the real text is known; the devnode's
/// `dwg_message`, `dag_message`, `idos.dwg_verify_owner` and `idos.verify_owner`, and
/// `DelegatedWriteGrant.message`, all call it. Against a real node, show the user the text its
/// `dwg_message` view returns (`IdosActionCall.dwgMessage`), never this one.
public enum DelegatedGrantMessage {
    /// The delegated-write-grant text (`idos.dwg_message`).
    public static func writeGrant(
        owner: String, grantee: String, issuerPublicKey: String, id: String,
        accessGrantTimelock: String, notUsableBefore: String, notUsableAfter: String
    ) -> String {
        [
            "operation: delegatedWriteGrant",
            "owner: \(owner)",
            "consumer: \(grantee)",
            "issuer public key: \(issuerPublicKey)",
            "id: \(id)",
            "access grant timelock: \(accessGrantTimelock)",
            "not usable before: \(notUsableBefore)",
            "not usable after: \(notUsableAfter)",
        ].joined(separator: "\n")
    }

    /// The delegated-access-grant text (`idos.dag_message`).
    public static func accessGrant(owner: String, grantee: String, dataId: String, lockedUntil: Int64, contentHash: String) -> String {
        [
            "operation: delegatedAccessGrant",
            "owner: \(owner)",
            "grantee: \(grantee)",
            "dataId: \(dataId)",
            "lockedUntil: \(lockedUntil)",
            "contentHash: \(contentHash)",
        ].joined(separator: "\n")
    }
}
