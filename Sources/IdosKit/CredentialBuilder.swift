public import Foundation
internal import IdosCrypto
public import VerifiableCredentials

/// Builds the unsigned idOS credential as `@idos-network/credentials` `buildCredential` does
/// (idos-issuer.md §7.1), with its validation: required fields, enums, two-letter countries, at least one
/// name, dates as `toISOString()` (milliseconds), files as ASCII85 `<~…~>`, the residential address
/// flattened with a `residentialAddress` prefix. Every offending field is reported at once.
///
/// Input is JSON as a caller would send it: dates as `YYYY-MM-DD` or RFC 3339, files as base64 of the bytes
/// (or already as `<~…~>` ASCII85 text).
public enum CredentialBuilder {
    public static let contexts = [
        "https://www.w3.org/2018/credentials/v1",
        "https://idos-network.github.io/idos-sdk-js/credentials/idos-credentials-v1.json",
        "https://w3id.org/security/suites/ed25519-2020/v1",
    ]
    public static let subjectContext = "https://idos-network.github.io/idos-sdk-js/credentials/idos-credential-subject-v2.json"
    public static let faceSignSubjectContext = "https://idos-network.github.io/idos-sdk-js/credentials/idos-credential-subject-face-id-v1.json"

    static let documentTypes: Set = ["PASSPORT", "DRIVERS", "ID_CARD", "VOTING_CARD", "PAN_CARD", "INTERNAL_PASSPORT", "RESIDENCE_PERMIT"]
    static let genders: Set = ["M", "F", "OTHER"]

    /// The kinds of subject value.
    enum Kind { case text, date, file, country, documentType, gender, ssn }

    /// Subject fields of the v2 context, in the SDK's schema, with whether each is required.
    static let subjectFields: [(name: String, kind: Kind, required: Bool)] = [
        ("firstName", .text, false), ("middleName", .text, false), ("familyName", .text, false), ("maidenName", .text, false),
        ("gender", .gender, false), ("nationality", .country, false), ("email", .text, false), ("phoneNumber", .text, false),
        ("ssn", .ssn, false), ("dateOfBirth", .date, true), ("placeOfBirth", .text, false),
        ("idDocumentCountry", .country, true), ("idDocumentNumber", .text, true), ("idDocumentType", .documentType, true),
        ("idDocumentDateOfIssue", .date, false), ("idDocumentDateOfExpiry", .date, false),
        ("idDocumentFrontFile", .file, true), ("idDocumentBackFile", .file, false), ("selfieFile", .file, true),
    ]

    /// `residentialAddress` fields (flattened to `residentialAddress<Name>`).
    static let addressFields: [(name: String, kind: Kind, required: Bool)] = [
        ("street", .text, true), ("houseNumber", .text, false), ("additionalAddressInfo", .text, false), ("region", .text, false),
        ("city", .text, true), ("postalCode", .text, false), ("country", .country, true), ("proofCategory", .text, true),
        ("proofDateOfIssue", .date, false), ("proofFile", .file, true),
    ]

    /// The credential fields: `id` and `level` required, then optional dates.
    static let credentialFields: [(name: String, kind: Kind, required: Bool)] = [
        ("id", .text, true), ("level", .text, true), ("issued", .date, false), ("approvedAt", .date, false), ("expirationDate", .date, false),
    ]

    /// Builds the unsigned credential.
    /// - Parameters:
    ///   - fields: `{id, level, issued?, approvedAt?, expirationDate?}`.
    ///   - subject: the KYC subject (`id` and the v2 fields, `residentialAddress` nested), or the FaceSign
    ///     proof-of-personhood subject `{faceSignUserId, id?}`.
    ///   - issuer: the `issuer` value (the key's controller, `${base}/issuers/1`); nil leaves it for `vc issue`.
    public static func build(fields: JSONObject, subject: JSONObject, issuer: String? = nil) throws(CredentialValidationError) -> JSONObject {
        var issues: [CredentialValidationError.Issue] = []
        var credential = JSONObject()
        credential["@context"] = .array(contexts.map { .string($0) })
        credential["type"] = .array(["VerifiableCredential"])
        if let issuer { credential["issuer"] = .string(issuer) }
        for (key, value) in convert(fields, spec: credentialFields, path: "", issues: &issues).members {
            credential[key] = value
        }
        if case let .string(level)? = fields["level"], let problem = levelProblem(level) {
            issues.append(.init(path: "level", reason: problem))
        }

        var converted = JSONObject()
        if subject.contains("faceSignUserId") {
            converted["@context"] = .string(faceSignSubjectContext)
            for key in subject.keys where key != "faceSignUserId" && key != "id" {
                issues.append(.init(path: "credentialSubject.\(key)", reason: "not a field of the FaceSign subject (faceSignUserId, id)"))
            }
            if let id = subject["id"] { text(id, path: "credentialSubject.id", into: &converted, key: "id", issues: &issues) }
            text(subject["faceSignUserId"]!, path: "credentialSubject.faceSignUserId", into: &converted, key: "faceSignUserId", issues: &issues)
        } else {
            converted["@context"] = .string(subjectContext)
            if let id = subject["id"] {
                text(id, path: "credentialSubject.id", into: &converted, key: "id", issues: &issues)
            } else {
                issues.append(.init(path: "credentialSubject.id", reason: "required"))
            }
            var rest = JSONObject()
            for (key, value) in subject.members where key != "id" && key != "residentialAddress" { rest[key] = value }
            for (key, value) in convert(rest, spec: subjectFields, path: "credentialSubject.", issues: &issues).members { converted[key] = value }
            if subject["firstName"] == nil && subject["familyName"] == nil {
                issues.append(.init(path: "credentialSubject.firstName", reason: "at least one of firstName and familyName is required"))
            }
            if let address = subject["residentialAddress"] {
                if case let .object(object) = address {
                    let flat = convert(object, spec: addressFields, path: "credentialSubject.residentialAddress.", issues: &issues)
                    for (key, value) in flat.members {
                        converted["residentialAddress" + key.prefix(1).uppercased() + key.dropFirst()] = value
                    }
                } else {
                    issues.append(.init(path: "credentialSubject.residentialAddress", reason: "must be an object"))
                }
            }
        }
        credential["credentialSubject"] = .object(converted)
        guard issues.isEmpty else { throw CredentialValidationError(issues: issues) }
        return credential
    }

