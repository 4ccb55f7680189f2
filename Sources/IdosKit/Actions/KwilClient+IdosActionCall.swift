public import KwilKit

/// Sends catalog calls through a `KwilClient`: VIEWs as `user.call`, writes as signed transactions carrying
/// the SDK's description. (A worker that must store the signed bytes before broadcasting builds them with
/// `IdosActionCall.transaction(nonce:chainID:)` instead.)
extension KwilClient {
    /// Runs a VIEW (unsigned when `signer` is nil, else identified or challenge-signed).
    /// - Throws: `KwilError.invalidValue` for a write; otherwise as `call(_:signer:)`.
    public func call(_ call: IdosActionCall, signer: (any KwilSigner)? = nil) async throws(KwilError) -> QueryResult {
        let payload: ActionCall
        do { payload = try call.call() } catch { throw .invalidValue(error.description) }
        return try await self.call(payload, signer: signer)
    }

    /// Fetches the signer's nonce, signs the write with the SDK's description and broadcasts it.
    /// - Throws: `KwilError.invalidValue` for a VIEW; otherwise as `execute(_:description:chainID:signer:sync:)`.
    public func execute(_ call: IdosActionCall, chainID: String, signer: some KwilSigner,
                        sync: Bool = true) async throws(KwilError) -> BroadcastResult {
        let execution: ActionExecution
        do { execution = try call.execution() } catch { throw .invalidValue(error.description) }
        return try await execute(execution, description: call.txDescription ?? "", chainID: chainID, signer: signer, sync: sync)
    }
}
