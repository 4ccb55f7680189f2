import IdosCrypto

extension WalletType {
    /// The one spelling under which a wallet address of this type is stored, so that no wallet can be
    /// stored twice under two spellings. Checks the address's encoding only (not who owns it):
    ///
    /// | type | accepted | canonical |
    /// |---|---|---|
    /// | EVM | `0x` + 40 hex digits; a mixed-case address must pass its EIP-55 checksum | `0x` + lower-case hex |
    /// | NEAR | an implicit account (64 hex digits) or a named account (NEAR's account-id rules) | lower case |
    /// | XRPL | a classic `r…` address: base58check, type byte 0, 20-byte account id | as given |
    /// | Stellar | a `G…` StrKey of exactly 56 characters, checksum valid | as given (the 56-character StrKey) |
    /// | FaceSign | the Ed25519 public key as 64 hex digits, no prefix | lower-case hex |
    ///
    /// - Throws: `WalletProofError.badEncoding` (or `.wrongLength`) with field `address` for anything
    ///   else: wrong length, trailing characters, non-zero unused bits, a bad checksum. All are malformed input.
    public func canonicalAddress(_ address: String) throws(WalletProofError) -> String {
        switch self {
        case .evm: EthereumAddress.canonical(try Self.evmAddress(address))
        case .near: try Self.nearAccount(address)
        case .xrpl: try Self.xrplAddress(address)
        case .stellar: StrKey.encodeAccountId(try Self.stellarKey(address))
        case .faceSign: Hex.encode(try Self.faceSignKey(address))
        }
    }

    /// The 20 bytes of an EVM address (`0x` + 40 hex digits, EIP-55 checked when mixed case).
    static func evmAddress(_ address: String) throws(WalletProofError) -> [UInt8] {
        do { return try EthereumAddress.parse(address) } catch { throw .badEncoding(field: "address", reason: error.description) }
    }

    /// A NEAR account id, lower-cased and checked against NEAR's rules.
    static func nearAccount(_ address: String) throws(WalletProofError) -> String {
        do { return try NEARAccountId.canonical(address) } catch { throw .badEncoding(field: "address", reason: error.description) }
    }

    /// An XRPL classic address, checked (base58check, type byte, length) and returned as given.
    static func xrplAddress(_ address: String) throws(WalletProofError) -> String {
        do { _ = try XRPLAddress.decode(address) } catch { throw .badEncoding(field: "address", reason: error.description) }
        return address
    }

    /// The 32-byte key of a Stellar `G…` account id (exactly 56 characters).
    static func stellarKey(_ address: String) throws(WalletProofError) -> [UInt8] {
        do { return try StrKey.decodeAccountId(address) } catch { throw .badEncoding(field: "address", reason: error.description) }
    }

    /// The 32-byte key a FaceSign address spells: exactly 64 hex digits, either case, no `0x`
    /// (`@stablelib/hex`, which the node's check uses, refuses a prefix).
    static func faceSignKey(_ address: String) throws(WalletProofError) -> [UInt8] {
        let key: [UInt8]
        do { key = try Hex.decode(address) } catch {
            throw .badEncoding(field: "address (FaceSign public key hex)", reason: error.description)
        }
        guard key.count == 32 else { throw .wrongLength(field: "address (FaceSign public key)", expected: "32", actual: key.count) }
        return key
    }
}
