import Foundation
import IdosCrypto
import IdosKit
import KwilKit
import Testing

/// The builders reproduce the payload and tx vectors of idos-issuer.md §13.2/§13.4 and kwil-transport.md §11,
/// and refuse calls that do not fit the catalog.
@Suite struct IdosActionCallTests {
    static let issuerSeed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
    static let userId = UUID(uuidString: "9f51b3b2-4cbe-4c2b-8ea3-0b0c1b2f1a11")!

    /// §13.4: `add_user_as_inserter` signed by the issuer key, nonce 1, chain `idos-testnet`.
    @Test func createUserAsInserterReproducesTheSignedTxVector() throws {
        let call = try IdosActionCall.createUserAsInserter(id: Self.userId, recipientEncryptionPublicKey: "Y+kNWSnoYhlBrsDQ/01FTfoHQ5CeXyjDEHbQmNDGOjw=",
                                                           encryptionPasswordStore: .user)
        var tx = try call.transaction(nonce: 1, chainID: "idos-testnet")
        let payload = "AAAEAAAAbWFpbhQAAABhZGRfdXNlcl9hc19pbnNlcnRlcgEAAwAsAAAAAAAPAAAAAAAAAAAEdXVpZAAAAAAAAQARAAAAAZ9Rs7JMvkwrjqMLDBsvGhFIAAAAAAAPAAAAAAAAAAAEdGV4dAAAAAAAAQAtAAAAAVkra05XU25vWWhsQnJzRFEvMDFGVGZvSFE1Q2VYeWpERUhiUW1OREdPanc9IAAAAAAADwAAAAAAAAAABHRleHQAAAAAAAEABQAAAAF1c2Vy"
        #expect(Base64.encode(tx.payload) == payload)
        #expect(tx.signedMessage == "Add a user to idOS\n\nPayloadType: execute\nPayloadDigest: 58b4b0f91e886ceafc14abad8f43140e2ee4e814\nFee: 0\nNonce: 1\n\nKwil Chain ID: idos-testnet\n")
        try tx.sign(with: Ed25519Signer(secretKey: Hex.decode(Self.issuerSeed)))
        let sig = "oyjwdgywYz3Ci3mC3cA1abo5DRzT/BTVRASdxpwgud8unpX8WTxPTsQP/v7O9PB54vyhRWfu9vJszErJZQ64CQ=="
        #expect(Base64.encode(tx.signature) == sig)
        #expect(tx.json() == #"{"signature":{"sig":"\#(sig)","type":"ed25519"},"body":{"desc":"Add a user to idOS","payload":"\#(payload)","type":"execute","fee":"0","nonce":1,"chain_id":"idos-testnet"},"sender":"d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a","serialization":"concat"}"#)
    }

