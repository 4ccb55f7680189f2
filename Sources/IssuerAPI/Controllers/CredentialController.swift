import Logging
import Foundation
import HTTPTypes
import Hummingbird
import IdosCrypto
import IdosKit
import IssuerEngine
import IssuerStore
import VerifiableCredentials

/// Credentials: issue (`POST /v1/credentials`: build and sign the VC, seal the pair once, store, queue the
/// write), read (`GET /v1/credentials/{id}`, `GET /v1/credentials?userId=&status=`), edit the public notes
/// (`PATCH`) and revoke (`POST …/revoke`).
struct CredentialController {
    let services: APIServices

    func register(on router: Router<IssuerRequestContext>) {
        router.post("/v1/credentials") { request, context in try await issue(request, context) }
        router.get("/v1/credentials") { request, context in try await list(request, context) }
        router.get("/v1/credentials/:id") { request, context in try await show(request, context) }
        router.patch("/v1/credentials/:id") { request, context in try await edit(request, context) }
        router.post("/v1/credentials/:id/revoke") { request, context in try await revoke(request, context) }
    }

    // MARK: Issue

    func issue(_ request: Request, _ context: IssuerRequestContext) async throws -> Response {
        let caller = try context.require(scope: "issue")
        let body = try await request.bytes(limit: services.configuration.http.maxBodyBytes)
        var input = try JSONInput(body)
        let userID = input.uuid("userId")
        var grantInput = input.nested("writeGrant", required: false)
        let grantID = grantInput?.uuid("id")
        let grantSignature = grantInput?.string("signature", maxLength: 4096)
        grantInput?.rejectUnknownFields()
        if let grantInput { input.absorb(grantInput) }
        let notesGiven = input.object("publicNotes", required: false)
        var credentialInput = input.nested("credential")
        _ = credentialInput?.object("fields")
        _ = credentialInput?.object("subject")
        credentialInput?.rejectUnknownFields()
        if let credentialInput { input.absorb(credentialInput) }
        let consumerKey = input.encryptionKey("consumerEncryptionPublicKey", required: false)
        input.rejectUnknownFields()
        try input.check()
        guard let userID else { throw Problem.validation(input.errors) }
        if notesGiven != nil, let forbidden = notesGiven?.keys.first(where: { $0.utf8.count > 128 }) {
            throw Problem.validation([.init(field: "publicNotes.\(forbidden.prefix(32))", reason: "keys must be at most 128 bytes")])
        }

        // The VC: the SDK's fields/subject validation, then Ed25519Signature2020 with <vcIssuer>/keys/N (the newest key).
        let ordered = try Self.orderedBody(body)
        guard case .object(let credentialObject)? = ordered["credential"], case .object(let fields)? = credentialObject["fields"],
              case .object(let subject)? = credentialObject["subject"] else { throw Problem.badRequest("credential.fields and credential.subject are required") }
        let key = services.vcKeys.signingKey()
        let signed: JSONObject
        do {
            let unsigned = CredentialBuilder.withIssuanceDate(try CredentialBuilder.build(fields: fields, subject: subject, issuer: key.controller))
            signed = try Ed25519Signature2020().sign(unsigned, key: key)
        } catch let error as CredentialValidationError {
            throw Problem.validation(error.issues.map { .init(field: "credential." + Self.apiPath($0.path), reason: $0.reason) })
        } catch {
            throw Problem.validation([.init(field: "credential", reason: "cannot be signed as a verifiable credential: \(error)")])
        }
        let plaintext = Array(JSONSerializer.serialize(.object(signed)).utf8)
        var level: String?
        if case .string(let l)? = fields["level"] { level = l }
        let notesID = UUID()
        let notes = try Self.publicNotes(ordered["publicNotes"], id: notesID, level: level, issuer: services.configuration.issuerName)

        return try await services.mutation.run(request, context: context, caller: caller, body: body) { session in
            let user = try await services.user(userID, of: caller, in: session)
            if user.status == .failed { throw Problem.conflict("user-failed", "the user could not be created on the node") }
            var delivery = IssuanceService.Delivery.inserter
            if let grantID, let grantSignature {
                delivery = try await checkedGrant(grantID, signature: grantSignature, user: user, caller: caller, session: session)
            }
            let record: CredentialRecord
            do {
                record = try await services.issuance.issueCredential(
                    providerID: caller.providerID, user: user, plaintext: plaintext, publicNotes: notes, publicNotesID: notesID, level: level,
                    delivery: delivery, consumerKey: consumerKey, vcKeyVersion: services.vcKeys.current, requestID: context.requestID,
                    in: session)
            } catch IssuanceError.writeGrantUsed {
                throw Problem.conflict("write-grant-used", "this write grant was already used for another credential")
            }
            return (.accepted, ["id": APIJSON.id(record.id), "userId": APIJSON.id(user.id), "publicNotesId": APIJSON.id(notesID),
                                "contentHash": record.contentHash, "status": record.status.rawValue])
        }
    }

