import IdosCrypto
import Testing

/// Key files sealed under a passphrase, pinned by a file Python made independently:
/// `hashlib.scrypt(passphrase, salt=bytes(range(16)), n=2**15, r=8, p=1, dklen=32)` as the key of PyNaCl 1.5.0's
/// `SecretBox(key).encrypt(secret, nonce=bytes(range(100, 124)))`, the RFC 8032 test key 1 file as the secret.
struct PassphraseBoxTests {
    static let passphrase = Array("correct horse battery staple".utf8)
    static let secret = Array(("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
                               + "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a\n").utf8)
    static let pyNaClSealed = "idos-encrypted-key:v1:AAECAwQFBgcICQoLDA0OD2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6e7XerK/VbhcSsN9UinLxVzCceIR358pS+aVo"
        + "G3aGXRoIpkla5VEHEB6RewCQDwCg24uT71WiQRfeoiZJXYGoREteqYEzmFNeMuTMxhAEd/DXY9VDr8mnAvsP1e+e4LXskoCQ8Hk+doIYLosEfj2CJR/YB4c"
        + "eVJbkJtcwp/KiCyn/tsAcBqRcGw07rGLSPlk7ipE="

    @Test func opensWhatPyNaClSealed() throws {
        #expect(try PassphraseBox.open(Self.pyNaClSealed, passphrase: Self.passphrase) == Self.secret)
    }

    @Test func sealsTheSameBytesAsPyNaClWithTheSameSaltAndNonce() throws {
        let sealed = try PassphraseBox.seal(Self.secret, passphrase: Self.passphrase, salt: Array(0..<16), nonce: Array(100..<124))
        #expect(sealed == Self.pyNaClSealed)
    }

    @Test func aWrongPassphraseOrAnAlteredFileDoesNotOpen() throws {
        #expect(throws: CryptoError.decryptionFailed) { try PassphraseBox.open(Self.pyNaClSealed, passphrase: Array("wrong".utf8)) }
        var altered = Array(Self.pyNaClSealed)
        altered[60] = altered[60] == "A" ? "B" : "A"
        #expect(throws: CryptoError.decryptionFailed) { try PassphraseBox.open(String(altered), passphrase: Self.passphrase) }
        let fresh = try PassphraseBox.seal(Self.secret, passphrase: Self.passphrase)
        #expect(fresh != Self.pyNaClSealed)  // fresh salt and nonce
        #expect(try PassphraseBox.open(fresh, passphrase: Self.passphrase) == Self.secret)
    }
}
