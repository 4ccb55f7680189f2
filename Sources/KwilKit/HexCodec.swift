internal import IdosCrypto

/// Lowercase hex through IdosCrypto, kept internal so KwilKit's public API does not re-export it.
enum HexCodec {
    static func encode(_ bytes: [UInt8]) -> String { Hex.encode(bytes) }
}
