import ArgumentParser
import Foundation
import IdosCrypto
import IdosKit
import VerifiableCredentials

extension IssuerCommand {
    /// `idos-issuer vc …`: JSON-LD to RDF, RDFC-1.0, Ed25519Signature2020 and the idOS credential builder.
    struct VC: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "vc",
            abstract: "Verifiable credentials: to-rdf, canonicalize, build, issue, verify.",
            discussion: """
            Contexts come only from the bundled copies (W3C credentials v1, ed25519-2020, idOS credentials and \
            subjects); add others with --context URL=FILE. Nothing is ever fetched from the network.
            """,
            subcommands: [ToRDF.self, Canonicalize.self, Build.self, Issue.self, Verify.self]
        )
    }
}

/// Options for commands that read JSON-LD.
struct JSONLDInputOptions: ParsableArguments {
    @Option(help: "Base IRI for relative IRIs in the input.") var base: String?
    @Option(name: .customLong("context"), help: ArgumentHelp("Serve FILE's JSON as the context at URL (repeatable).", valueName: "url=file"))
    var contexts: [String] = []
    @Flag(help: "Safe mode (as jsonld.js under vc.issue): a property or IRI that would be dropped is an error.") var safe = false

    /// The bundled loader plus `--context` documents.
    func loader() throws -> StaticDocumentLoader {
        var loader = StaticDocumentLoader.idos
        for entry in contexts {
            guard let eq = entry.firstIndex(of: "=") else { throw CLIFailure.malformed("--context '\(entry)': expected URL=FILE") }
            let url = String(entry[..<eq]), file = String(entry[entry.index(after: eq)...])
            let bytes = try StandardStreams.readFile(file, flag: "--context")
            do { loader = loader.adding(url: url, document: try JSONParser.parse(bytes)) } catch {
                throw CLIFailure.malformed("--context \(url): \(error)")
            }
        }
        return loader
    }

    func options() -> JSONLDOptions { JSONLDOptions(base: base, safeMode: safe) }
}

/// Parses stdin (or bytes) as JSON, exit 2 with the parser's reason.
func readJSON(_ bytes: [UInt8], what: String) throws -> JSONValue {
    do { return try JSONParser.parse(bytes) } catch { throw CLIFailure.malformed("\(what): \(error)") }
}

/// Reads a JSON object, exit 2 if it is not one.
func readJSONObject(_ bytes: [UInt8], what: String) throws -> JSONObject {
    guard case let .object(object) = try readJSON(bytes, what: what) else { throw CLIFailure.malformed("\(what) must be a JSON object") }
    return object
}

