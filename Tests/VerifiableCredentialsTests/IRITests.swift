import Testing
@testable import VerifiableCredentials

/// The byte-level IRI checks against RFC 3986's scheme grammar and the characters IRIs exclude.
@Suite struct IRITests {
    @Test(arguments: [("http://a", true), ("urn:x", true), ("a:", true), ("A+b-c.d9:rest", true), ("uuid:z6Mk", true), ("aux:date", true),
                      ("", false), (":x", false), ("1a:x", false), ("a b:x", false), ("é:x", false), ("noscheme", false), ("_:b0", false),
                      ("@id", false), ("a/b:c", false)])
    func scheme(text: String, absolute: Bool) { #expect(IRI.isAbsolute(text) == absolute) }

    @Test(arguments: [("http://a/b#c", true), ("http://a/é", true), ("http://a/b#c#d", false), ("http://a/b c", false), ("http://a/<b>", false),
                      ("http://a/\"", false), ("http://a/{b}", false), ("http://a/|", false), ("http://a/^", false), ("http://a/`", false),
                      ("http://a/\\", false), ("http://a/\u{7}", false), ("relative/path", false)])
    func wellFormed(text: String, ok: Bool) { #expect(IRI.isWellFormedAbsolute(text) == ok) }
}
