import Foundation
import LocatedYAML

/// The overall answer: may the release go?
public enum Verdict: String, Sendable, Equatable, Codable {
  /// Every blocker and major gate passes and no waiver is in use.
  case go = "go"
  /// No blocker fails, but a major gate fails or a waiver is in use.
  case conditionalGo = "conditional-go"
  /// A blocker gate fails or could not be evaluated.
  case noGo = "no-go"

  /// The words printed in reports: GO, CONDITIONAL GO, NO-GO.
  public var title: String {
    switch self {
    case .go: "GO"
    case .conditionalGo: "CONDITIONAL GO"
    case .noGo: "NO-GO"
    }
  }

  /// Red, amber or green.
  public var rag: String {
    switch self {
    case .go: "green"
    case .conditionalGo: "amber"
    case .noGo: "red"
    }
  }

  /// The process exit code: 1 for NO-GO; CONDITIONAL GO is 1 only with `--fail-on conditional`.
  public func exitCode(failOnConditional: Bool) -> Int32 {
    switch self {
    case .go: 0
    case .conditionalGo: failOnConditional ? 1 : 0
    case .noGo: 1
    }
  }
}

/// A gate's final status after waivers and disabling.
public enum GateStatus: String, Sendable, Equatable, Codable, CaseIterable {
  case pass, fail, error
  /// Before its `advisory_until` date: judged and reported (``GateResult/wouldBe``), but it does
  /// not count towards the verdict.
  case advisory
  case waived, disabled
}

/// One gate's outcome.
public struct GateResult: Sendable, Equatable {
  /// The gate's id.
  public var id: String
  /// The gate's title.
  public var title: String
  /// Who must act.
  public var owner: String
  /// How much it matters.
  public var severity: Severity
  /// Readiness area.
  public var category: Category?
  /// Final status.
  public var status: GateStatus
  /// Status before any waiver (pass, fail or error); nil for disabled gates.
  public var evaluated: Finding.Status?
  /// Where the gate is defined.
  public var location: SourceLocation
  /// Evidence paths consulted, relative to the root, in order.
  public var evidence: [String]
  /// What the checks found.
  public var findings: [Finding]
  /// What to do about a failure.
  public var remediation: String?
  /// More documentation.
  public var docs: String?
  /// Why the gate is disabled.
  public var disabledReason: String?
  /// The program workstream the gate belongs to, when the report rolls up a program.
  public var workstream: String?
  /// The evidence root its evidence paths are relative to, as the user named it ("" for the
  /// working directory); nil when unknown.
  public var evidenceRoot: String?
  /// For an advisory gate, the status it would have if it were enforced (pass, fail or error).
  public var wouldBe: GateStatus?
  /// The day (`YYYY-MM-DD`, UTC) from which the gate is enforced, while that day is still ahead;
  /// also kept on a gate that `--enforce-advisory` enforced early.
  public var advisoryUntil: String?
  /// The pack the gate comes from, with its location there (`location` is then the
  /// `extends:` entry).
  public var pack: PackOrigin? = nil
  /// Why the gate applies at the report's tier and at which severity; nil without a tier.
  public var tierNote: String? = nil

  /// Creates a gate result.
  public init(
    id: String, title: String, owner: String, severity: Severity, category: Category?,
    status: GateStatus, evaluated: Finding.Status?, location: SourceLocation, evidence: [String],
    findings: [Finding], remediation: String?, docs: String?, disabledReason: String?
  ) {
    self.id = id
    self.title = title
    self.owner = owner
    self.severity = severity
    self.category = category
    self.status = status
    self.evaluated = evaluated
    self.location = location
    self.evidence = evidence
    self.findings = findings
    self.remediation = remediation
    self.docs = docs
    self.disabledReason = disabledReason
  }

  /// True when the gate failed or errored (and is not waived or disabled).
  public var isFailing: Bool { status == .fail || status == .error }
}

/// What became of a waiver in this run.
public struct WaiverResult: Sendable, Equatable {
  /// Whether and why a waiver applies.
  public enum State: String, Sendable, Equatable, Codable {
    /// It waives a failing gate.
    case active
    /// Valid, but its gate passes: nothing to waive.
    case unused
    /// Past its expiry date: does not waive.
    case expired
    /// No approver: does not waive.
    case unapproved
    /// No expiry date: does not waive.
    case noExpiry = "no-expiry"
  }

  /// The waiver as written.
  public var waiver: Waiver
  /// What became of it.
  public var state: State
  /// The program workstream the waiver belongs to, when the report rolls up a program.
  public var workstream: String?

  /// Creates a waiver result.
  public init(waiver: Waiver, state: State) {
    self.waiver = waiver
    self.state = state
  }
}

