#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The two string orders the algorithms need, without `String <` (which orders by Unicode canonical
/// equivalence): code-point order (RDFC-1.0 sorts N-Quads lines and hashes by it) and UTF-16 code-unit
/// order (jsonld.js sorts keys with JavaScript's default sort). Both compare UTF-8 bytes with memcmp.
enum StringOrder {
    /// Code-point order: UTF-8 byte order is code-point order.
    static func codePointLess(_ a: String, _ b: String) -> Bool {
        compare(a, b) { pa, pb, differ in
            guard differ else { return pa.count < pb.count }
            var i = 0
            while pa[i] == pb[i] { i += 1 }
            return pa[i] < pb[i]
        }
    }

    /// UTF-16 code-unit order. It differs from code-point order only past U+FFFF, so bytes decide unless
    /// the first difference is inside a non-ASCII character.
    static func utf16Less(_ a: String, _ b: String) -> Bool {
        compare(a, b) { _, _, _ in a.utf16.lexicographicallyPrecedes(b.utf16) }
    }

    /// memcmp over the common length; `tie` decides when one is a prefix of the other or when the first
    /// differing bytes are not both ASCII (its third argument says which).
    private static func compare(_ a: String, _ b: String,
                                tie: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>, Bool) -> Bool) -> Bool {
        var a = a, b = b
        return a.withUTF8 { pa in
            b.withUTF8 { pb in
                let n = min(pa.count, pb.count)
                guard n > 0, let x = pa.baseAddress, let y = pb.baseAddress else { return tie(pa, pb, false) }
                if memcmp(x, y, n) == 0 { return tie(pa, pb, false) }
                var i = 0
                while pa[i] == pb[i] { i += 1 }
                if pa[i] < 0x80 && pb[i] < 0x80 { return pa[i] < pb[i] }
                return tie(pa, pb, true)
            }
        }
    }
}
