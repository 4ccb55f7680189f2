import ArgumentParser
import Foundation
import IdosKit
import IssuerAPI
import IssuerEngine
import IssuerStore
import VerifiableCredentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension IssuerCommand {
    /// `reissue`: re-issuance campaigns on the command line, against the database (the same engine as the API's
    /// `/v1/reissue-campaigns`; the workers do the re-issuing).
    struct Reissue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Plan, run and follow re-issuance campaigns (re-sign and re-deliver a provider's credentials).",
            discussion: """
            A campaign snapshots the provider's credentials that match a filter, then re-issues each once: the new \
            credential is written as inserter (no user present), and the old one is revoked only after the new one is \
            delivered. Workers with ISSUER_VC_ISSUER and ISSUER_ENCRYPTION_KEY_FILE run it at its rate budget.
            """,
            subcommands: [Plan.self, Start.self, Pause.self, Resume.self, Cancel.self, Status.self, List.self])
    }
}

/// Who a campaign command acts for: `--provider NAME`, else the provider of `--api-key` (or `$ISSUER_API_KEY`),
/// else the only provider there is.
struct CampaignOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOptions
    @Option(help: "The provider's name (as given to `api-keys create --name`).") var provider: String?
    @Option(name: .customLong("api-key"), help: "Act as this API key's provider (default $ISSUER_API_KEY); it needs the scope the command does.")
    var apiKey: String?

    /// The provider's id; `scope` is what an API key must grant (`issue` to change campaigns, `read` to look).
    func providerID(_ store: IssuerStore, scope: String) async throws -> UUID {
        if let provider {
            guard let id = try await store.session.providerID(named: provider) else { throw CLIFailure.rejected("no provider named '\(provider)'") }
            return id
        }
        if let key = apiKey ?? ProcessInfo.processInfo.environment["ISSUER_API_KEY"].flatMap({ $0.isEmpty ? nil : $0 }) {
            guard let prefix = APIKey.prefix(of: key) else { throw CLIFailure.malformed("--api-key is not an API key (idos_<prefix>_<secret>)") }
            guard let record = try await store.session.liveAPIKey(prefix: prefix), APIKey.matches(key, storedHash: record.secretHash) else {
                throw CLIFailure.rejected("the API key is unknown or revoked")
            }
            guard record.scopes.contains(scope) || record.scopes.contains("admin") else {
                throw CLIFailure.rejected("the API key lacks the scope '\(scope)'")
            }
            return record.providerID
        }
        let all = try await store.session.providers()
        guard all.count == 1 else {
            throw CLIFailure.malformed("name the provider with --provider NAME or --api-key KEY (there are \(all.count) providers)")
        }
        return all[0].id
    }
}

/// A campaign id argument.
struct CampaignIDArgument: ParsableArguments {
    @Argument(help: "The campaign id.") var id: String

    func uuid() throws -> UUID {
        guard let uuid = UUID(uuidString: id) else { throw CLIFailure.malformed("'\(id)' is not a campaign id (a UUID)") }
        return uuid
    }
}

/// Campaign output: JSON, or lines for people.
enum CampaignPrinter {
    static func json(_ object: [String: Any]) {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        StandardStreams.write(Array(data) + [0x0a])
    }

    static func summary(_ c: CampaignRecord, _ p: CampaignProgress) -> String {
        var text = "\(c.id.uuidString.lowercased())  \(c.status.rawValue)  selected \(c.selected)  reissued \(p.reissued)  revoked \(p.revoked)"
            + "  failed \(p.failed)  pending \(p.pending)  in flight \(p.inFlight)"
        if p.skipped > 0 { text += "  skipped \(p.skipped)" }
        if let reason = c.haltReason, c.status == .halted { text += "\n  halted: \(reason)" }
        return text
    }

