import Foundation
import IdosCrypto
import IdosKit
import KwilKit
import Testing

/// The write grant: its timestamp form, the message fields, the `dwg_message` call, and the owner-signature
/// check (`idos.dwg_verify_owner`) for EVM and FaceSign owners with the idos-issuer.md §13.5 keys.
@Suite struct DelegatedWriteGrantTests {
    static let evmKey = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"
    static let evmAddress = "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23"
    static let issuerSeed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
    static let issuerHex = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"

    static func grant(owner: String = evmAddress) -> DelegatedWriteGrant {
        DelegatedWriteGrant(ownerWalletIdentifier: owner, granteeWalletIdentifier: issuerHex, issuerPublicKey: issuerHex,
                            id: UUID(uuidString: "6F4A9A36-1B2C-4D5E-8F90-123456789ABC")!,
                            accessGrantTimelock: Date(timeIntervalSince1970: 1_735_689_600),
                            notUsableBefore: Date(timeIntervalSince1970: 1_739_280_957.9), notUsableAfter: Date(timeIntervalSince1970: 1_739_367_357))
    }

    /// §4: `yyyy-mm-ddThh:mm:ssZ`, the SDK's `toISOString()` with the milliseconds stripped (values from `date -u`).
    @Test func timestampsAreUTCWholeSeconds() {
        let g = Self.grant()
        #expect(g.accessGrantTimelock == "2025-01-01T00:00:00Z")
        #expect(g.notUsableBefore == "2025-02-11T13:35:57Z", "fractions are dropped, not rounded")
        #expect(g.notUsableAfter == "2025-02-12T13:35:57Z")
        #expect(DelegatedWriteGrant.unixSeconds("2025-02-11T13:35:57Z") == 1_739_280_957)
        #expect(DelegatedWriteGrant.unixSeconds("2025-02-11T13:35:57.000Z") == nil)
        #expect(DelegatedWriteGrant.unixSeconds("2025-02-11 13:35:57Z") == nil)
        #expect(g.hasValidTimes)
        #expect(g.deadline == Date(timeIntervalSince1970: 1_739_367_357))
        var backwards = g
        backwards.notUsableAfter = g.notUsableBefore
        #expect(!backwards.hasValidTimes)
    }

    /// The devnode's wording (idos-issuer.md §4 lists the fields; the real text is not public): one
    /// `label: value` line per field in the documented order, the id in lower case.
    @Test func messageListsTheDocumentedFieldsInOrder() {
        #expect(Self.grant().message == """
            operation: delegatedWriteGrant
            owner: 0x2c7536E3605D9C16a7a3D7b1898e529396a65c23
            consumer: \(Self.issuerHex)
            issuer public key: \(Self.issuerHex)
            id: 6f4a9a36-1b2c-4d5e-8f90-123456789abc
            access grant timelock: 2025-01-01T00:00:00Z
            not usable before: 2025-02-11T13:35:57Z
            not usable after: 2025-02-12T13:35:57Z
            """)
    }

    @Test func messageCallCarriesTheSevenFieldsAsSigned() throws {
        let g = Self.grant()
        let call = try g.messageCall().call()
        #expect(call.action == "dwg_message")
        #expect(call.arguments == [.text(Self.evmAddress), .text(Self.issuerHex), .text(Self.issuerHex), .uuid(g.id),
                                   .text("2025-01-01T00:00:00Z"), .text("2025-02-11T13:35:57Z"), .text("2025-02-12T13:35:57Z")])
    }

    @Test func evmOwnerSignatureVerifiesAndAForgeryDoesNot() throws {
        let g = Self.grant()
        let key = try Secp256k1.PrivateKey(Hex.decode(Self.evmKey))
        #expect(EthereumAddress.checksummed(EthereumAddress.fromPublicKey(key.publicKey())) == Self.evmAddress)
        let signed = SignedDelegatedWriteGrant(grant: g, signature: "0x" + Hex.encode(EIP191.sign(Array(g.message.utf8), key: key)))
        let verdict = try signed.verifyOwnerSignature(ownerWalletType: .evm, ownerPublicKey: nil)
        #expect(verdict.walletType == .evm)
        #expect(signed.isSignedByOwner(ownerWalletType: .evm, ownerPublicKey: nil))
        var tampered = signed
        tampered.grant.notUsableAfter = "2030-01-01T00:00:00Z"
        #expect(!tampered.isSignedByOwner(ownerWalletType: .evm, ownerPublicKey: nil), "a changed field changes the signed text")
        let mallory = Secp256k1.PrivateKey.generate()
        let forged = SignedDelegatedWriteGrant(grant: g, signature: "0x" + Hex.encode(EIP191.sign(Array(g.message.utf8), key: mallory)))
        let mallorysAddress = EthereumAddress.checksummed(EthereumAddress.fromPublicKey(mallory.publicKey()))
        #expect(throws: WalletProofError.addressMismatch(claimed: Self.evmAddress, derived: mallorysAddress)) {
            try forged.verifyOwnerSignature(ownerWalletType: .evm, ownerPublicKey: nil)
        }
        #expect(!forged.isSignedByOwner(ownerWalletType: .evm, ownerPublicKey: nil))
    }

    @Test func faceSignOwnerSignatureVerifiesWithItsKeyAsIdentifier() throws {
        let g = Self.grant(owner: Self.issuerHex)
        let key = try Ed25519.PrivateKey(Hex.decode(Self.issuerSeed))
        let signed = SignedDelegatedWriteGrant(grant: g, signature: Hex.encode(key.sign(Array(g.message.utf8))))
        #expect(signed.isSignedByOwner(ownerWalletType: .faceSign, ownerPublicKey: Self.issuerHex))
        #expect(!signed.isSignedByOwner(ownerWalletType: .faceSign, ownerPublicKey: Self.issuerHex, message: g.message + " "),
                "the signature is over the exact text")
        #expect(!signed.isSignedByOwner(ownerWalletType: .evm, ownerPublicKey: nil), "the wallet type decides the scheme")
    }
}