/// A whole go/no-go report: the input of every renderer.
public struct Report: Sendable, Equatable {
  /// The JSON report's schema id.
  public static let schema = "gonogo.report/v1"
  /// The revision of that schema: additive changes raise the minor number (1.1 added advisory
  /// gates).
  public static let schemaVersion = "1.1"

  /// The verdict.
  public var verdict: Verdict
  /// The evaluation time.
  public var now: Date
  /// The program being released.
  public var program: String
  /// The release.
  public var release: String
  /// The definition files read.
  public var sources: [String]
  /// Gate outcomes, in definition order.
  public var gates: [GateResult]
  /// Waivers and what became of them.
  public var waivers: [WaiverResult]
  /// Warnings found in the definitions.
  public var diagnostics: [Diagnostic]
  /// The forecast of each rollout plan, in load order.
  public var rollout: [Schedule] = []
  /// Per-workstream verdicts, when the report rolls up a program.
  public var workstreams: [WorkstreamResult] = []
  /// Every evidence file the run resolved (read, or checked for presence or age), undigested.
  public var evidenceInputs: [InputFile] = []
  /// Digests of `evidenceInputs`, sorted by path; filled by `computeDigests()`.
  public var evidenceFiles: [FileDigest] = []
  /// Digests of the definition files read from disk (checklists, plans, the program, local
  /// packs), sorted by path; filled by `computeDigests()`.
  public var definitionFiles: [FileDigest] = []
  /// Whether `computeDigests()` has run: the lists above are empty until then.
  public private(set) var digestsComputed = false
  /// The decision record written in the same run, for the printout's footer.
  public var recordSeal: RecordSeal?
  /// The service tier the gates were judged at; nil when none is declared (in a program, each
  /// workstream has its own, in `workstreams`).
  public var tier: ServiceTier? = nil
  /// The gates the tier left out: not evaluated, not counted.
  public var excludedByTier: [TierExclusion] = []

  /// Creates a report.
  public init(
    verdict: Verdict, now: Date, program: String, release: String, sources: [String],
    gates: [GateResult], waivers: [WaiverResult], diagnostics: [Diagnostic]
  ) {
    self.verdict = verdict
    self.now = now
    self.program = program
    self.release = release
    self.sources = sources
    self.gates = gates
    self.waivers = waivers
    self.diagnostics = diagnostics
  }

  /// The definition files the report rests on: its sources and every local pack a gate or waiver
  /// came from (built-in packs are part of the tool, named by its version).
  public var definitionInputs: [InputFile] {
    var paths = Set(sources)
    for gate in gates where !gate.location.file.hasPrefix("builtin:") {
      paths.insert(gate.location.file)
    }
    for waiver in waivers where !waiver.waiver.location.file.hasPrefix("builtin:") {
      paths.insert(waiver.waiver.location.file)
    }
    return paths.filter { !$0.isEmpty }.map { InputFile(path: $0, url: URL(fileURLWithPath: $0)) }
  }

  /// Reads and digests every definition and evidence file the run used, once.
  public mutating func computeDigests() {
    guard !digestsComputed else { return }
    evidenceFiles = InputFile.digests(evidenceInputs)
    definitionFiles = InputFile.digests(definitionInputs)
    digestsComputed = true
  }

  /// This report with its digests computed.
  public func withDigests() -> Report {
    var report = self
    report.computeDigests()
    return report
  }

  /// Gate counts by status, every status present.
  public var summary: [GateStatus: Int] {
    var counts = Dictionary(uniqueKeysWithValues: GateStatus.allCases.map { ($0, 0) })
    for index in gates.indices { counts[gates[index].status, default: 0] += 1 }
    return counts
  }

  /// Failing gates of a severity, in order.
  public func failing(_ severity: Severity) -> [GateResult] {
    gates.filter { $0.isFailing && $0.severity == severity }
  }
}

/// One workstream's outcome in a program roll-up.
public struct WorkstreamResult: Sendable, Equatable {
  /// The workstream's name.
  public var name: String
  /// Who answers for it.
  public var owner: String
  /// Its own verdict.
  public var verdict: Verdict
  /// The definition files it read.
  public var sources: [String]
  /// Its gate counts by status.
  public var summary: [GateStatus: Int]
  /// The tier its gates were judged at.
  public var tier: ServiceTier? = nil

  /// Creates a workstream result.
  public init(
    name: String, owner: String, verdict: Verdict, sources: [String], summary: [GateStatus: Int]
  ) {
    self.name = name
    self.owner = owner
    self.verdict = verdict
    self.sources = sources
    self.summary = summary
  }
}
