import IdosCrypto
import Testing

/// Operator password hashes, pinned by strings Python made:
/// `hashlib.scrypt(password, salt=salt, n=2**ln, r=r, p=p, dklen=32)`, base64 without padding.
@Suite struct PasswordHashTests {
    /// salt = bytes 0…15, "correct horse battery staple", N = 2^15, r = 8, p = 1.
    static let python = "$scrypt$ln=15,r=8,p=1$AAECAwQFBgcICQoLDA0ODw$eo40JB24mNWRdcaWU4xBdGepdf/laQaEJfFhiNMVnFg"
    /// salt = "NaClNaClNaClNaCl", "pässwörd" (UTF-8), N = 2^10, r = 8, p = 2.
    static let pythonSmall = "$scrypt$ln=10,r=8,p=2$TmFDbE5hQ2xOYUNsTmFDbA$c7AQecpVlTnn9YaGhLWoRZFKSxI0iAAyMLjt+kKEfU8"

    @Test func verifiesPythonHashes() {
        #expect(PasswordHash.verify("correct horse battery staple", against: Self.python))
        #expect(PasswordHash.verify("pässwörd", against: Self.pythonSmall))
    }

    @Test func refusesWrongPasswords() {
        #expect(!PasswordHash.verify("correct horse battery stapl", against: Self.python))
        #expect(!PasswordHash.verify("Correct horse battery staple", against: Self.python))
        #expect(!PasswordHash.verify("", against: Self.python))
    }

    @Test func refusesMalformedOrOutOfRangeHashes() {
        let bad = [
            "", "scrypt$ln=15,r=8,p=1$AAECAwQFBgcICQoLDA0ODw$eo40JB24mNWRdcaWU4xBdGepdf/laQaEJfFhiNMVnFg",
            "$bcrypt$ln=15,r=8,p=1$AAECAwQFBgcICQoLDA0ODw$eo40JB24mNWRdcaWU4xBdGepdf/laQaEJfFhiNMVnFg",
            "$scrypt$ln=30,r=8,p=1$AAECAwQFBgcICQoLDA0ODw$eo40JB24mNWRdcaWU4xBdGepdf/laQaEJfFhiNMVnFg",   // N too large
            "$scrypt$ln=15,r=8$AAECAwQFBgcICQoLDA0ODw$eo40JB24mNWRdcaWU4xBdGepdf/laQaEJfFhiNMVnFg",      // p missing
            "$scrypt$ln=15,r=8,p=1$AAECAwQFBgcICQoLDA0ODw$eo40JB24mNWRdcaWU4xBdGepdf/laQaEJfFhiNMVnF",   // hash cut
            "$scrypt$ln=15,r=8,p=1$$eo40JB24mNWRdcaWU4xBdGepdf/laQaEJfFhiNMVnFg",                        // no salt
        ]
        for stored in bad { #expect(!PasswordHash.verify("correct horse battery staple", against: stored), "\(stored)") }
    }

    /// Our hashes use the documented format and parameters, a fresh salt each time, and verify.
    @Test func newHashesVerifyAndDiffer() throws {
        let a = try PasswordHash.hash("operator password", logN: 10)
        let b = try PasswordHash.hash("operator password", logN: 10)
        #expect(a.hasPrefix("$scrypt$ln=10,r=8,p=1$"))
        #expect(a != b)
        #expect(PasswordHash.verify("operator password", against: a))
        #expect(!PasswordHash.verify("operator passworD", against: b))
        #expect(try PasswordHash.hash("x").hasPrefix("$scrypt$ln=15,r=8,p=1$"))
    }

    @Test func constantTimeEqual() {
        #expect(PasswordHash.constantTimeEqual([1, 2, 3], [1, 2, 3]))
        #expect(!PasswordHash.constantTimeEqual([1, 2, 3], [1, 2, 4]))
        #expect(!PasswordHash.constantTimeEqual([1, 2, 3], [1, 2]))
        #expect(PasswordHash.constantTimeEqual([], []))
    }
}