    /// The write grant, checked: this user's, unused, still valid long enough, signed by its owner wallet.
    private func checkedGrant(_ id: UUID, signature: String, user: UserRecord, caller: APICaller, session: StoreSession) async throws
        -> IssuanceService.Delivery {
        guard let grant = try await session.writeGrant(id: id), grant.providerID == caller.providerID, grant.userID == user.id else {
            throw Problem.validation([.init(field: "writeGrant.id", reason: "is not a write grant of this user")])
        }
        if grant.credentialID != nil { throw Problem.conflict("write-grant-used", "this write grant was already used for another credential") }
        if grant.notUsableAfterAt.timeIntervalSinceNow < services.writeGrantMargin {
            throw Problem.gone("write-grant-expired", "this write grant ends at \(grant.notUsableAfter); create a new one")
        }
        let wallets = try await session.wallets(userID: user.id)
        guard let owner = wallets.first(where: { $0.isIdentified(by: grant.ownerWalletIdentifier) }),
              let ownerType = WalletType(rawValue: owner.walletType) else {
            throw Problem.validation([.init(field: "writeGrant.id", reason: "its owner wallet is not one of the user's")])
        }
        let signed = SignedDelegatedWriteGrant(grant: DelegatedWriteGrant(
            ownerWalletIdentifier: grant.ownerWalletIdentifier, granteeWalletIdentifier: grant.granteeWalletIdentifier,
            issuerPublicKey: grant.issuerPublicKey, id: grant.id, accessGrantTimelock: grant.accessGrantTimelock,
            notUsableBefore: grant.notUsableBefore, notUsableAfter: grant.notUsableAfter), signature: signature)
        do {
            _ = try signed.verifyOwnerSignature(ownerWalletType: ownerType, ownerAddress: owner.address, ownerPublicKey: owner.publicKey,
                                               message: grant.message)
        } catch {
            if error.isMalformed { throw Problem.validation([.init(field: "writeGrant.signature", reason: error.description)]) }
            throw Problem(.unprocessableContent, "write-grant-signature-rejected", title: "Write grant signature rejected",
                          detail: "the signature is not the owner wallet's over the grant's message: \(error)")
        }
        return .writeGrant(grantID: grant.id, signature: signature, notUsableAfter: grant.notUsableAfterAt)
    }

    /// The request body as an ordered JSON object (the VC keeps the caller's key order).
    static func orderedBody(_ body: [UInt8]) throws -> JSONObject {
        guard case .object(let object)? = try? JSONParser.parse(body) else { throw Problem.badRequest("the body must be a JSON object", "malformed-json") }
        return object
    }

    /// `credentialSubject.x` → `subject.x`, `x` → `fields.x` (the API's names for the builder's paths).
    static func apiPath(_ path: String) -> String {
        if path.hasPrefix("credentialSubject.") { return "subject." + path.dropFirst("credentialSubject.".count) }
        if path == "credentialSubject" { return "subject" }
        return "fields." + path
    }

