import Foundation
import HTTPTypes
import IdosCrypto
import IssuerAPI
import IssuerTestSupport
import TestSupport
import Testing

/// Every validation rule: a 4xx problem naming the field, never a 5xx.
struct BadInputCase: Sendable, CustomStringConvertible {
    let name: String
    let method: String
    let path: String
    let body: String?
    let status: Int
    let field: String?
    var description: String { name }
}

let badInputValidKey = Base64.encode(SealedBox.KeyPair.generate().publicKey)
let badInputUUID = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "-")

let badInputCases: [BadInputCase] = [
    BadInputCase(name: "not JSON", method: "POST", path: "/v1/wallet-challenges", body: "{not json", status: 400, field: nil),
    BadInputCase(name: "JSON array", method: "POST", path: "/v1/wallet-challenges", body: "[]", status: 400, field: nil),
    BadInputCase(name: "empty body", method: "POST", path: "/v1/wallet-challenges", body: nil, status: 400, field: nil),
    BadInputCase(name: "unknown wallet type", method: "POST", path: "/v1/wallet-challenges", body: #"{"walletType":"BTC","address":"x"}"#, status: 400,
         field: "walletType"),
    BadInputCase(name: "missing address", method: "POST", path: "/v1/wallet-challenges", body: #"{"walletType":"EVM"}"#, status: 400, field: "address"),
    BadInputCase(name: "address wrong type", method: "POST", path: "/v1/wallet-challenges", body: #"{"walletType":"EVM","address":42}"#, status: 400,
         field: "address"),
    BadInputCase(name: "unknown field", method: "POST", path: "/v1/wallet-challenges",
         body: #"{"walletType":"EVM","address":"0x2c7536e3605d9c16a7a3d7b1898e529396a65c23","extra":1}"#, status: 400, field: "extra"),
    BadInputCase(name: "bad EIP-55 checksum", method: "POST", path: "/v1/wallet-challenges",
         body: #"{"walletType":"EVM","address":"0x2c7536E3605D9C16a7a3D7b1898e529396a65c24"}"#, status: 400, field: "address"),
    BadInputCase(name: "Stellar address with an extra character", method: "POST", path: "/v1/wallet-challenges",
         body: #"{"walletType":"Stellar","address":"GCZJM35NKGVK47BB4SPBDV25477PZYIYPVVG453LPYFNXLS3FGHDXOCMA"}"#, status: 400, field: "address"),
    BadInputCase(name: "challenge id not a UUID", method: "POST", path: "/v1/users",
         body: #"{"challengeId":"abc","signature":"0x00","recipientEncryptionPublicKey":"\#(badInputValidKey)","encryptionPasswordStore":"user"}"#,
         status: 400, field: "challengeId"),
    BadInputCase(name: "key of the wrong size", method: "POST", path: "/v1/users",
         body: #"{"challengeId":"\#(badInputUUID)","signature":"0x00","recipientEncryptionPublicKey":"AAAA","encryptionPasswordStore":"user"}"#,
         status: 400, field: "recipientEncryptionPublicKey"),
    BadInputCase(name: "key not base64", method: "POST", path: "/v1/users",
         body: #"{"challengeId":"\#(badInputUUID)","signature":"0x00","recipientEncryptionPublicKey":"%%%","encryptionPasswordStore":"user"}"#,
         status: 400, field: "recipientEncryptionPublicKey"),
    BadInputCase(name: "password store unknown", method: "POST", path: "/v1/users",
         body: #"{"challengeId":"\#(badInputUUID)","signature":"0x00","recipientEncryptionPublicKey":"\#(badInputValidKey)","encryptionPasswordStore":"cloud"}"#,
         status: 400, field: "encryptionPasswordStore"),
    BadInputCase(name: "unknown challenge", method: "POST", path: "/v1/users",
         body: #"{"challengeId":"\#(badInputUUID)","signature":"0x00","recipientEncryptionPublicKey":"\#(badInputValidKey)","encryptionPasswordStore":"user"}"#,
         status: 404, field: nil),
    BadInputCase(name: "credential without credential", method: "POST", path: "/v1/credentials", body: #"{"userId":"\#(badInputUUID)"}"#, status: 400,
         field: "credential"),
    BadInputCase(name: "credential fields not an object", method: "POST", path: "/v1/credentials",
         body: #"{"userId":"\#(badInputUUID)","credential":{"fields":[],"subject":{}}}"#, status: 400, field: "credential.fields"),
    BadInputCase(name: "write grant without signature", method: "POST", path: "/v1/credentials",
         body: #"{"userId":"\#(badInputUUID)","writeGrant":{"id":"\#(badInputUUID)"},"credential":{"fields":{},"subject":{}}}"#, status: 400,
         field: "writeGrant.signature"),
    BadInputCase(name: "consumer key of the wrong size", method: "POST", path: "/v1/credentials",
         body: #"{"userId":"\#(badInputUUID)","credential":{"fields":{},"subject":{}},"consumerEncryptionPublicKey":"AAAA"}"#, status: 400,
         field: "consumerEncryptionPublicKey"),
    BadInputCase(name: "list with a bad status", method: "GET", path: "/v1/credentials?status=lost", body: nil, status: 400, field: "status"),
    BadInputCase(name: "list with a bad limit", method: "GET", path: "/v1/credentials?limit=0", body: nil, status: 400, field: "limit"),
    BadInputCase(name: "list with a forged cursor", method: "GET", path: "/v1/credentials?cursor=abc", body: nil, status: 400, field: "cursor"),
    BadInputCase(name: "unknown route", method: "GET", path: "/v1/nothing", body: nil, status: 404, field: nil),
    BadInputCase(name: "oversized body", method: "POST", path: "/v1/wallet-challenges",
         body: #"{"walletType":"EVM","address":"\#(String(repeating: "a", count: 70_000))"}"#, status: 413, field: nil),
]


@Suite(.requiresPostgres)
struct BadInputTests {
    /// One world for the whole table (each case is a single request).
    @Test func everyRuleIsRefusedWithAReasonNamingTheField() async throws {
        try await APIWorld.with { api in
            for c in badInputCases {
                let answer = try await api.call(HTTPRequest.Method(c.method)!, c.path, raw: c.body)
                #expect(answer.status == c.status, "\(c.name): \(String(decoding: answer.body, as: UTF8.self))")
                #expect(answer.headers[.contentType] == "application/problem+json", "\(c.name)")
                #expect(answer.json["status"] as? Int == c.status, "\(c.name)")
                #expect((answer.json["detail"] as? String)?.isEmpty == false, "\(c.name)")
                if let field = c.field { #expect(answer.fieldErrors.contains(field), "\(c.name): \(answer.fieldErrors)") }
            }
        }
    }

    @Test func aKnownPathWithAnotherMethodIs405WithAllow() async throws {
        try await APIWorld.with { api in
            let put = try await api.call(.put, "/v1/wallet-challenges", json: [String: Any]())
            #expect(put.status == 405)
            #expect(put.problemType == "method-not-allowed")
            #expect(put.headers[.allow] == "POST")
            let delete = try await api.call(.delete, "/v1/users/\(UUID().uuidString.lowercased())")
            #expect(delete.status == 405)
            #expect(delete.headers[.allow] == "GET")
            let credential = try await api.call(.delete, "/v1/credentials/\(UUID().uuidString.lowercased())")
            #expect(credential.headers[.allow] == "GET, PATCH")
            #expect(try await api.call(.get, "/v1/nothing-here").status == 404)
            #expect(try await api.call(.delete, "/v1/users/x/y/z").status == 404)
        }
    }
}
