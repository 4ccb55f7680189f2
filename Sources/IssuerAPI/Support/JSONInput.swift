import Foundation
import IdosCrypto

/// A strictly checked JSON request body: every field is looked up by name, unknown fields and wrong types
/// are collected as field errors (`errors: [{field, reason}]`), never a 500.
struct JSONInput {
    private let object: [String: Any]
    private let path: String
    private(set) var errors: [Problem.FieldError] = []
    private var seen: Set<String> = []

    /// Parses `bytes` as a JSON object.
    init(_ bytes: [UInt8]) throws(Problem) {
        guard !bytes.isEmpty else { throw Problem.badRequest("the request needs a JSON object body", "malformed-json") }
        guard let parsed = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]) else {
            throw Problem.badRequest("the body is not valid JSON", "malformed-json")
        }
        guard let object = parsed as? [String: Any] else { throw Problem.badRequest("the body must be a JSON object", "malformed-json") }
        self.init(object: object, path: "")
    }

    init(object: [String: Any], path: String) {
        self.object = object
        self.path = path
    }

    private func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    mutating func fail(_ key: String, _ reason: String) { errors.append(Problem.FieldError(field: name(key), reason: reason)) }

    private mutating func value(_ key: String) -> Any? {
        seen.insert(key)
        guard let v = object[key], !(v is NSNull) else { return nil }
        return v
    }

    /// Whether the field is present (null counts as absent).
    func has(_ key: String) -> Bool { object[key].map { !($0 is NSNull) } ?? false }

    mutating func string(_ key: String, required: Bool = true, maxLength: Int = 4096) -> String? {
        guard let v = value(key) else {
            if required { fail(key, "is required") }
            return nil
        }
        guard let s = v as? String else { fail(key, "must be a string"); return nil }
        guard s.utf8.count <= maxLength else { fail(key, "must be at most \(maxLength) bytes"); return nil }
        return s
    }

    mutating func uuid(_ key: String, required: Bool = true) -> UUID? {
        guard let s = string(key, required: required, maxLength: 64) else { return nil }
        guard let u = UUIDv4.parse(s) else { fail(key, "must be a version-4 UUID"); return nil }
        return u
    }

    mutating func enumeration<T: RawRepresentable>(_ key: String, _ type: T.Type, required: Bool = true) -> T? where T.RawValue == String {
        guard let s = string(key, required: required, maxLength: 64) else { return nil }
        guard let v = T(rawValue: s) else { fail(key, "is not one of the allowed values"); return nil }
        return v
    }

    /// An array of strings: at most `maxItems`, each at most `maxLength` bytes (a bad item is named
    /// `key[index]`; the good ones are returned).
    mutating func stringList(_ key: String, required: Bool = true, maxItems: Int, maxLength: Int = 4096) -> [String]? {
        guard let v = value(key) else {
            if required { fail(key, "is required") }
            return nil
        }
        guard let array = v as? [Any] else { fail(key, "must be an array of strings"); return nil }
        guard array.count <= maxItems else { fail(key, "must have at most \(maxItems) items"); return nil }
        var strings: [String] = []
        for (index, item) in array.enumerated() {
            guard let s = item as? String else { fail("\(key)[\(index)]", "must be a string"); continue }
            guard s.utf8.count <= maxLength else { fail("\(key)[\(index)]", "must be at most \(maxLength) bytes"); continue }
            strings.append(s)
        }
        return strings
    }

    /// A nested object, as raw JSON (validated later by its own rules).
    mutating func object(_ key: String, required: Bool = true) -> [String: Any]? {
        guard let v = value(key) else {
            if required { fail(key, "is required") }
            return nil
        }
        guard let o = v as? [String: Any] else { fail(key, "must be an object"); return nil }
        return o
    }

    /// A nested object checked field by field.
    mutating func nested(_ key: String, required: Bool = true) -> JSONInput? {
        object(key, required: required).map { JSONInput(object: $0, path: name(key)) }
    }

    mutating func int(_ key: String, required: Bool = true, range: ClosedRange<Int>) -> Int? {
        guard let v = value(key) else {
            if required { fail(key, "is required") }
            return nil
        }
        // JSON true/false are NSNumbers too (objCType "c"); `is Bool` would also match the numbers 0 and 1.
        guard let n = v as? NSNumber, String(cString: n.objCType) != "c", let i = Int(exactly: n.doubleValue), range.contains(i) else {
            fail(key, "must be an integer in \(range.lowerBound)…\(range.upperBound)"); return nil
        }
        return i
    }

    /// A JSON number in `range` (not a boolean).
    mutating func double(_ key: String, required: Bool = true, range: ClosedRange<Double>) -> Double? {
        guard let v = value(key) else {
            if required { fail(key, "is required") }
            return nil
        }
        guard let n = v as? NSNumber, String(cString: n.objCType) != "c", n.doubleValue.isFinite, range.contains(n.doubleValue) else {
            fail(key, "must be a number in \(range.lowerBound)…\(range.upperBound)"); return nil
        }
        return n.doubleValue
    }

    /// A JSON boolean.
    mutating func bool(_ key: String, required: Bool = true) -> Bool? {
        guard let v = value(key) else {
            if required { fail(key, "is required") }
            return nil
        }
        guard let n = v as? NSNumber, String(cString: n.objCType) == "c" else { fail(key, "must be true or false"); return nil }
        return n.boolValue
    }

    /// Base64 of exactly `bytes` bytes.
    mutating func base64Key(_ key: String, bytes count: Int, required: Bool = true) -> [UInt8]? {
        guard let s = string(key, required: required, maxLength: 256) else { return nil }
        guard let data = Data(base64Encoded: s) else { fail(key, "must be base64"); return nil }
        guard data.count == count else { fail(key, "must be \(count) bytes (got \(data.count))"); return nil }
        return Array(data)
    }

    /// Base64 of an X25519 public key something can be sealed to (32 bytes, not a low-order point).
    mutating func encryptionKey(_ key: String, required: Bool = true) -> [UInt8]? {
        guard let bytes = base64Key(key, bytes: SealedBox.keyBytes, required: required) else { return nil }
        guard SealedBox.isUsablePublicKey(bytes) else { fail(key, "is not a usable X25519 public key (a low-order point)"); return nil }
        return bytes
    }

    /// Records every field not looked up as unknown. Call last.
    mutating func rejectUnknownFields() {
        for key in object.keys.sorted() where !seen.contains(key) { fail(key, "is not a known field") }
    }

    /// Merges a nested input's errors.
    mutating func absorb(_ other: JSONInput) { errors += other.errors }

    /// Throws the validation problem if any field failed.
    func check() throws(Problem) { if !errors.isEmpty { throw Problem.validation(errors) } }
}

/// Version-4 UUIDs only (ids the API hands out and accepts).
enum UUIDv4 {
    static func parse(_ text: String) -> UUID? {
        guard text.count == 36, let u = UUID(uuidString: text) else { return nil }
        let bytes = withUnsafeBytes(of: u.uuid) { Array($0) }
        guard bytes[6] >> 4 == 4, (bytes[8] & 0xC0) == 0x80 else { return nil }
        return u
    }
}