    static func preview(_ preview: CampaignPreview) -> String {
        var lines = ["selected \(preview.selected) credential(s)"]
        for sample in preview.samples {
            lines.append("credential \(sample.credentialID.uuidString.lowercased()):")
            if let error = sample.error { lines.append("  cannot be re-issued: \(error)"); continue }
            let before = sample.notesBefore.map { JSONSerializer.serialize(.object($0)) } ?? "-"
            let after = sample.notesAfter.map { JSONSerializer.serialize(.object($0)) } ?? "-"
            lines.append("  public notes  - \(before)")
            lines.append("                + \(after)")
            for change in sample.vcChanges {
                lines.append("  \(change.field): \(change.before.map(JSONSerializer.serialize) ?? "(none)") → \(change.after.map(JSONSerializer.serialize) ?? "(none)")")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// The re-issuer the CLI previews with, when the environment has the keys (as for a worker).
enum CLIReissuer {
    static func fromEnvironment(store: IssuerStore) throws -> CredentialReissuer? {
        let files = ProcessInfo.processInfo.environment["ISSUER_SIGNING_KEY_FILES"] ?? ""
        guard let first = files.split(separator: ",").first.map({ $0.trimmingCharacters(in: .whitespaces) }), !first.isEmpty else { return nil }
        let issuerKey = try ServiceSettings.privateKey(first, variable: "ISSUER_SIGNING_KEY_FILES")
        guard let keys = try ServiceSettings.campaignKeysFromEnvironment(issuerKey: issuerKey) else { return nil }
        return CredentialReissuer(issuance: IssuanceService(store: store, issuerKey: issuerKey, encryptionKey: keys.encryptionKey),
                                  keys: VCKeyRing(issuerBaseURL: keys.vcIssuer, keys: keys.vcKeys))
    }
}

extension IssuerCommand.Reissue {
    struct Plan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Plan a campaign: snapshot the selection and show what changes (with --dry-run, keep nothing).",
            discussion: """
            Prints the campaign id and the preview: how many credentials are selected and, for a sample, the public \
            notes before and after and the VC fields that change (the subject never changes and is never shown). The \
            sample needs the keys in the environment (ISSUER_SIGNING_KEY_FILES, ISSUER_VC_ISSUER, \
            ISSUER_ENCRYPTION_KEY_FILE and the VC key files), as a worker has them.
            """)
        @OptionGroup var campaign: CampaignOptions
        @Option(help: "Only credentials of this level.") var level: String?
        @Option(name: .customLong("issued-before"), help: "Only credentials accepted before this RFC 3339 instant or date.") var issuedBefore: String?
        @Option(help: "delivered (default) or pending.") var status: String = "delivered"
        @Option(name: .customLong("issuer-key"), help: "Only credentials signed by this VC key (<vcIssuer>/keys/N, or N).") var issuerKey: String?
        @Option(help: "Only credentials whose public notes' type is this.") var type: String?
        @Option(help: "Credentials per second (default: as fast as the concurrency cap allows).") var rate: Double?
        @Option(name: .customLong("public-notes"), help: "A JSON object merged into each new credential's public notes.") var publicNotes: String?
        @Option(name: .customLong("credential-fields"), help: "A JSON object of VC fields to replace (level, expirationDate, approvedAt, issued).")
        var credentialFields: String?
        @Option(name: .customLong("concurrency-per-node"), help: "New credentials on their way at once, per node (default 500).")
        var concurrencyPerNode: Int = 500
        @Option(name: .customLong("halt-error-rate"), help: "Halt when this share of results failed (default 0.2).") var haltErrorRate: Double = 0.2
        @Flag(name: .customLong("retire-key"), help: "A rotation: retire --issuer-key's key when the campaign finishes.") var retireKey = false
        @Flag(name: .customLong("dry-run"), help: "Show the selection and sample diff, keep nothing.") var dryRun = false
        @Flag(help: "Start the campaign right after planning it.") var start = false
        @Option(help: "Credentials in the sample diff (0…20).") var sample: Int = 3
        @Flag(help: "Print JSON.") var json = false

        func validate() throws {
            for (flag, value) in [("--level", level), ("--type", type)] where value.map(CampaignFilter.isPlainText) == false {
                throw ValidationError("\(flag) must not contain control characters")
            }
            guard ["delivered", "pending"].contains(status) else { throw ValidationError("--status must be delivered or pending") }
            if let rate { guard rate > 0, rate <= 100_000 else { throw ValidationError("--rate must be in (0, 100000]") } }
            guard (1...10_000).contains(concurrencyPerNode) else { throw ValidationError("--concurrency-per-node must be 1…10000") }
            guard haltErrorRate > 0, haltErrorRate <= 1 else { throw ValidationError("--halt-error-rate must be in (0, 1]") }
            guard (0...20).contains(sample) else { throw ValidationError("--sample must be 0…20") }
            guard !(dryRun && start) else { throw ValidationError("--dry-run and --start exclude each other") }
        }

        func object(_ text: String?, flag: String) throws -> JSONObject? {
            guard let text else { return nil }
            guard case .object(let object)? = try? JSONParser.parse(Array(text.utf8)) else { throw CLIFailure.malformed("\(flag) must be a JSON object") }
            return object
        }

        func run() async throws {
            try await reportingFailures {
                var filter = CampaignFilter(level: level, status: status == "pending" ? .pending : .delivered, type: type)
                var filterJSON = JSONObject()
                if let level { filterJSON["level"] = .string(level) }
                if let issuedBefore {
                    guard let date = CampaignFilter.instant(issuedBefore) else {
                        throw CLIFailure.malformed("--issued-before must be an RFC 3339 date-time or a date, got '\(issuedBefore)'")
                    }
                    filter.issuedBefore = date
                    filterJSON["issuedBefore"] = .string(issuedBefore)
                }
                filterJSON["status"] = .string(status)
                if let type { filterJSON["type"] = .string(type) }
                let notes = try object(publicNotes, flag: "--public-notes")
                let fields = try object(credentialFields, flag: "--credential-fields")
                for key in fields?.keys ?? [] where !["level", "expirationDate", "approvedAt", "issued"].contains(key) {
                    throw CLIFailure.malformed("--credential-fields: '\(key)' cannot be replaced; only level, expirationDate, approvedAt, issued")
                }
                if case .string(let l)? = fields?["level"], let problem = CredentialBuilder.levelProblem(l) {
                    throw CLIFailure.malformed("--credential-fields: level \(problem)")
                }
                let logger = CommandLogging.logger("idos-issuer.reissue", level: "warning")
                try await campaign.database.withStore(logger: logger) { store in
                    let providerID = try await campaign.providerID(store, scope: "issue")
                    let reissuer = try CLIReissuer.fromEnvironment(store: store)
                    if let issuerKey {
                        let version = reissuer.map { $0.keys.version(named: issuerKey) }
                            ?? (IssuerKeyConvention.base(ofKey: issuerKey) != nil ? Int(issuerKey.split(separator: "/").last ?? "") : Int(issuerKey))
                        guard let version, version > 0 else {
                            throw CLIFailure.malformed("--issuer-key must be <vcIssuer>/keys/N or N, got '\(issuerKey)'")
                        }
                        filter.vcKeyVersion = version
                        filterJSON["issuerKey"] = .string(issuerKey)
                    }
                    var plan = CampaignPlan(filter: filter, filterText: JSONSerializer.serialize(.object(filterJSON)))
                    plan.ratePerSecond = rate
                    plan.publicNotes = notes
                    plan.credentialFields = fields
                    plan.concurrencyPerNode = concurrencyPerNode
                    plan.haltErrorRate = haltErrorRate
                    plan.retireKey = retireKey
                    let service = CampaignService(store: store, reissuer: reissuer)
                    do {
                        if dryRun {
                            let preview = try await service.dryRun(plan, providerID: providerID, sample: sample)
                            if json { CampaignPrinter.json(CampaignView.json(preview, dryRun: true)) } else {
                                StandardStreams.write("dry run (nothing kept): " + CampaignPrinter.preview(preview))
                            }
                            return
                        }
                        let (planned, preview) = try await store.withTransaction { session in
                            var c = try await service.plan(plan, providerID: providerID, actor: OperatorIdentity.actor, in: session)
                            if start { c = try await service.apply("start", to: c.id, providerID: providerID, actor: OperatorIdentity.actor, in: session) }
                            return (c, try await service.preview(c, sample: sample, in: session))
                        }
                        if json {
                            var out = CampaignView.json(planned, try await store.session.campaignProgress(id: planned.id))
                            out["preview"] = CampaignView.json(preview, dryRun: false)
                            CampaignPrinter.json(out)
                        } else {
                            StandardStreams.write("campaign \(planned.id.uuidString.lowercased()) \(planned.status.rawValue)\n" + CampaignPrinter.preview(preview))
                            if reissuer == nil, preview.selected > 0 {
                                StandardStreams.writeError("(no sample diff: the VC and encryption keys are not in this environment)\n")
                            }
                        }
                    } catch let error as CampaignError {
                        throw CLIFailure.malformed("\(error)")
                    }
                }
            }
        }
    }

    /// start, pause, resume and cancel.
    protocol CampaignTransitionCommand: AsyncParsableCommand {
        static var action: String { get }
        var campaign: CampaignOptions { get }
        var id: CampaignIDArgument { get }
    }

    struct Transition {
        static func run(_ action: String, _ campaign: CampaignOptions, _ id: CampaignIDArgument) async throws {
            let uuid = try id.uuid()
            try await campaign.database.withStore(logger: CommandLogging.logger("idos-issuer.reissue", level: "warning")) { store in
                let providerID = try await campaign.providerID(store, scope: "issue")
                do {
                    let updated = try await store.withTransaction { session in
                        try await CampaignService(store: store, reissuer: nil).apply(action, to: uuid, providerID: providerID,
                                                                                   actor: OperatorIdentity.actor, in: session)
                    }
                    StandardStreams.write(CampaignPrinter.summary(updated, try await store.session.campaignProgress(id: uuid)) + "\n")
                } catch CampaignError.unknown {
                    throw CLIFailure.rejected("no campaign \(uuid.uuidString.lowercased()) of this provider")
                } catch let error as CampaignError {
                    throw CLIFailure.rejected("\(error)")
                }
            }
        }
    }

    struct Start: CampaignTransitionCommand {
        static let configuration = CommandConfiguration(abstract: "Start a planned campaign.")
        static let action = "start"
        @OptionGroup var campaign: CampaignOptions
        @OptionGroup var id: CampaignIDArgument
    }

    struct Pause: CampaignTransitionCommand {
        static let configuration = CommandConfiguration(abstract: "Pause a running campaign (credentials on their way still land).")
        static let action = "pause"
        @OptionGroup var campaign: CampaignOptions
        @OptionGroup var id: CampaignIDArgument
    }

    struct Resume: CampaignTransitionCommand {
        static let configuration = CommandConfiguration(abstract: "Resume a paused or halted campaign.")
        static let action = "resume"
        @OptionGroup var campaign: CampaignOptions
        @OptionGroup var id: CampaignIDArgument
    }

    struct Cancel: CampaignTransitionCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel a campaign: what is not yet re-issued is skipped.")
        static let action = "cancel"
        @OptionGroup var campaign: CampaignOptions
        @OptionGroup var id: CampaignIDArgument
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a campaign's progress; --watch follows it until it finishes, pauses, halts or is cancelled.",
            discussion: """
            On a terminal --watch draws a progress bar with the rate and the time left; otherwise it prints one plain \
            line per interval. Exits 0 when the campaign finished, 1 when it halted or was cancelled.
            """)
        @OptionGroup var campaign: CampaignOptions
        @OptionGroup var id: CampaignIDArgument
        @Flag(help: "Follow the campaign.") var watch = false
        @Option(help: "Seconds between updates with --watch.") var interval: Double = 1
        @Flag(help: "Print JSON (one object per update with --watch).") var json = false

        func validate() throws { guard interval >= 0.1, interval <= 3600 else { throw ValidationError("--interval must be 0.1…3600") } }

        func run() async throws {
            try await reportingFailures {
                let uuid = try id.uuid()
                let code: Int32 = try await campaign.database.withStore(logger: CommandLogging.logger("idos-issuer.reissue", level: "warning")) { store in
                    let providerID = try await campaign.providerID(store, scope: "read")
                    var meter = ProgressMeter(tty: !json && isatty(STDOUT_FILENO) == 1)
                    while true {
                        guard let c = try await store.session.campaign(id: uuid), c.providerID == providerID else {
                            throw CLIFailure.rejected("no campaign \(uuid.uuidString.lowercased()) of this provider")
                        }
                        let p = try await store.session.campaignProgress(id: uuid)
                        if json { CampaignPrinter.json(CampaignView.json(c, p)) } else if watch { meter.show(c, p) } else {
                            StandardStreams.write(CampaignPrinter.summary(c, p) + "\n")
                        }
                        let settled = c.status != .running && c.status != .planned
                        if !watch || settled {
                            if watch, !json { meter.end(c, p) }
                            return c.status == .halted || c.status == .cancelled ? 1 : 0
                        }
                        try await Task.sleep(for: .milliseconds(Int(interval * 1000)))
                    }
                }
                if code != 0 { throw ExitCode(code) }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a provider's campaigns, newest first.")
        @OptionGroup var campaign: CampaignOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await reportingFailures {
                try await campaign.database.withStore(logger: CommandLogging.logger("idos-issuer.reissue", level: "warning")) { store in
                    let providerID = try await campaign.providerID(store, scope: "read")
                    var items: [[String: Any]] = []
                    for c in try await store.session.campaigns(providerID: providerID) {
                        let p = try await store.session.campaignProgress(id: c.id)
                        if json { items.append(CampaignView.json(c, p)) } else { StandardStreams.write(CampaignPrinter.summary(c, p) + "\n") }
                    }
                    if json { CampaignPrinter.json(["items": items]) }
                }
            }
        }
    }
}

/// `status --watch`'s display: a redrawn bar with rate and ETA on a terminal, plain lines otherwise. The rate is
/// measured over the updates this process saw.
struct ProgressMeter {
    let tty: Bool
    private var first: (Date, Int)?

