import IdosCrypto

/// A wallet-ownership proof as an issuer receives it (and as `upsert_wallet_as_inserter` takes it):
/// the wallet's address, its public key where the type needs one, the message shown to the user and
/// the wallet's signature. `verify()` re-does what the node's `idos.is_wallet_valid` does, so a bad
/// proof is refused with a precise reason before anything is queued.
public struct WalletProof: Sendable, Equatable {
    public var type: WalletType
    public var address: String
    public var publicKey: String?
    public var message: String
    public var signature: String

    public init(type: WalletType, address: String, publicKey: String? = nil, message: String, signature: String) {
        self.type = type
        self.address = address
        self.publicKey = publicKey?.isEmpty == true ? nil : publicKey
        self.message = message
        self.signature = signature
    }

    /// The recipient idOS front-ends put in NEAR NEP-413 proofs.
    public static let nearRecipient = "idos.network"

    /// Verifies the proof.
    /// - Returns: what was checked (scheme, signer), for logs and API answers.
    /// - Throws: `WalletProofError`, malformed input or a failed check.
    public func verify() throws(WalletProofError) -> WalletProofVerdict {
        switch type {
        case .evm: try verifyEVM()
        case .near: try verifyNEAR()
        case .xrpl: try verifyXRPL()
        case .stellar: try verifyStellar()
        case .faceSign: try verifyFaceSign()
        }
    }
}

/// What a successful verification established.
public struct WalletProofVerdict: Sendable, Equatable, Codable {
    /// The wallet type.
    public var walletType: WalletType
    /// The address as given.
    public var address: String
    /// The address in its one stored spelling (see `WalletType.canonicalAddress(_:)`): EVM `0x` +
    /// lower-case hex, NEAR lower case, XRPL as given, Stellar the 56-character StrKey, FaceSign
    /// lower-case hex.
    public var canonicalAddress: String
    /// The signature scheme that verified (`eip191`, `nep413`, `ed25519`, `xrpl-ed25519`,
    /// `xrpl-secp256k1`, `stellar-raw`, `stellar-sep53`).
    public var scheme: String
    /// The key or address that signed, in its canonical text form.
    public var signer: String
    /// False only for NEAR named accounts, whose key-to-account binding lives on the NEAR chain.
    public var addressBoundToKey: Bool
}

// MARK: - Per-type checks

extension WalletProof {
    /// Decodes a hex field, tolerating a `0x` prefix (front-ends sometimes add one).
    func hexField(_ value: String, name: String) throws(WalletProofError) -> [UInt8] {
        do { return try Hex.decode(value, allowPrefix: true) } catch { throw .badEncoding(field: name, reason: error.description) }
    }

    func requireLength(_ bytes: [UInt8], _ count: Int, field: String) throws(WalletProofError) {
        guard bytes.count == count else { throw .wrongLength(field: field, expected: String(count), actual: bytes.count) }
    }

    func verifyEVM() throws(WalletProofError) -> WalletProofVerdict {
        let claimed = try WalletType.evmAddress(address)
        let canonical = EthereumAddress.canonical(claimed)
        let sig = try hexField(signature, name: "signature")
        try requireLength(sig, 65, field: "signature (r ‖ s ‖ v)")
        let recovered: [UInt8]
        do { recovered = try EIP191.recoverAddress(message: Array(message.utf8), signature: sig) } catch {
            throw .signatureMismatch(reason: error.description)
        }
        guard recovered == claimed else {
            throw .addressMismatch(claimed: address, derived: EthereumAddress.checksummed(recovered))
        }
        return WalletProofVerdict(walletType: .evm, address: address, canonicalAddress: canonical, scheme: "eip191",
                                  signer: EthereumAddress.checksummed(recovered), addressBoundToKey: true)
    }

    func verifyNEAR() throws(WalletProofError) -> WalletProofVerdict {
        let canonical = try WalletType.nearAccount(address)
        guard let publicKey else { throw .missingPublicKey(.near) }
        let key: [UInt8]
        do { key = try NEARPublicKey.decode(publicKey) } catch { throw .badEncoding(field: "public key", reason: error.description) }
        let blob = try hexField(signature, name: "signature (NEP-413 blob)")
        let parsed: (payload: NEP413, signature: [UInt8])
        do { parsed = try NEP413.parseBlob(blob) } catch { throw .badEncoding(field: "signature (NEP-413 blob)", reason: error.description) }
        guard parsed.payload.message == message else {
            throw .signatureMismatch(reason: "the NEP-413 payload signs a different message than the one given")
        }
        guard parsed.payload.recipient == Self.nearRecipient else {
            throw .signatureMismatch(reason: "NEP-413 recipient is '\(parsed.payload.recipient)', expected '\(Self.nearRecipient)'")
        }
        guard Ed25519.verify(signature: parsed.signature, message: parsed.payload.signingHash, publicKey: key) else {
            throw .signatureMismatch(reason: "the Ed25519 signature over the NEP-413 payload does not match \(publicKey)")
        }
        // An implicit account id is the hex of its key; a named account's keys live on chain.
        let isImplicit = NEARAccountId.isImplicit(canonical)
        if isImplicit, canonical != Hex.encode(key) {
            throw .addressMismatch(claimed: address, derived: Hex.encode(key))
        }
        return WalletProofVerdict(walletType: .near, address: address, canonicalAddress: canonical, scheme: "nep413",
                                  signer: publicKey, addressBoundToKey: isImplicit)
    }

