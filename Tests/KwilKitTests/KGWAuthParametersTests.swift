import IdosCrypto
import KwilKit
import Testing

/// kwil-transport.md §11 E: the KGW message from IDOS-KJS auth.test.ts and its secp256k1_ep signature.
@Suite struct KGWAuthParametersTests {
    let params = KGWAuthParameters(nonce: "123456", statement: "eww", issueAt: "2023-11-05T22:57:46Z",
                                   expirationTime: "2023-11-05T22:58:16Z", chainID: "test-chain",
                                   domain: "https://example.com", uri: "https://example.com/auth")

    @Test func messageVector() throws {
        #expect(params.message == "https://example.com wants you to sign in with your account:\n\neww\n\nURI: https://example.com/auth\nVersion: 1\nChain ID: test-chain\nNonce: 123456\nIssue At: 2023-11-05T22:57:46Z\nExpiration Time: 2023-11-05T22:58:16Z\n")
        let sig = try EthPersonalSigner(privateKey: Hex.decode(TransactionTests.secpKey)).sign(Array(params.message.utf8))
        #expect(Hex.encode(sig) == "92e12078be19256c88c9405530e94cd893cc72c74557bec36cd3c135135e8d57288d9598e12afb067cf10bc9e8ab131144e90be2de22fb9aff24f0902481fecc1b")
    }

    @Test func originLineFollowsURI() {
        var p = params
        p.origin = "https://app.example"
        #expect(p.message.contains("URI: https://example.com/auth\nOrigin: https://app.example\nVersion: 1\n"))
    }
}
