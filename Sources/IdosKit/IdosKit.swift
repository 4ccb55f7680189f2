/// IdosKit: the idOS domain layer on top of IdosCrypto.
///
/// Today: `WalletProof`, verification of wallet-ownership proofs for every idOS wallet type.
/// Later issues add typed idOS actions, the credential pair (encrypt + sign) and DWG handling.
public enum IdosKit {}