    /// The public notes text: the caller's object (or the default `{"id","type","level","status","issuer"}`),
    /// with `id` always the service's.
    static func publicNotes(_ given: JSONValue?, id: UUID, level: String?, issuer: String) throws -> String {
        var notes = JSONObject()
        notes["id"] = .string(APIJSON.id(id))
        if case .object(let object)? = given {
            for (key, value) in object.members where key != "id" { notes[key] = value }
        } else {
            notes["type"] = .string("KYC DATA")
            notes["level"] = level.map(JSONValue.string) ?? .null
            notes["status"] = .string("approved")
            notes["issuer"] = .string(issuer)
        }
        return JSONSerializer.serialize(.object(notes))
    }

    // MARK: Read

    func show(_ request: Request, _ context: IssuerRequestContext) async throws -> Response {
        let caller = try context.require(scope: "read")
        let (credential, _) = try await services.credential(try context.uuidParameter("id"), of: caller)
        return APIJSON.response(.ok, try await view(credential, withDelivery: true))
    }

    func view(_ c: CredentialRecord, withDelivery: Bool) async throws -> [String: Any] {
        var out: [String: Any] = [
            "id": APIJSON.id(c.id), "userId": APIJSON.id(c.userID), "status": c.status.rawValue, "publicNotes": APIJSON.parse(c.publicNotes) ?? c.publicNotes,
            "publicNotesId": APIJSON.id(c.publicNotesID), "contentHash": c.contentHash, "nodeCredentialId": APIJSON.id(c.nodeOriginalID),
            "nodeCopyId": c.nodeCopyID.map(APIJSON.id) ?? NSNull(), "level": c.level ?? NSNull(), "createdAt": APIJSON.timestamp(c.createdAt),
            "deliveryMethod": c.delivery == .dwg ? "write_grant" : "inserter",
            "verificationMethod": services.vcKeys.keyID(c.vcKeyVersion),
            "campaignId": c.campaignID.map(APIJSON.id) ?? NSNull(), "replacesCredentialId": c.replacesCredentialID.map(APIJSON.id) ?? NSNull(),
        ]
        guard withDelivery else { return out }
        let session = services.store.session
        let job = try await session.job(uniqueKey: "deliver_credential:\(APIJSON.id(c.id))")
        let tx = try await session.latestTransactions(intents: ["credential:\(APIJSON.id(c.id))"]).values.first
        out["delivery"] = [
            "attempts": job?.attempt ?? 0, "txHash": tx?.txHash ?? NSNull(),
            "lastError": (c.lastError ?? job?.errors.last?.error).map { $0 as Any } ?? (NSNull() as Any),
            "deliveredAt": c.deliveredAt.map(APIJSON.timestamp) ?? NSNull(),
        ] as [String: Any]
        return out
    }

    func list(_ request: Request, _ context: IssuerRequestContext) async throws -> Response {
        let caller = try context.require(scope: "read")
        let query = request.uri.queryParameters
        var errors: [Problem.FieldError] = []
        var userID: UUID?
        if let text = query["userId"].map(String.init) {
            userID = UUIDv4.parse(text)
            if userID == nil { errors.append(.init(field: "userId", reason: "must be a version-4 UUID")) }
        }
        let status = query["status"].map(String.init)
        if let status, CredentialRecord.Status(rawValue: status) == nil {
            errors.append(.init(field: "status", reason: "must be pending, delivered, revoked, needs_consent or failed"))
        }
        var limit = 50
        if let text = query["limit"].map(String.init) {
            if let n = Int(text), (1...200).contains(n) { limit = n } else { errors.append(.init(field: "limit", reason: "must be an integer in 1…200")) }
        }
        var after: (Date, UUID)?
        if let cursor = query["cursor"].map(String.init) {
            after = Self.decodeCursor(cursor)
            if after == nil { errors.append(.init(field: "cursor", reason: "is not a cursor this API returned")) }
        }
        if !errors.isEmpty { throw Problem.validation(errors) }
        let page = try await services.store.session.listCredentials(providerID: caller.providerID, userID: userID, status: status, after: after,
                                                                    limit: limit + 1)
        var items: [[String: Any]] = []
        for c in page.prefix(limit) { items.append(try await view(c, withDelivery: false)) }
        let next = page.count > limit ? page[limit - 1] : nil
        let cursor: Any = next.map { Self.encodeCursor($0.createdAt, $0.id) } ?? NSNull()
        return APIJSON.response(.ok, ["items": items, "nextCursor": cursor])
    }

