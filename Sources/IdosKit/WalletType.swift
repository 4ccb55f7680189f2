/// The wallet types the idOS schema accepts (`wallets.wallet_type`).
public enum WalletType: String, Sendable, CaseIterable, Codable {
    case evm = "EVM"
    case near = "NEAR"
    case xrpl = "XRPL"
    case stellar = "Stellar"
    case faceSign = "FaceSign"

    /// Parses the schema's spelling exactly (`EVM`, `NEAR`, `XRPL`, `Stellar`, `FaceSign`).
    /// - Throws: `WalletProofError.unsupportedType` for anything else.
    public init(parsing text: String) throws(WalletProofError) {
        guard let type = WalletType(rawValue: text) else { throw .unsupportedType(text) }
        self = type
    }
}
