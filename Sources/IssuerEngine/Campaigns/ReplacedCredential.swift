import Foundation
import IssuerStore
import VerifiableCredentials

/// The second half of a re-issue: once the new credential is delivered, the one it replaces is revoked
/// (its public notes say `"status":"revoked"`), by the campaign, in the delivery's transaction.
enum ReplacedCredential {
    /// Queues the revocation of what `replacement` replaces, unless it is already revoked or not on its way to
    /// the node. Returns whether a revocation was queued.
    @discardableResult
    static func revoke(replacedBy replacement: CredentialRecord, maxAttempts: Int, channel: String, requestID: String?,
                       in session: StoreSession) async throws -> Bool {
        guard let oldID = replacement.replacesCredentialID, let campaignID = replacement.campaignID,
              let old = try await session.credential(id: oldID), old.status == .delivered || old.status == .pending,
              case .object(var notes)? = try? JSONParser.parse(Array(old.publicNotes.utf8)), notes["status"] != .string("revoked")
        else { return false }
        notes["status"] = .string("revoked")
        _ = try await IssuanceService.editPublicNotes(credentialID: oldID, publicNotes: JSONSerializer.serialize(.object(notes)),
                                                      maxAttempts: maxAttempts, channel: channel, requestID: requestID,
                                                      actor: AuditActor.campaign(campaignID), action: .credentialRevoked,
                                                      priority: CampaignJobs.revocationPriority, in: session)
        return true
    }
}