    /// The last item's creation time in whole microseconds since 1970 (PostgreSQL's precision) and its id.
    static func encodeCursor(_ date: Date, _ id: UUID) -> String {
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        return Data("\(micros)|\(APIJSON.id(id))".utf8).base64EncodedString()
    }

    static func decodeCursor(_ text: String) -> (Date, UUID)? {
        guard let data = Data(base64Encoded: text), let s = String(data: data, encoding: .utf8) else { return nil }
        let parts = s.split(separator: "|")
        guard parts.count == 2, let micros = Int64(parts[0]), let id = UUID(uuidString: String(parts[1])) else { return nil }
        return (Date(timeIntervalSince1970: Double(micros) / 1_000_000), id)
    }

    // MARK: Edit and revoke

    func edit(_ request: Request, _ context: IssuerRequestContext) async throws -> Response {
        let caller = try context.require(scope: "issue")
        let id = try context.uuidParameter("id")
        let body = try await request.bytes(limit: services.configuration.http.maxBodyBytes)
        var input = try JSONInput(body)
        _ = input.object("publicNotes")
        input.rejectUnknownFields()
        try input.check()
        let ordered = try Self.orderedBody(body)
        return try await services.mutation.run(request, context: context, caller: caller, body: body) { session in
            let (credential, _) = try await services.credential(id, of: caller, in: session)
            try Self.requireEditable(credential)
            let notes = try Self.publicNotes(ordered["publicNotes"], id: credential.publicNotesID, level: credential.level, issuer: services.configuration.issuerName)
            let version = try await services.issuance.editPublicNotes(credentialID: id, publicNotes: notes, requestID: context.requestID,
                                                                      actor: AuditActor.provider(caller.providerID), in: session)
            return (.accepted, ["id": APIJSON.id(id), "status": credential.status.rawValue, "publicNotes": APIJSON.parse(notes) ?? notes,
                                "notesVersion": version])
        }
    }

    func revoke(_ request: Request, _ context: IssuerRequestContext) async throws -> Response {
        let caller = try context.require(scope: "issue")
        let id = try context.uuidParameter("id")
        let body = try await request.bytes(limit: services.configuration.http.maxBodyBytes)
        var input = try JSONInput(body.isEmpty ? Array("{}".utf8) : body)
        _ = input.string("reason", required: false, maxLength: 1024)
        input.rejectUnknownFields()
        try input.check()
        return try await services.mutation.run(request, context: context, caller: caller, body: body) { session in
            let (credential, _) = try await services.credential(id, of: caller, in: session)
            try Self.requireEditable(credential)
            guard case .object(var notes)? = try? JSONParser.parse(Array(credential.publicNotes.utf8)) else {
                throw Problem.conflict("notes-unreadable", "the credential's public notes are not a JSON object")
            }
            notes["status"] = .string("revoked")
            let text = JSONSerializer.serialize(.object(notes))
            let version = try await services.issuance.editPublicNotes(credentialID: id, publicNotes: text, requestID: context.requestID,
                                                                      actor: AuditActor.provider(caller.providerID), action: .credentialRevoked,
                                                                      in: session)
            return (.accepted, ["id": APIJSON.id(id), "status": credential.status.rawValue, "publicNotes": APIJSON.parse(text) ?? text,
                                "notesVersion": version])
        }
    }

    static func requireEditable(_ credential: CredentialRecord) throws {
        if credential.status == .failed || credential.status == .needsConsent {
            throw Problem.conflict("credential-not-on-node", "the credential is \(credential.status.rawValue): it is not on the node, nothing to edit")
        }
    }
}
