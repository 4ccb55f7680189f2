import Logging
import IssuerEngine
import Foundation
import HTTPTypes
import Hummingbird
import IdosKit
import IssuerStore
import KwilKit

/// `POST /v1/users/{id}/write-grants`: a delegated write grant for the issuer, with the text the user signs,
/// taken from the node's own `dwg_message` (so it matches whatever the node checks).
struct WriteGrantController {
    let services: APIServices

    func register(on router: Router<IssuerRequestContext>) {
        router.post("/v1/users/:id/write-grants") { request, context in try await create(request, context) }
    }

    func create(_ request: Request, _ context: IssuerRequestContext) async throws -> Response {
        let caller = try context.require(scope: "issue")
        let userID = try context.uuidParameter("id")
        let body = try await request.bytes(limit: services.configuration.http.maxBodyBytes)
        var input = try JSONInput(body.isEmpty ? Array("{}".utf8) : body)
        let owner = input.string("ownerWalletIdentifier", required: false, maxLength: 256)
        let notAfterText = input.string("notUsableAfter", required: false, maxLength: 64)
        let timelockText = input.string("accessGrantTimelock", required: false, maxLength: 64)
        input.rejectUnknownFields()
        let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        var notAfter = now.addingTimeInterval(services.configuration.limits.writeGrantValidity)
        if let notAfterText {
            if let parsed = Self.parse(notAfterText), parsed > now.addingTimeInterval(services.writeGrantMargin) {
                notAfter = parsed
            } else {
                input.fail("notUsableAfter", "must be an RFC 3339 UTC time (YYYY-MM-DDTHH:MM:SSZ) at least \(Int(services.writeGrantMargin)) s ahead")
            }
        }
        var timelock = now
        if let timelockText {
            if let parsed = Self.parse(timelockText) { timelock = parsed } else {
                input.fail("accessGrantTimelock", "must be an RFC 3339 UTC time (YYYY-MM-DDTHH:MM:SSZ)")
            }
        }
        try input.check()
        // The user, her wallets and the node's dwg_message text are read once the Idempotency-Key is claimed: a
        // replay answers from the stored response without asking the node again.
        return try await services.mutation.runPrepared(request, context: context, caller: caller, body: body, prepare: {
            let user = try await services.user(userID, of: caller)
            let wallets = try await services.store.session.wallets(userID: user.id)
            guard let first = wallets.first else { throw Problem.conflict("no-wallet", "the user has no wallet") }
            let ownerIdentifier = owner ?? first.idosIdentifier
            guard wallets.contains(where: { $0.isIdentified(by: ownerIdentifier) }) else {
                throw Problem.validation([.init(field: "ownerWalletIdentifier", reason: "is not one of the user's wallets")])
            }
            let grant = DelegatedWriteGrant(ownerWalletIdentifier: ownerIdentifier, granteeWalletIdentifier: services.issuance.issuerAuthPublicKey,
                                            issuerPublicKey: services.issuance.issuerAuthPublicKey, id: UUID(),
                                            accessGrantTimelock: DelegatedWriteGrant.timestamp(timelock),
                                            notUsableBefore: DelegatedWriteGrant.timestamp(now), notUsableAfter: DelegatedWriteGrant.timestamp(notAfter))
            return (user, grant, try await nodeMessage(grant))
        }) { session, prepared in
            let (user, grant, message) = prepared
            try await session.insertWriteGrant(WriteGrantRecord(
                id: grant.id, providerID: caller.providerID, userID: user.id, ownerWalletIdentifier: grant.ownerWalletIdentifier,
                granteeWalletIdentifier: grant.granteeWalletIdentifier, issuerPublicKey: grant.issuerPublicKey,
                accessGrantTimelock: grant.accessGrantTimelock, notUsableBefore: grant.notUsableBefore, notUsableAfter: grant.notUsableAfter,
                notUsableAfterAt: notAfter, message: message))
            try await session.appendAudit(actor: AuditActor.provider(caller.providerID), action: .writeGrantCreated, subject: user.id.auditText,
                                          details: ["userId": .string(user.id.auditText), "writeGrantId": .string(grant.id.auditText),
                                                    "notUsableAfter": .string(grant.notUsableAfter)])
            return (.created, ["id": APIJSON.id(grant.id), "message": message, "ownerWalletIdentifier": grant.ownerWalletIdentifier,
                               "granteeWalletIdentifier": grant.granteeWalletIdentifier, "issuerPublicKey": grant.issuerPublicKey,
                               "accessGrantTimelock": grant.accessGrantTimelock, "notUsableBefore": grant.notUsableBefore,
                               "notUsableAfter": grant.notUsableAfter])
        }
    }

    private func nodeMessage(_ grant: DelegatedWriteGrant) async throws -> String {
        let call: IdosActionCall
        do { call = try grant.messageCall() } catch { throw Problem.badRequest("the write grant cannot be expressed: \(error)") }
        do {
            let result = try await services.pool.read { client throws(KwilError) in try await client.call(call) }
            guard case .text(let message)? = result.rows.first?.first else { throw Problem.unavailable("the node returned no dwg_message text") }
            return message
        } catch let error as KwilError {
            if case .actionFailed(let message) = error { throw Problem.badRequest("the node refused the write grant: \(message)") }
            throw Problem.unavailable("no idOS node answered dwg_message: \(error)")
        }
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` (whole seconds, UTC), as the node parses it.
    static func parse(_ text: String) -> Date? {
        DelegatedWriteGrant.unixSeconds(text).map { Date(timeIntervalSince1970: TimeInterval($0)) }
    }
}
