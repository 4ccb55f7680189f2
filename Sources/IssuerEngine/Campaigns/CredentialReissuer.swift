public import Foundation
import IdosCrypto
import IdosKit
public import IssuerStore
public import VerifiableCredentials

/// Re-issues one credential without its user: opens the issuer's copy (sealed to the issuer's encryption key at
/// issuance), takes the signed VC out, replaces the changed fields, signs it again with the current VC key,
/// and issues the result as a new credential (inserter delivery) that replaces the old one.
public struct CredentialReissuer: Sendable {
    public let issuance: IssuanceService
    public let keys: VCKeyRing

    public init(issuance: IssuanceService, keys: VCKeyRing) {
        self.issuance = issuance
        self.keys = keys
    }

    /// What re-issuing a credential changes: the new VC and public notes, next to the old ones.
    public struct Rebuilt: Sendable {
        public var oldVC: JSONObject
        public var newVC: JSONObject
        public var oldNotes: JSONObject
        public var newNotes: JSONObject
        public var newNotesID: UUID
        public var level: String?
        public var plaintext: [UInt8] { Array(JSONSerializer.serialize(.object(newVC)).utf8) }
        public var notesText: String { JSONSerializer.serialize(.object(newNotes)) }
    }

    /// Why a credential cannot be re-issued (no personal data in the text: it is stored and shown).
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case copyNotOpenable
        case notAVerifiableCredential(String)
        case notesNotAnObject
        case userNotReady(String)
        case signing(String)

        public var description: String {
            switch self {
            case .copyNotOpenable: "the issuer's copy cannot be opened (sealed to a consumer's key, or to an earlier issuer key)"
            case .notAVerifiableCredential(let why): "the stored credential is not a signed VC: \(why)"
            case .notesNotAnObject: "the public notes are not a JSON object"
            case .userNotReady(let why): why
            case .signing(let why): "cannot be signed: \(why)"
            }
        }
    }

    /// The re-signed VC and new notes for `credential`. `notesPatch` is merged into the notes (never their
    /// `id`); `fieldsPatch` replaces top-level VC fields (a `level` also becomes the notes' level).
    public func rebuild(_ credential: CredentialRecord, notesPatch: JSONObject?, fieldsPatch: JSONObject?, now: Date = Date())
        throws(Failure) -> Rebuilt {
        guard let copy = credential.copy else { throw .copyNotOpenable }
        let sealed = CredentialCopy(content: copy.content, encryptorPublicKey: copy.encryptorPublicKey, publicNotes: "",
                                    publicNotesSignature: copy.publicNotesSignature, broaderSignature: copy.broaderSignature,
                                    issuerAuthPublicKey: credential.issuerAuthPublicKey)
        guard let plaintext = try? sealed.open(recipientSecretKey: issuance.encryptionKey.secretKey) else { throw .copyNotOpenable }
        guard case .object(let oldVC)? = try? JSONParser.parse(plaintext) else { throw .notAVerifiableCredential("not a JSON object") }
        guard oldVC["proof"] != nil, oldVC["credentialSubject"] != nil else { throw .notAVerifiableCredential("no proof or no subject") }
        var unsigned = oldVC
        unsigned["proof"] = nil
        unsigned["issuanceDate"] = .string(CredentialDate.w3cDate(now))
        unsigned["issuer"] = .string(keys.controller)
        if let fieldsPatch {
            for (key, value) in fieldsPatch.members { unsigned[key] = value == .null ? nil : value }
        }
        let newVC: JSONObject
        // The error's text is not kept: JSON-LD errors can quote the document (personal data).
        do { newVC = try Ed25519Signature2020().sign(unsigned, key: keys.signingKey()) } catch {
            throw .signing("the VC does not canonicalize (JSON-LD) with the replaced fields")
        }
        var level: String?
        if case .string(let l)? = newVC["level"] { level = l } else { level = credential.level }

        guard case .object(let oldNotes)? = try? JSONParser.parse(Array(credential.publicNotes.utf8)) else { throw .notesNotAnObject }
        let notesID = UUID()
        var notes = JSONObject()
        notes["id"] = .string(notesID.uuidString.lowercased())
        for (key, value) in oldNotes.members where key != "id" { notes[key] = value }
        if let level, notes.contains("level"), fieldsPatch?["level"] != nil { notes["level"] = .string(level) }
        if let notesPatch {
            for (key, value) in notesPatch.members where key != "id" { notes[key] = value }
        }
        return Rebuilt(oldVC: oldVC, newVC: newVC, oldNotes: oldNotes, newNotes: notes, newNotesID: notesID, level: level)
    }

    /// Issues `rebuilt` for `item` as the campaign's replacement of the old credential, in the caller's
    /// transaction. Returns the new credential.
    public func issue(_ rebuilt: Rebuilt, for item: CampaignItem, campaignID: UUID, requestID: String? = nil,
                      in session: StoreSession) async throws -> CredentialRecord {
        try await issuance.issueCredential(
            providerID: item.credential.providerID, user: item.user, plaintext: rebuilt.plaintext, publicNotes: rebuilt.notesText,
            publicNotesID: rebuilt.newNotesID, level: rebuilt.level, delivery: .inserter, vcKeyVersion: keys.current,
            replacing: .init(campaignID: campaignID, credentialID: item.credential.id), priority: CampaignJobs.deliveryPriority, requestID: requestID,
            actor: AuditActor.campaign(campaignID), in: session)
    }
}