    func verifyXRPL() throws(WalletProofError) -> WalletProofVerdict {
        let canonical = try WalletType.xrplAddress(address)
        guard let publicKey else { throw .missingPublicKey(.xrpl) }
        let key = try hexField(publicKey, name: "public key")
        try requireLength(key, 33, field: "public key (ED ‖ ed25519 key, or compressed secp256k1)")
        let sig = try hexField(signature, name: "signature")
        let messageBytes = Array(message.utf8)
        let scheme: String
        switch key[0] {
        case 0xED:
            try requireLength(sig, 64, field: "signature (ed25519)")
            guard Ed25519.verify(signature: sig, message: messageBytes, publicKey: Array(key.dropFirst())) else {
                throw .signatureMismatch(reason: "Ed25519 signature over the message does not match the public key")
            }
            scheme = "xrpl-ed25519"
        case 0x02, 0x03:
            guard let highS = Secp256k1.derSignatureHasHighS(sig) else {
                throw .badEncoding(field: "signature", reason: "not a DER-encoded secp256k1 signature")
            }
            // ripple-keypairs (noble-curves, lowS by default) refuses the high-S twin of a valid signature.
            guard !highS else {
                throw .signatureMismatch(reason: "secp256k1 signature is not in low-S form; XRPL's verifier refuses it")
            }
            guard Secp256k1.verifyDER(signature: sig, hash: SHA512.half(messageBytes), publicKey: key) else {
                throw .signatureMismatch(reason: "secp256k1 DER signature over SHA-512Half(message) does not match the public key")
            }
            scheme = "xrpl-secp256k1"
        default:
            throw .badEncoding(field: "public key", reason: "must start with ED (ed25519) or 02/03 (compressed secp256k1)")
        }
        let derived = XRPLAddress.fromPublicKey(key)
        guard derived == canonical else { throw .addressMismatch(claimed: address, derived: derived) }
        return WalletProofVerdict(walletType: .xrpl, address: address, canonicalAddress: canonical, scheme: scheme,
                                  signer: Hex.encode(key).uppercased(), addressBoundToKey: true)
    }

    /// SEP-53: `sha256("Stellar Signed Message:\n" ‖ message)`.
    static func sep53Hash(_ message: [UInt8]) -> [UInt8] { SHA256.hash(Array("Stellar Signed Message:\n".utf8) + message) }

    func verifyStellar() throws(WalletProofError) -> WalletProofVerdict {
        let addressKey = try WalletType.stellarKey(address)
        let canonical = StrKey.encodeAccountId(addressKey)
        var key = addressKey
        if let publicKey {
            if publicKey.hasPrefix("G") {
                do { key = try StrKey.decodeAccountId(publicKey) } catch { throw .badEncoding(field: "public key", reason: error.description) }
            } else {
                key = try hexField(publicKey, name: "public key")
                try requireLength(key, 32, field: "public key")
            }
        }
        guard key == addressKey else {
            throw .addressMismatch(claimed: address, derived: StrKey.encodeAccountId(key))
        }
        // Wallets hand the signature out as hex or base64; both carry 64 bytes.
        var sig: [UInt8]
        if let hex = try? Hex.decode(signature, allowPrefix: true) { sig = hex } else {
            do { sig = try Base64.decode(signature) } catch {
                throw .badEncoding(field: "signature", reason: "neither hex nor base64")
            }
        }
        try requireLength(sig, 64, field: "signature (ed25519)")
        let messageBytes = Array(message.utf8)
        let scheme: String
        if Ed25519.verify(signature: sig, message: Self.sep53Hash(messageBytes), publicKey: key) {
            scheme = "stellar-sep53"
        } else if Ed25519.verify(signature: sig, message: messageBytes, publicKey: key) {
            scheme = "stellar-raw"
        } else {
            throw .signatureMismatch(reason: "neither a SEP-53 nor a raw Ed25519 signature of the message by \(address)")
        }
        return WalletProofVerdict(walletType: .stellar, address: address, canonicalAddress: canonical, scheme: scheme,
                                  signer: canonical, addressBoundToKey: true)
    }

    func verifyFaceSign() throws(WalletProofError) -> WalletProofVerdict {
        let key = try WalletType.faceSignKey(address)
        if let publicKey, publicKey.lowercased() != Hex.encode(key) {
            throw .addressMismatch(claimed: address, derived: publicKey)
        }
        let sig = try hexField(signature, name: "signature")
        try requireLength(sig, 64, field: "signature (ed25519)")
        guard Ed25519.verify(signature: sig, message: Array(message.utf8), publicKey: key) else {
            throw .signatureMismatch(reason: "Ed25519 signature over the message does not match the FaceSign key")
        }
        return WalletProofVerdict(walletType: .faceSign, address: address, canonicalAddress: Hex.encode(key), scheme: "ed25519",
                                  signer: Hex.encode(key), addressBoundToKey: true)
    }
}
