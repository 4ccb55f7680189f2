public import Foundation
internal import KwilKit

/// A delegated write grant (idos-issuer.md §4): the user lets an issuer write one credential pair for them,
/// and gives `grantee` an access grant on the copy, within a time window. Single-use (the node records `id`).
/// Every field is kept as the exact text that was signed; timestamps are `YYYY-MM-DDTHH:MM:SSZ` (UTC, no
/// fraction), see `timestamp(_:)`.
public struct DelegatedWriteGrant: Sendable, Hashable, Codable {
    /// The user's wallet identifier (§3.2): EVM address, XRPL/Stellar address, or NEAR/FaceSign public key.
    public var ownerWalletIdentifier: String
    /// Who gets the access grant on the copy (normally the issuer's Kwil identity, lower-case hex).
    public var granteeWalletIdentifier: String
    /// Hex Ed25519 key of a delegate of the same inserter as the credential signer.
    public var issuerPublicKey: String
    /// The grant's id; a second use fails on the node.
    public var id: UUID
    /// Until when the user cannot revoke the copy's access grant.
    public var accessGrantTimelock: String
    /// The grant is refused before this (the node allows 65 s of clock skew).
    public var notUsableBefore: String
    /// The grant is refused after this.
    public var notUsableAfter: String

    /// A grant from its signed text fields.
    public init(ownerWalletIdentifier: String, granteeWalletIdentifier: String, issuerPublicKey: String, id: UUID,
                accessGrantTimelock: String, notUsableBefore: String, notUsableAfter: String) {
        self.ownerWalletIdentifier = ownerWalletIdentifier
        self.granteeWalletIdentifier = granteeWalletIdentifier
        self.issuerPublicKey = issuerPublicKey
        self.id = id
        self.accessGrantTimelock = accessGrantTimelock
        self.notUsableBefore = notUsableBefore
        self.notUsableAfter = notUsableAfter
    }

    /// A grant whose times are formatted with `timestamp(_:)` (fractions of a second dropped).
    public init(ownerWalletIdentifier: String, granteeWalletIdentifier: String, issuerPublicKey: String, id: UUID = UUID(),
                accessGrantTimelock: Date, notUsableBefore: Date, notUsableAfter: Date) {
        self.init(ownerWalletIdentifier: ownerWalletIdentifier, granteeWalletIdentifier: granteeWalletIdentifier,
                  issuerPublicKey: issuerPublicKey, id: id, accessGrantTimelock: Self.timestamp(accessGrantTimelock),
                  notUsableBefore: Self.timestamp(notUsableBefore), notUsableAfter: Self.timestamp(notUsableAfter))
    }

    /// `date` as a grant timestamp, `YYYY-MM-DDTHH:MM:SSZ` (the SDK's `toISOString()` without milliseconds).
    public static func timestamp(_ date: Date) -> String { UTCTimestamp.string(from: date) }

    /// Unix seconds of a grant timestamp; nil unless it is exactly `YYYY-MM-DDTHH:MM:SSZ`.
    public static func unixSeconds(_ timestamp: String) -> Int64? { UTCTimestamp.unixSeconds(timestamp) }

    /// The end of the usable window, nil if `notUsableAfter` is malformed. A job writing this grant must
    /// finish by then, or the user has to sign a new grant.
    public var deadline: Date? { Self.unixSeconds(notUsableAfter).map { Date(timeIntervalSince1970: TimeInterval($0)) } }

    /// Whether the three timestamps are well formed and `notUsableBefore < notUsableAfter` (what the node's
    /// `idos.parse_date` and `idos.validate_not_usable_times` require).
    public var hasValidTimes: Bool {
        guard Self.unixSeconds(accessGrantTimelock) != nil, let before = Self.unixSeconds(notUsableBefore),
              let after = Self.unixSeconds(notUsableAfter) else { return false }
        return before < after
    }

    /// The text the owner signs, as the devnode words it (`DelegatedGrantMessage`, not the real node's: ask a
    /// real node with `IdosActionCall.dwgMessage(_:)`).
    public var message: String {
        DelegatedGrantMessage.writeGrant(owner: ownerWalletIdentifier, grantee: granteeWalletIdentifier, issuerPublicKey: issuerPublicKey,
                                         id: id.uuidString.lowercased(), accessGrantTimelock: accessGrantTimelock,
                                         notUsableBefore: notUsableBefore, notUsableAfter: notUsableAfter)
    }

    /// The `dwg_message` view call for this grant.
    public func messageCall() throws(IdosActionError) -> IdosActionCall { try IdosActionCall.dwgMessage(self) }
}

/// A delegated write grant with the owner's signature over its message, exactly as the wallet produced it
/// (EVM: `0x` + 65-byte hex; other wallet types as for ownership proofs). What
/// `IdosActionCall.createCredentialsByDWG(pair:grant:)` takes.
public struct SignedDelegatedWriteGrant: Sendable, Hashable, Codable {
    public var grant: DelegatedWriteGrant
    public var signature: String

    public init(grant: DelegatedWriteGrant, signature: String) {
        self.grant = grant
        self.signature = signature
    }
}
