import Logging
import IssuerEngine
import Foundation
import Hummingbird
import NIOCore
import IssuerStore

extension Request {
    /// The body, at most `limit` bytes (413 past it).
    func bytes(limit: Int) async throws -> [UInt8] {
        do {
            let buffer = try await body.collect(upTo: limit)
            return Array(buffer.readableBytesView)
        } catch is NIOTooManyBytesError {
            throw Problem(.contentTooLarge, "body-too-large", title: "Request body too large", detail: "the body exceeds \(limit) bytes")
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw Problem(.contentTooLarge, "body-too-large", title: "Request body too large", detail: "the body exceeds \(limit) bytes")
        }
    }
}

extension IssuerRequestContext {
    /// A path parameter that must be a version-4 UUID (400 otherwise).
    func uuidParameter(_ name: String) throws -> UUID {
        guard let text = parameters.get(name), let id = UUIDv4.parse(text) else {
            throw Problem.validation([.init(field: name, reason: "must be a version-4 UUID")])
        }
        return id
    }
}

extension APIServices {
    /// The caller's user, or 404 (another provider's user is not found either).
    func user(_ id: UUID, of caller: APICaller, in session: StoreSession? = nil) async throws -> UserRecord {
        guard let user = try await (session ?? store.session).user(id: id), user.providerID == caller.providerID else {
            throw Problem.notFound("no user \(APIJSON.id(id))")
        }
        return user
    }

    /// The caller's credential, or 404.
    func credential(_ id: UUID, of caller: APICaller, in session: StoreSession? = nil) async throws -> (CredentialRecord, Int) {
        guard let found = try await (session ?? store.session).credentialWithNotesVersion(id: id), found.credential.providerID == caller.providerID else {
            throw Problem.notFound("no credential \(APIJSON.id(id))")
        }
        return found
    }
}

extension WalletRecord {
    /// The wallet's idOS identifier, as the node matches `@caller` and a DWG owner against it
    /// (idos-issuer.md §3.2): the address for EVM (any case), XRPL and Stellar; the public key for NEAR and FaceSign.
    var idosIdentifier: String {
        switch walletType {
        case "NEAR", "FaceSign": publicKey ?? address
        default: address
        }
    }

    /// Whether `identifier` names this wallet, by the node's rule.
    func isIdentified(by identifier: String) -> Bool {
        walletType == "EVM" ? address.lowercased() == identifier.lowercased() : idosIdentifier == identifier
    }
}