    /// §13.4: the `get_user_as_inserter` call payload.
    @Test func getUserAsInserterCallPayload() throws {
        let call = try IdosActionCall.getUserAsInserter(id: Self.userId).call()
        #expect(Base64.encode(try call.encoded())
                == "AAAEAAAAbWFpbhQAAABnZXRfdXNlcl9hc19pbnNlcnRlcgEALAAAAAAADwAAAAAAAAAABHV1aWQAAAAAAAEAEQAAAAGfUbOyTL5MK46jCwwbLxoR")
    }

    /// §13.2 / kwil-transport.md §11 A: `has_profile` and `get_credential_owned` call payloads.
    @Test func readPayloadsMatchTheKotlinSDKVectors() throws {
        let hasProfile = try IdosActionCall.hasProfile(address: "0x1234567890abcdef1234567890abcdef12345678").call()
        #expect(Base64.encode(try hasProfile.encoded())
                == "AAAEAAAAbWFpbgsAAABoYXNfcHJvZmlsZQEARgAAAAAADwAAAAAAAAAABHRleHQAAAAAAAEAKwAAAAEweDEyMzQ1Njc4OTBhYmNkZWYxMjM0NTY3ODkwYWJjZGVmMTIzNDU2Nzg=")
        let owned = try IdosActionCall.getCredentialOwned(id: UUID(uuidString: "550e8400-e29b-41d4-a716-446655440000")!).call()
        #expect(Base64.encode(try owned.encoded())
                == "AAAEAAAAbWFpbhQAAABnZXRfY3JlZGVudGlhbF9vd25lZAEALAAAAAAADwAAAAAAAAAABHV1aWQAAAAAAAEAEQAAAAFVDoQA4ptB1KcWRGZVRAAA")
    }

    /// kwil-transport.md §11 C: `revoke_access_grant` from the catalog, with the catalog's description, signed
    /// with ed25519 (the description is the SDK's, so the vector's tx hash comes out).
    @Test func revokeAccessGrantFromTheCatalogReproducesTheEd25519TxVector() throws {
        let call = try IdosActionCall(.revokeAccessGrant, [.uuid(UUID(uuidString: "550e8400-e29b-41d4-a716-446655440001")!)])
        var tx = try call.transaction(nonce: 1, chainID: "kwil-testnet")
        #expect(Base64.encode(tx.payload)
                == "AAAEAAAAbWFpbhMAAAByZXZva2VfYWNjZXNzX2dyYW50AQABACwAAAAAAA8AAAAAAAAAAAR1dWlkAAAAAAABABEAAAABVQ6EAOKbQdSnFkRmVUQAAQ==")
        try tx.sign(with: Ed25519Signer(secretKey: Hex.decode(Self.issuerSeed)))
        #expect(Base64.encode(tx.signature) == "0wmp55DYK66hFMALfY4WrUnDzXEA6tPOkJQ1IBWV4uKTL8lX7rglGa12HhzHk4X2aCyI2uqqxNIzwtLZoYBuBQ==")
        #expect(Hex.encode(tx.hash) == "fe0ef42510a18c3419f95fe18cadc250a8960b7f688855ee1ed681a65bf8eb60")
    }

    /// The 21 arguments in §3.4.10 order, from the §13.3 pair and a signed grant.
    @Test func createCredentialsByDWGPlacesThePairAndGrantInOrder() throws {
        let pair = try CredentialPairTests.vectorPair()
        let grant = DelegatedWriteGrant(ownerWalletIdentifier: "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23",
                                        granteeWalletIdentifier: "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
                                        issuerPublicKey: "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
                                        id: UUID(uuidString: "00000000-0000-4000-8000-000000000001")!, accessGrantTimelock: "1970-01-01T00:00:00Z",
                                        notUsableBefore: "2026-01-01T00:00:00Z", notUsableAfter: "2026-01-02T00:00:00Z")
        let call = try IdosActionCall.createCredentialsByDWG(pair: pair, grant: SignedDelegatedWriteGrant(grant: grant, signature: "0xsig"))
        #expect(call.action == .createCredentialsByDWG && call.arguments.count == 21)
        let named = Dictionary(uniqueKeysWithValues: zip(call.action.parameters.map(\.name), call.arguments))
        #expect(named["issuer_auth_public_key"] == .text("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"))
        #expect(named["original_encryptor_public_key"] == .text("5jZHj2c2C+2OoEA9qLd0kHQMYKS3glRnArtc9xcoQTc="))
        #expect(named["original_content"] == .text("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXCC11JbqSWxk8cLGgtco+Axf5eMKXCFdElQeY2XYLXm4="))
        #expect(named["original_public_notes"] == .text(CredentialPairTests.notes))
        #expect(named["original_public_notes_signature"]
                == .text("TcjfmgkocrxqndHJQb4HAAQINX0EJ6u/RyrSP+UDBJ2HSaR7hgIz/7ZQv+9hukrwofAe5qmRxfK3qpDBVt2fBQ=="))
        #expect(named["original_broader_signature"]
                == .text("SPf9gGPIqDZ69Mjx5hIxXw+2C4EpcvfCIADegn4cXowKSuKSHCxn8n8QzOFnj6cMUCO20aQ2U9Vc2og+gEhkBg=="))
        #expect(named["copy_encryptor_public_key"] == .text("4ygOpi8J3OqaxoAOBUURVy1pZu2eoBfR/xrAwyBEIGg="))
        #expect(named["copy_content"] == .text("GBkaGxwdHh8gISIjJCUmJygpKissLS4viER1MVUAMrv/GQVmqlFJf/nkffjbgyAxWtcYqLQ8+7E="))
        #expect(named["copy_public_notes_signature"]
                == .text("5VZDAMNgrHKQhuLMgG6CioSHfx645dl02HPgZSJJAVVfuIIVkKM7rMYeOXAc+bRr0lv18FlbviRlUUFDjnoQCw=="))
        #expect(named["copy_broader_signature"]
                == .text("hsNNr8nSFfjs1eJSWB6dNok2LEJ0JW9zvIDXh6jf1HaM9Odc+LQoKJx3Pj0scjlnmYc8KIOLiVbJtKqszahvDw=="))
        #expect(named["content_hash"] == .text("25721b86e5fc7951d23b483609dad0a8169443b46c20278f92171f0184f37322"))
        #expect(named["original_credential_id"] == .uuid(pair.originalId) && named["copy_credential_id"] == .uuid(pair.copyId))
        #expect(named["dwg_owner"] == .text("0x2c7536E3605D9C16a7a3D7b1898e529396a65c23"))
        #expect(named["dwg_id"] == .uuid(UUID(uuidString: "00000000-0000-4000-8000-000000000001")!))
        #expect(named["dwg_access_grant_timelock"] == .text("1970-01-01T00:00:00Z"))
        #expect(named["dwg_not_before"] == .text("2026-01-01T00:00:00Z") && named["dwg_not_after"] == .text("2026-01-02T00:00:00Z"))
        #expect(named["dwg_signature"] == .text("0xsig"))
        #expect(call.txDescription == IdosAction.createCredentialsByDWG.txDescription)
        #expect(throws: IdosActionError.wrongKind(action: "create_credentials_by_dwg", isView: false)) { try call.call() }
    }

    @Test func upsertCredentialKeepsTheTrailingSpaceAndWalletNullsAnEmptyEVMKey() throws {
        let pair = try CredentialPairTests.vectorPair()
        let upsert = try IdosActionCall.upsertCredentialAsInserter(id: pair.originalId, userId: Self.userId, credential: pair.original)
        let tx = try upsert.transaction(nonce: 7, chainID: "c")
        #expect(tx.signedMessage.hasPrefix("Add or update a credential in idOS on behalf of a user by permissioned profile creator (inserter) \n\n"))
        let proof = WalletProof(type: .evm, address: "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23", publicKey: "", message: "m", signature: "0x00")
        let wallet = try IdosActionCall.upsertWalletAsInserter(id: Self.userId, userId: Self.userId, proof: proof)
        #expect(wallet.arguments[3] == .null(.text), "the SDK sends NULL for an EVM wallet's absent public key")
        #expect(wallet.arguments[4] == .text("EVM"))
    }

    @Test func argumentsThatDoNotFitTheCatalogAreRefused() {
        #expect(throws: IdosActionError.arity(action: "get_user_as_inserter", expected: 1, got: 0)) {
            try IdosActionCall(.getUserAsInserter, [])
        }
        #expect(throws: IdosActionError.argumentType(action: "get_user_as_inserter", index: 1, parameter: "id", expected: "uuid", got: "text")) {
            try IdosActionCall(.getUserAsInserter, [.text("9f51b3b2-4cbe-4c2b-8ea3-0b0c1b2f1a11")])
        }
        #expect(throws: IdosActionError.missingArgument(action: "get_user_as_inserter", parameter: "id")) {
            try IdosActionCall(.getUserAsInserter, [.null(.uuid)])
        }
        #expect(throws: IdosActionError.argumentType(action: "action_costing_idos_token", index: 1, parameter: "amount",
                                                     expected: "numeric(78,0)", got: "int8")) {
            try IdosActionCall(.actionCostingIdosToken, [.int8(5)])
        }
        #expect(throws: IdosActionError.unknownAction("get_inserter")) { try IdosActionCall(named: "get_inserter", []) }
        #expect(throws: IdosActionError.wrongKind(action: "get_user_as_inserter", isView: true)) {
            try IdosActionCall.getUserAsInserter(id: Self.userId).execution()
        }
        #expect((try? IdosActionCall.getAccessGrantsGranted(userId: nil, page: 1, size: 10)) != nil, "user_id is optional")
    }
}
