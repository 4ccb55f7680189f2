public import Foundation
public import Testing

/// `Tests/IdosKitTests/Fixtures/wallet_proofs.json`: XRPL (ed25519 and secp256k1 keys) and Stellar (raw and SEP-53) proofs
/// made by xrpl-py and stellar-sdk with `Fixtures/generate_wallet_proofs.py`, tampered copies that the
/// libraries refuse, and address spellings the libraries judged. Nothing here was produced by our code.
public struct WalletProofFixture: Decodable, Sendable {
    public struct Proof: Decodable, Sendable, CustomTestStringConvertible {
        public let name: String
        public let walletType: String
        public let address: String
        public let publicKey: String?
        public let message: String
        public let signature: String
        public let scheme: String?
        public let canonicalAddress: String?
        public let expectedError: String?
        public let derivedAddress: String?
        public let libraryVerifies: Bool?
        public var testDescription: String { name }
    }

    public struct Spelling: Decodable, Sendable, CustomTestStringConvertible {
        public let walletType: String
        public let address: String
        public let valid: Bool
        public let why: String
        public let canonicalAddress: String?
        public var testDescription: String { "\(walletType): \(why)" }
    }

    public let libraries: [String: String]
    public let proofs: [Proof]
    public let tampered: [Proof]
    public let addressSpellings: [Spelling]

    public static let path = TestEnvironment.repositoryRoot.appendingPathComponent("Tests/IdosKitTests/Fixtures/wallet_proofs.json")

    /// The fixture, or an empty one if it cannot be read (then `fixtureIsComplete` fails).
    public static let shared: WalletProofFixture = {
        guard let data = FileManager.default.contents(atPath: path.path),
              let fixture = try? JSONDecoder().decode(WalletProofFixture.self, from: data)
        else { return WalletProofFixture(libraries: [:], proofs: [], tampered: [], addressSpellings: []) }
        return fixture
    }()
}
