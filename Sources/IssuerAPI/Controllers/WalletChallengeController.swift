import Logging
import IssuerEngine
import Foundation
import HTTPTypes
import Hummingbird
import IdosKit
import IssuerStore

/// `POST /v1/wallet-challenges`: a single-use message the user signs with her wallet. The address is stored in
/// its one canonical spelling; a wallet this provider already knows keeps its user's id.
struct WalletChallengeController {
    let services: APIServices

    func register(on router: Router<IssuerRequestContext>) {
        router.post("/v1/wallet-challenges") { request, context in try await create(request, context) }
    }

    func create(_ request: Request, _ context: IssuerRequestContext) async throws -> Response {
        let caller = try context.require(scope: "issue")
        let body = try await request.bytes(limit: services.configuration.http.maxBodyBytes)
        var input = try JSONInput(body)
        let type = input.enumeration("walletType", WalletType.self)
        let address = input.string("address", maxLength: 256)
        let publicKey = input.string("publicKey", required: false, maxLength: 512)
        input.rejectUnknownFields()
        var canonical: String?
        if let type, let address {
            do { canonical = try type.canonicalAddress(address) } catch { input.fail("address", "\(error)") }
        }
        try input.check()
        guard let type, let canonical else { throw Problem.validation(input.errors) }
        let now = Date()
        let expires = now.addingTimeInterval(services.configuration.limits.challengeTTL)
        return try await services.mutation.run(request, context: context, caller: caller, body: body) { session in
            let existing = try await session.wallet(providerID: caller.providerID, walletType: type.rawValue, address: canonical)
            let userID = existing?.userID ?? UUID()
            let id = UUID()
            let message = Self.message(issuer: services.configuration.issuerName, type: type, address: canonical, userID: userID, nonce: UUID(),
                                       issuedAt: now)
            try await session.insertChallenge(WalletChallengeRecord(id: id, providerID: caller.providerID, userID: userID, walletType: type.rawValue,
                                                                    address: canonical, publicKey: publicKey?.isEmpty == true ? nil : publicKey,
                                                                    message: message, expiresAt: expires))
            return (.created, ["id": APIJSON.id(id), "userId": APIJSON.id(userID), "message": message, "expiresAt": APIJSON.timestamp(expires)])
        }
    }

    /// The text the wallet signs: the issuer's name verbatim, the wallet, the user id and a single-use nonce.
    static func message(issuer: String, type: WalletType, address: String, userID: UUID, nonce: UUID, issuedAt: Date) -> String {
        """
        \(issuer) asks you to sign this message to prove that you own this wallet.

        Wallet: \(type.rawValue) \(address)
        User: \(APIJSON.id(userID))
        Nonce: \(APIJSON.id(nonce))
        Issued at: \(APIJSON.timestamp(issuedAt))
        """
    }
}