    init(tty: Bool) { self.tty = tty }

    mutating func show(_ c: CampaignRecord, _ p: CampaignProgress) {
        let now = Date()
        let done = p.reissued + p.failed + p.skipped
        if first == nil { first = (now, done) }
        let elapsed = now.timeIntervalSince(first!.0)
        let rate = elapsed > 0.5 ? Double(done - first!.1) / elapsed : 0
        let left = max(0, c.selected - done)
        let eta = rate > 0 ? Self.duration(Double(left) / rate) : "--:--"
        let share = c.selected > 0 ? Double(done) / Double(c.selected) : 1
        let rateText = String(format: "%.1f/s", rate)
        if tty {
            let width = 30
            let filled = min(width, Int(share * Double(width)))
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            StandardStreams.write("\r\u{1B}[2K\(bar) \(done)/\(c.selected) \(Int(share * 100))%  \(rateText)  ETA \(eta)  "
                                  + "revoked \(p.revoked)  failed \(p.failed)  \(c.status.rawValue)")
        } else {
            StandardStreams.write("\(Self.clock(now)) \(c.status.rawValue) reissued \(p.reissued)/\(c.selected) revoked \(p.revoked) failed \(p.failed) "
                                  + "pending \(p.pending) in-flight \(p.inFlight) rate \(rateText) eta \(eta)\n")
        }
    }

    func end(_ c: CampaignRecord, _ p: CampaignProgress) {
        if tty { StandardStreams.write("\n") }
        StandardStreams.write(CampaignPrinter.summary(c, p) + "\n")
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s % 3600 / 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }

    static func clock(_ date: Date) -> String { date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt)) }
}

extension IssuerCommand.Reissue.CampaignTransitionCommand {
    func run() async throws { try await reportingFailures { try await IssuerCommand.Reissue.Transition.run(Self.action, campaign, id) } }
}
