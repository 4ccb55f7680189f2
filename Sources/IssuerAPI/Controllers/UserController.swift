import Logging
import IssuerEngine
import Foundation
import HTTPTypes
import Hummingbird
import IdosCrypto
import IdosKit
import IssuerStore

/// `POST /v1/users` (prove the wallet, store the user and queue her node writes), `GET /v1/users/{id}`, and
/// `PUT /v1/users/{id}/encryption-key` (rotate her key: node write queued, undelivered credentials re-sealed).
struct UserController {
    let services: APIServices

    func register(on router: Router<IssuerRequestContext>) {
        router.post("/v1/users") { request, context in try await create(request, context) }
        router.get("/v1/users/:id") { request, context in try await show(request, context) }
        router.put("/v1/users/:id/encryption-key") { request, context in try await rotateKey(request, context) }
    }

    func create(_ request: Request, _ context: IssuerRequestContext) async throws -> Response {
        let caller = try context.require(scope: "issue")
        let body = try await request.bytes(limit: services.configuration.http.maxBodyBytes)
        var input = try JSONInput(body)
        let challengeID = input.uuid("challengeId")
        let signature = input.string("signature", maxLength: 4096)
        let publicKey = input.string("publicKey", required: false, maxLength: 512)
        let recipientKey = input.encryptionKey("recipientEncryptionPublicKey")
        let store = input.enumeration("encryptionPasswordStore", EncryptionPasswordStore.self)
        input.rejectUnknownFields()
        try input.check()
        guard let challengeID, let signature, let recipientKey, let store else { throw Problem.validation(input.errors) }
        return try await services.mutation.run(request, context: context, caller: caller, body: body) { session in
            guard let (challenge, alreadyUsed) = try await session.useChallenge(id: challengeID, providerID: caller.providerID) else {
                throw Problem.notFound("no wallet challenge \(APIJSON.id(challengeID))")
            }
            if alreadyUsed { throw Problem.conflict("challenge-used", "this wallet challenge was already used; ask for a new one") }
            if challenge.expiresAt < Date() { throw Problem.gone("challenge-expired", "this wallet challenge expired at \(APIJSON.timestamp(challenge.expiresAt))") }
            guard let type = WalletType(rawValue: challenge.walletType) else { throw Problem.badRequest("the challenge's wallet type is unknown") }
            let proof = WalletProof(type: type, address: challenge.address, publicKey: publicKey ?? challenge.publicKey, message: challenge.message,
                                    signature: signature)
            let verdict: WalletProofVerdict
            do { verdict = try proof.verify() } catch let error as WalletProofError {
                if error.isMalformed { throw Problem.validation([.init(field: Self.field(of: error), reason: error.description)]) }
                throw Problem(.unprocessableContent, "wallet-proof-rejected", title: "Wallet proof rejected", detail: error.description)
            }
            if !verdict.addressBoundToKey { try await checkNamedNEARAccount(challenge.address, publicKey: proof.publicKey) }
            if let existing = try await session.wallet(providerID: caller.providerID, walletType: type.rawValue, address: challenge.address) {
                throw Problem.conflict("wallet-already-registered",
                                       "this wallet already belongs to user \(APIJSON.id(existing.userID)); use GET /v1/users/\(APIJSON.id(existing.userID))")
            }
            let user = UserRecord(id: challenge.userID, providerID: caller.providerID, recipientEncryptionPublicKey: Base64.encode(recipientKey),
                                  encryptionPasswordStore: store.rawValue)
            let wallet = WalletRecord(id: UUID(), userID: user.id, providerID: caller.providerID, walletType: type.rawValue, address: challenge.address,
                                      publicKey: Self.storedPublicKey(type: type, address: challenge.address, given: proof.publicKey),
                                      message: challenge.message, signature: signature)
            do {
                try await services.issuance.createUser(user, wallet: wallet, requestID: context.requestID, in: session)
            } catch StoreError.uniqueViolation {
                throw Problem.conflict("user-exists", "user \(APIJSON.id(user.id)) already exists")
            }
            return (.accepted, ["id": APIJSON.id(user.id), "status": "pending",
                                "wallets": [["id": APIJSON.id(wallet.id), "walletType": wallet.walletType, "address": wallet.address]]])
        }
    }

