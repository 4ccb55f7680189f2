/// The owner-signature check of a write grant (`idos.dwg_verify_owner`, idos-actions.md §5.1): the signature
/// over `message` must verify for the owner wallet's type with its stored public key, exactly as a wallet
/// ownership proof does (`WalletProof`), for every wallet type.
extension SignedDelegatedWriteGrant {
    /// Verifies the owner's signature.
    /// - Parameters:
    ///   - ownerWalletType: the type of the wallet matching `grant.ownerWalletIdentifier`.
    ///   - ownerAddress: that wallet's stored address (default: the grant's owner identifier, which is the
    ///     address for EVM, XRPL and Stellar; NEAR and FaceSign wallets are identified by their public key, so
    ///     pass their address).
    ///   - ownerPublicKey: that wallet's stored public key (nil for EVM).
    ///   - message: the signed text; defaults to `grant.message` (pass a real node's `dwg_message` answer).
    /// - Returns: the verdict: scheme and signer.
    /// - Throws: the `WalletProofError` that says why the signature does not hold.
    @discardableResult
    public func verifyOwnerSignature(ownerWalletType: WalletType, ownerAddress: String? = nil, ownerPublicKey: String?,
                                     message: String? = nil) throws(WalletProofError) -> WalletProofVerdict {
        try WalletProof(type: ownerWalletType, address: ownerAddress ?? grant.ownerWalletIdentifier, publicKey: ownerPublicKey,
                        message: message ?? grant.message, signature: signature).verify()
    }

    /// Whether the owner's signature verifies (see `verifyOwnerSignature`).
    public func isSignedByOwner(ownerWalletType: WalletType, ownerAddress: String? = nil, ownerPublicKey: String?, message: String? = nil) -> Bool {
        (try? verifyOwnerSignature(ownerWalletType: ownerWalletType, ownerAddress: ownerAddress, ownerPublicKey: ownerPublicKey, message: message)) != nil
    }
}
