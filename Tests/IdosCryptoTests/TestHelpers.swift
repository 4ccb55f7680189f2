import IdosCrypto

/// Hex literal → bytes (test vectors only).
func h(_ text: String) -> [UInt8] { try! Hex.decode(text) }
/// Base64 literal → bytes (test vectors only).
func b64(_ text: String) -> [UInt8] { try! Base64.decode(text) }
/// UTF-8 bytes of a string.
func u(_ text: String) -> [UInt8] { Array(text.utf8) }