    /// The key the node stores with the wallet: the one given, or for FaceSign (whose address is its public
    /// key) the address, so that the node can check the wallet's later signatures.
    static func storedPublicKey(type: WalletType, address: String, given: String?) -> String? {
        if let given, !given.isEmpty { return given }
        return type == .faceSign ? address : nil
    }

    private func checkNamedNEARAccount(_ account: String, publicKey: String?) async throws {
        guard let near = services.nearAccessKeys else {
            throw Problem(.unprocessableContent, "near-named-account", title: "Key not provably bound to the account",
                          detail: "\(account) is a named NEAR account: only a NEAR RPC can list its keys, and none is configured (ISSUER_NEAR_RPC_URL)")
        }
        switch await near.check(account: account, publicKey: publicKey ?? "") {
        case .fullAccess: return
        case .notFullAccess(let why):
            throw Problem(.unprocessableContent, "near-key-not-full-access", title: "Key not bound to the account",
                          detail: "the key is not a full-access key of \(account) (\(why))")
        case .unavailable(let why): throw Problem.unavailable("cannot check the NEAR account's keys: \(why)")
        }
    }

    static func field(of error: WalletProofError) -> String {
        switch error {
        case .missingPublicKey: "publicKey"
        case .badEncoding(let field, _), .wrongLength(let field, _, _):
            field.lowercased().contains("public") ? "publicKey" : field.lowercased().contains("address") ? "address" : "signature"
        default: "signature"
        }
    }

    func show(_ request: Request, _ context: IssuerRequestContext) async throws -> Response {
        let caller = try context.require(scope: "read")
        let user = try await services.user(try context.uuidParameter("id"), of: caller)
        return APIJSON.response(.ok, try await Self.view(user, session: services.store.session))
    }

    static func view(_ user: UserRecord, session: StoreSession) async throws -> [String: Any] {
        let wallets = try await session.wallets(userID: user.id)
        let credentials = try await session.credentialIDs(userID: user.id)
        return ["id": APIJSON.id(user.id), "status": user.status.rawValue, "recipientEncryptionPublicKey": user.recipientEncryptionPublicKey,
                "encryptionPasswordStore": user.encryptionPasswordStore, "createdAt": APIJSON.timestamp(user.createdAt),
                "wallets": wallets.map { ["id": APIJSON.id($0.id), "walletType": $0.walletType, "address": $0.address] },
                "credentials": credentials.map(APIJSON.id)]
    }

    func rotateKey(_ request: Request, _ context: IssuerRequestContext) async throws -> Response {
        let caller = try context.require(scope: "issue")
        let id = try context.uuidParameter("id")
        let body = try await request.bytes(limit: services.configuration.http.maxBodyBytes)
        var input = try JSONInput(body)
        let recipientKey = input.encryptionKey("recipientEncryptionPublicKey")
        let store = input.enumeration("encryptionPasswordStore", EncryptionPasswordStore.self)
        input.rejectUnknownFields()
        try input.check()
        guard let recipientKey, let store else { throw Problem.validation(input.errors) }
        return try await services.mutation.run(request, context: context, caller: caller, body: body) { session in
            _ = try await services.user(id, of: caller, in: session)
            let resealed = try await services.issuance.rotateUserKey(userID: id, recipientKey: recipientKey, passwordStore: store.rawValue,
                                                                     requestID: context.requestID,
                                                                     actor: AuditActor.provider(caller.providerID), in: session)
            guard let user = try await session.user(id: id) else { throw Problem.notFound("no user \(APIJSON.id(id))") }
            var view = try await Self.view(user, session: session)
            view["resealedCredentials"] = resealed
            return (.accepted, view)
        }
    }
}
