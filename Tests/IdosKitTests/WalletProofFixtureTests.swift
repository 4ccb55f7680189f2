import Foundation
import IdosKit
import Testing
import TestSupport

extension WalletProofFixture.Proof {
    /// The fixture entry as the library's proof.
    var proof: WalletProof {
        get throws { WalletProof(type: try WalletType(parsing: walletType), address: address, publicKey: publicKey, message: message, signature: signature) }
    }
}

@Suite struct WalletProofFixtureTests {
    @Test func fixtureIsComplete() {
        let fixture = WalletProofFixture.shared
        #expect(fixture.libraries.keys.sorted() == ["stellar-sdk", "xrpl-py"], "\(WalletProofFixture.path.path) unreadable?")
        #expect(Set(fixture.proofs.compactMap(\.scheme)) == ["xrpl-ed25519", "xrpl-secp256k1", "stellar-raw", "stellar-sep53"])
        #expect(Set(fixture.tampered.compactMap(\.expectedError)) == ["signatureMismatch", "addressMismatch"])
        #expect(fixture.addressSpellings.contains { !$0.valid && $0.walletType == "Stellar" })
        #expect(fixture.addressSpellings.contains { !$0.valid && $0.walletType == "XRPL" })
    }

    @Test(arguments: WalletProofFixture.shared.proofs)
    func libraryProofVerifies(_ entry: WalletProofFixture.Proof) throws {
        let verdict = try entry.proof.verify()
        #expect(verdict.scheme == entry.scheme)
        #expect(verdict.canonicalAddress == entry.canonicalAddress)
        #expect(verdict.address == entry.address)
        #expect(verdict.addressBoundToKey)
        #expect(try WalletType(parsing: entry.walletType).canonicalAddress(entry.address) == entry.canonicalAddress)
    }

    @Test(arguments: WalletProofFixture.shared.tampered)
    func tamperedCopyFailsWithTheSpecificError(_ entry: WalletProofFixture.Proof) throws {
        let proof = try entry.proof
        switch entry.expectedError {
        case "addressMismatch":
            let derived = try #require(entry.derivedAddress)
            #expect(throws: WalletProofError.addressMismatch(claimed: entry.address, derived: derived)) { try proof.verify() }
        case "signatureMismatch":
            #expect {
                try proof.verify()
            } throws: { error in
                guard case .signatureMismatch(let reason) = error as? WalletProofError else { return false }
                // xrpl-py accepts the high-S twin (libraryVerifies); the node's ripple-keypairs does not.
                return entry.libraryVerifies == true ? reason.contains("low-S") : true
            }
        default:
            Issue.record("unknown expectedError \(entry.expectedError ?? "nil") in \(entry.name)")
        }
    }

    @Test(arguments: WalletProofFixture.shared.addressSpellings)
    func addressSpellingIsJudgedAsTheLibraryJudgesIt(_ spelling: WalletProofFixture.Spelling) throws {
        let type = try WalletType(parsing: spelling.walletType)
        if spelling.valid {
            #expect(try type.canonicalAddress(spelling.address) == spelling.canonicalAddress)
        } else {
            #expect {
                try type.canonicalAddress(spelling.address)
            } throws: { error in
                guard let error = error as? WalletProofError, case .badEncoding(field: "address", _) = error else { return false }
                return error.isMalformed
            }
        }
    }

    /// The bug this guards against: a Stellar address with one extra character decoded to the same key,
    /// so one wallet could be stored under two spellings. A proof naming such a spelling is malformed.
    @Test func proofUnderANonCanonicalStellarSpellingIsMalformed() throws {
        let fixture = WalletProofFixture.shared
        let proof = try #require(fixture.proofs.first { $0.scheme == "stellar-raw" })
        let spelling = try #require(fixture.addressSpellings.first { $0.why == "one trailing character 'A'" })
        #expect(spelling.address.hasPrefix(proof.address))
        let twin = WalletProof(type: .stellar, address: spelling.address, publicKey: proof.publicKey, message: proof.message,
                               signature: proof.signature)
        #expect(throws: WalletProofError.badEncoding(field: "address",
                                                     reason: "invalid Stellar StrKey: an account id (G…) is exactly 56 characters, got 57")) {
            try twin.verify()
        }
    }
}