extension IssuerCommand.VC {
    /// `vc to-rdf`: JSON-LD on stdin → N-Quads (sorted, one quad per line), as jsonld.js `toRDF` prints them.
    struct ToRDF: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "to-rdf", abstract: "JSON-LD on stdin to N-Quads on stdout.")
        @OptionGroup var input: JSONLDInputOptions

        func run() async throws {
            try await reportingFailures {
                let document = try readJSON(StandardStreams.readAllInput(), what: "stdin")
                let quads: [RDFQuad]
                do { quads = try JSONLD.toRDF(document, options: input.options(), loader: try input.loader()) } catch let e as VCError {
                    throw CLIFailure.malformed("\(e)")
                }
                StandardStreams.write(Set(quads.map(NQuadsSerializer.line)).sorted().joined())
            }
        }
    }

    /// `vc canonicalize`: RDFC-1.0 canonical N-Quads of N-Quads (`--nquads`) or JSON-LD on stdin.
    struct Canonicalize: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "RDFC-1.0 canonical N-Quads of JSON-LD (or, with --nquads, N-Quads) on stdin.")
        @Flag(help: "The input is N-Quads, not JSON-LD.") var nquads = false
        @OptionGroup var input: JSONLDInputOptions
        @Option(name: .customLong("work-limit"), help: "Most hash-n-degree-quads calls before giving up on a poison graph.")
        var workLimit = RDFCanonicalizer().workLimit
        @Option(name: .customLong("hash-algorithm"), help: "RDFC-1.0's hash algorithm: SHA256 or SHA384.")
        var hashAlgorithm = RDFCanonicalizer.HashAlgorithm.sha256.rawValue

        func validate() throws {
            guard RDFCanonicalizer.HashAlgorithm(rawValue: hashAlgorithm) != nil else {
                let names = RDFCanonicalizer.HashAlgorithm.allCases.map(\.rawValue).joined(separator: " or ")
                throw ValidationError("--hash-algorithm must be \(names), got '\(hashAlgorithm)'")
            }
        }

        func run() async throws {
            try await reportingFailures {
                let bytes = StandardStreams.readAllInput()
                let algorithm = RDFCanonicalizer.HashAlgorithm(rawValue: hashAlgorithm) ?? .sha256  // checked in validate()
                let canonicalizer = RDFCanonicalizer(workLimit: workLimit, hashAlgorithm: algorithm)
                do {
                    if nquads {
                        StandardStreams.write(try canonicalizer.canonicalize(nquads: String(decoding: bytes, as: UTF8.self)))
                    } else {
                        let document = try readJSON(bytes, what: "stdin")
                        StandardStreams.write(try JSONLD.canonicalize(document, options: input.options(), loader: try input.loader(),
                                                                      canonicalizer: canonicalizer))
                    }
                } catch let e as VCError {
                    if case .canonicalizationWorkLimitExceeded = e { throw CLIFailure.rejected("\(e)") }
                    throw CLIFailure.malformed("\(e)")
                }
            }
        }
    }

    /// `vc build`: validates the fields and subject and prints the unsigned idOS credential.
    struct Build: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate credential fields and subject; print the unsigned idOS credential.",
            discussion: """
            --fields: {"id", "level", "issued"?, "approvedAt"?, "expirationDate"?}. --subject: {"id", "firstName"?, \
            "familyName"?, "dateOfBirth", "idDocumentCountry", "idDocumentNumber", "idDocumentType", "idDocumentFrontFile", \
            "selfieFile", …, "residentialAddress"?: {…}} or the FaceSign subject {"faceSignUserId"}. Dates: YYYY-MM-DD or \
            RFC 3339; files: base64 of the bytes (written as ASCII85 <~…~>). Every invalid field is listed; exit 2.
            """)
        @Option(help: "JSON file with the credential fields.") var fields: String
        @Option(help: "JSON file with the credential subject.") var subject: String
        @Option(help: "Issuer base URL: sets issuer to <URL>/issuers/1 (else vc issue sets it).") var issuer: String?

        func run() async throws {
            try await reportingFailures {
                let f = try readJSONObject(try StandardStreams.readFile(fields, flag: "--fields"), what: "--fields")
                let s = try readJSONObject(try StandardStreams.readFile(subject, flag: "--subject"), what: "--subject")
                let issuerValue = issuer.map { Ed25519VerificationKey2020.controller(issuerBaseURL: $0) }
                do {
                    let credential = try CredentialBuilder.build(fields: f, subject: s, issuer: issuerValue)
                    StandardStreams.write(JSONSerializer.serialize(.object(credential)) + "\n")
                } catch { throw CLIFailure.malformed("\(error)") }
            }
        }
    }

    /// `vc issue`: signs the credential on stdin with Ed25519Signature2020.
    struct Issue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign the credential on stdin (Ed25519Signature2020) and print it with its proof.",
            discussion: """
            The key id is <BASE_URL>/keys/1 and its controller <BASE_URL>/issuers/1 (the idOS convention consumers \
            verify with). A missing issuer is set to the controller and a missing issuanceDate to now, as vc.issue does. \
            JSON-LD runs in safe mode: a property the contexts do not define is an error (exit 2).
            """)
        @Option(name: .customLong("key-file"), help: "File with the hex Ed25519 seed (32 bytes) or tweetnacl secret key (64 bytes).")
        var keyFile: String
        @Option(help: "Issuer base URL, e.g. https://issuer.example/idos.") var issuer: String
        @Option(help: "The proof's created time, YYYY-MM-DDTHH:MM:SSZ (default now).") var created: String?

        func run() async throws {
            try await reportingFailures {
                let text = String(decoding: try StandardStreams.readFile(keyFile, flag: "--key-file"), as: UTF8.self)
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                let privateKey: Ed25519.PrivateKey
                do { privateKey = try Ed25519.PrivateKey(try Hex.decode(text, allowPrefix: true)) } catch {
                    throw CLIFailure.malformed("--key-file: \(error)")
                }
                if let created, CredentialDate.parse(created) == nil || created.contains(".") {
                    throw CLIFailure.malformed("--created must be YYYY-MM-DDTHH:MM:SSZ")
                }
                guard let url = URL(string: issuer), url.scheme != nil else { throw CLIFailure.malformed("--issuer must be an absolute URL") }
                let key = Ed25519VerificationKey2020(issuerBaseURL: issuer, privateKey: privateKey)
                var credential = try readJSONObject(StandardStreams.readAllInput(), what: "stdin")
                if credential["issuer"] == nil { credential["issuer"] = .string(key.controller) }
                credential = CredentialBuilder.withIssuanceDate(credential)
                do {
                    let signed = try Ed25519Signature2020().sign(credential, key: key, created: created)
                    StandardStreams.write(JSONSerializer.serialize(.object(signed)) + "\n")
                } catch { throw CLIFailure.malformed("\(error)") }
            }
        }
    }

    /// `vc verify`: checks the Ed25519Signature2020 proof of the credential on stdin.
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify the Ed25519Signature2020 proof of the credential on stdin.",
            discussion: """
            Rules, each reported by name when it fails (exit 1): proofPurpose is assertionMethod; with --issuer, \
            the credential's issuer is <URL>/issuers/N; the verificationMethod is a key of the credential's issuer \
            (<base>/issuers/N owns <base>/keys/M); the signature verifies with --public-key-multibase. \
            Exit 0 and {"issuer":…,"verificationMethod":…,"verified":true} if all hold; exit 2 on malformed input.
            """)
        @Option(name: .customLong("public-key-multibase"), help: "The issuer's key, z6Mk….") var publicKeyMultibase: String
        @Option(help: "Pin the issuer: its base URL; the credential's issuer must be <URL>/issuers/N.") var issuer: String?

        func run() async throws {
            try await reportingFailures {
                let publicKey: [UInt8]
                do { publicKey = try Multibase.decodeEd25519PublicKey(publicKeyMultibase) } catch {
                    throw CLIFailure.malformed("--public-key-multibase: \(error)")
                }
                let credential = try readJSONObject(StandardStreams.readAllInput(), what: "stdin")
                let verified: Ed25519Signature2020.VerifiedProof
                do throws(VCError) {
                    verified = try Ed25519Signature2020().verify(credential, publicKey: publicKey, issuerBaseURL: issuer)
                } catch {
                    if case .invalidCredential = error { throw CLIFailure.malformed("\(error)") }
                    throw CLIFailure.rejected("\(error)")
                }
                StandardStreams.write(try JSONOutput.line(VerifyOutput(verified: true, issuer: verified.issuer,
                                                                       verificationMethod: verified.verificationMethod)))
            }
        }
    }
}

/// `vc verify` output.
struct VerifyOutput: Encodable {
    let verified: Bool
    let issuer: String
    let verificationMethod: String
}