    /// Adds `issuanceDate` = `now` without milliseconds when missing, as `vc.issue` does.
    public static func withIssuanceDate(_ credential: JSONObject, now: Date = Date()) -> JSONObject {
        guard credential["issuanceDate"] == nil else { return credential }
        var out = credential
        out["issuanceDate"] = .string(CredentialDate.w3cDate(now))
        return out
    }

    /// Why `level` is not `basic`/`plus` with optional distinct `+liveness`, `+email`, `+phoneNumber`; nil if fine.
    public static func levelProblem(_ level: String) -> String? {
        let parts = level.split(separator: "+", omittingEmptySubsequences: false).map(String.init)
        guard let base = parts.first, base == "basic" || base == "plus" else {
            return "must start with basic or plus (optionally followed by +liveness, +email, +phoneNumber)"
        }
        let extras = parts.dropFirst()
        for extra in extras where !["liveness", "email", "phoneNumber"].contains(extra) {
            return "unknown level suffix '+\(extra)' (liveness, email, phoneNumber)"
        }
        guard Set(extras).count == extras.count else { return "a level suffix is repeated" }
        return nil
    }

    /// Converts the members of `input` per `spec`, in input order; records missing, unknown and invalid fields.
    private static func convert(_ input: JSONObject, spec: [(name: String, kind: Kind, required: Bool)], path: String,
                                issues: inout [CredentialValidationError.Issue]) -> JSONObject {
        var out = JSONObject()
        let kinds = Dictionary(uniqueKeysWithValues: spec.map { ($0.name, $0.kind) })
        for (key, value) in input.members {
            guard let kind = kinds[key] else {
                issues.append(.init(path: path + key, reason: "unknown field"))
                continue
            }
            if value.isNull { continue }
            guard case let .string(s) = value else {
                issues.append(.init(path: path + key, reason: "must be a string"))
                continue
            }
            switch convertValue(s, kind: kind) {
            case let .success(converted): out[key] = .string(converted)
            case let .failure(problem): issues.append(.init(path: path + key, reason: problem.reason))
            }
        }
        for field in spec where field.required && (input[field.name] == nil || input[field.name]!.isNull) {
            issues.append(.init(path: path + field.name, reason: "required"))
        }
        return out
    }

    struct Problem: Error { let reason: String }

    private static func convertValue(_ s: String, kind: Kind) -> Result<String, Problem> {
        switch kind {
        case .text:
            return s.isEmpty ? .failure(Problem(reason: "must not be empty")) : .success(s)
        case .date:
            guard let date = CredentialDate.parse(s) else { return .failure(Problem(reason: "not a date (YYYY-MM-DD or RFC 3339 date-time)")) }
            return .success(CredentialDate.isoString(date))
        case .file:
            if s.hasPrefix("<~") && s.hasSuffix("~>") {
                return (try? ASCII85.decode(s)) != nil ? .success(s) : .failure(Problem(reason: "not valid ASCII85 <~…~> text"))
            }
            guard let bytes = try? Base64.decode(s), !bytes.isEmpty else {
                return .failure(Problem(reason: "a file must be non-empty base64 (or ASCII85 <~…~> text)"))
            }
            return .success(ASCII85.encode(bytes))
        case .country:
            return s.count == 2 ? .success(s) : .failure(Problem(reason: "must be a 2-letter country code"))
        case .documentType:
            return documentTypes.contains(s) ? .success(s) : .failure(Problem(reason: "must be one of \(documentTypes.sorted().joined(separator: ", "))"))
        case .gender:
            return genders.contains(s) ? .success(s) : .failure(Problem(reason: "must be M, F or OTHER"))
        case .ssn:
            return s.count == 9 ? .success(s) : .failure(Problem(reason: "must be 9 characters"))
        }
    }

    private static func text(_ value: JSONValue, path: String, into out: inout JSONObject, key: String,
                             issues: inout [CredentialValidationError.Issue]) {
        guard case let .string(s) = value, !s.isEmpty else {
            issues.append(.init(path: path, reason: "must be a non-empty string"))
            return
        }
        out[key] = .string(s)
    }
}
