/// IdosKit: the idOS domain layer on top of KwilKit, VerifiableCredentials and IdosCrypto.
///
/// - The typed catalog of the 51 client-visible idOS actions (`IdosAction.all`) and the checked call
///   builders the issuer makes (`IdosActionCall.createUserAsInserter`, `.upsertWalletAsInserter`,
///   `.createCredentialsByDWG(pair:grant:)`, `.upsertCredentialAsInserter`, `.editPublicNotesAsIssuer`,
///   `.updateUserPubKeyAsInserter` and the reads), which turn into KwilKit's `ActionCall` / `ActionExecution` /
///   unsigned `Transaction`.
/// - Delegated write grants (`DelegatedWriteGrant`, `SignedDelegatedWriteGrant`): fields, timestamps, the
///   `dwg_message` call, the one message text and the owner-signature check.
/// - `WalletProof`: wallet-ownership proofs for every idOS wallet type.
/// - The credential: `CredentialBuilder` (the SDK's validation) and `CredentialPair` (encrypt + sign).
public enum IdosKit {}
