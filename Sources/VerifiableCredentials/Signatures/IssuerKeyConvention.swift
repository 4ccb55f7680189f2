internal import Foundation

/// The idOS convention that ties keys to issuers (`@idos-network/credentials` `issuerToKey`): for an
/// issuer base URL `B`, issuers are `B/issuers/N` and their keys `B/keys/M`, and an issuer owns every
/// key under its own base. `vc issue` signs as `B/issuers/1` with `B/keys/1`.
public enum IssuerKeyConvention {
    /// `B` for an issuer id `B/issuers/N`; nil if `id` does not have that shape.
    public static func base(ofIssuer id: String) -> String? { base(of: id, collection: "/issuers/") }

    /// `B` for a key id `B/keys/M`; nil if `id` does not have that shape.
    public static func base(ofKey id: String) -> String? { base(of: id, collection: "/keys/") }

    /// Whether the issuer `issuer` owns the key `keyID`: both follow the convention, with the same base.
    public static func issuer(_ issuer: String, owns keyID: String) -> Bool {
        guard let issuerBase = base(ofIssuer: issuer), let keyBase = base(ofKey: keyID) else { return false }
        return issuerBase == keyBase
    }

    /// `B` when `id` is `B` + `collection` + one non-empty path segment (no `/`, `?` or `#`) and `B`
    /// is an absolute URL (has a scheme).
    static func base(of id: String, collection: String) -> String? {
        guard let range = id.range(of: collection, options: .backwards) else { return nil }
        let base = id[..<range.lowerBound]
        let segment = id[range.upperBound...]
        guard !segment.isEmpty, !segment.contains(where: { $0 == "/" || $0 == "?" || $0 == "#" }) else { return nil }
        guard let colon = base.firstIndex(of: ":"), let first = base.first, first.isASCII, first.isLetter,
              base[..<colon].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
        else { return nil }
        return String(base)
    }
}
