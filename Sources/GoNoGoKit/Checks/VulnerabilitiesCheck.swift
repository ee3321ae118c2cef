import Foundation
import LocatedYAML

/// `vulnerabilities`: scan reports stay under a severity ceiling or per-severity counts.
public struct VulnerabilitiesCheck: Check {
  public static let description = CheckDescription(
    kind: "vulnerabilities",
    summary: "Trivy JSON, Grype JSON or SARIF 2.1.0 scan reports (told apart by content) list "
      + "nothing above max_severity and no more than max_counts per severity; allow-list entries "
      + "need id, reason, approved_by and expires, and stop allowing once expired. Severity "
      + "order: critical, high, medium, low, negligible, unknown. SARIF results take their "
      + "rule's security-severity (≥ 9 critical, ≥ 7 high, ≥ 4 medium, > 0 low), else their "
      + "level (error high, warning medium, note low, none negligible).",
    parameters: [
      .init(
        "max_severity", "severity",
        "Highest severity allowed (none, negligible, low, medium, high, critical); above fails."),
      .init(
        "max_counts", "mapping",
        "Most findings allowed per severity, each on its own: {critical: 0, high: 0, medium: 5}."),
      .init(
        "fixable_only", "boolean",
        "Count only vulnerabilities with a fix available; secrets, misconfigurations and SARIF "
          + "results always count."),
      .init(
        "classes", "list of strings",
        "Which findings count (default all): vulnerabilities (Trivy, Grype), secrets and "
          + "misconfigurations (Trivy), findings (SARIF results); the rest are reported, not "
          + "counted."),
      .init(
        "allow", "list of mappings",
        "Accepted findings, each with id, reason, approved_by and expires (YYYY-MM-DD)."),
    ],
    examples: [
      CheckExample(
        "kind: vulnerabilities\nfile: trivy.json\nmax_severity: medium",
        files: ["trivy.json": VulnerabilitiesCheck.exampleTrivy("MEDIUM")], expected: .pass),
      CheckExample(
        "kind: vulnerabilities\nfile: trivy.json\nmax_severity: medium",
        files: ["trivy.json": VulnerabilitiesCheck.exampleTrivy("CRITICAL")], expected: .fail),
      CheckExample(
        "kind: vulnerabilities\nfile: trivy.json\nmax_counts: {critical: 0, high: 0}",
        files: ["trivy.json": VulnerabilitiesCheck.exampleTrivy("HIGH")], expected: .fail),
      CheckExample(
        """
        kind: vulnerabilities
        file: trivy.json
        max_severity: medium
        allow:
          - id: CVE-2024-35195
            reason: requests is only used against our own API
            approved_by: Dana Lee (security)
            expires: 2026-12-31
        """,
        files: ["trivy.json": VulnerabilitiesCheck.exampleTrivy("HIGH")], expected: .pass),
      CheckExample(
        """
        kind: vulnerabilities
        file: trivy.json
        max_severity: medium
        allow:
          - id: CVE-2024-35195
            reason: requests is only used against our own API
            approved_by: Dana Lee (security)
            expires: 2026-11-15
        """,
        files: ["trivy.json": VulnerabilitiesCheck.exampleTrivy("HIGH")], expected: .fail),
      CheckExample(
        "kind: vulnerabilities\nfile: grype.json\nmax_severity: high\nfixable_only: true",
        files: [
          "grype.json": """
          {"matches": [{"vulnerability": {"id": "CVE-2023-45853", "severity": "Critical",
          "fix": {"versions": [], "state": "not-fixed"}}, "artifact": {"name": "zlib1g",
          "version": "1:1.2.13.dfsg-1"}}]}
          """
        ], expected: .pass),
      CheckExample(
        "kind: vulnerabilities\nfile: scan.sarif\nmax_severity: low",
        files: [
          "scan.sarif": """
          {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "Semgrep OSS", "rules": [
          {"id": "eval-used", "properties": {"security-severity": "7.5"}}]}},
          "results": [{"ruleId": "eval-used", "message": {"text": "eval() runs arbitrary code"}}]}]}
          """
        ], expected: .fail),
      CheckExample(
        "kind: vulnerabilities\nfile: trivy.json\nmax_severity: high",
        files: [
          "trivy.json": """
          {"SchemaVersion": 2, "Results": [{"Target": "deploy/.env", "Class": "secret",
          "Secrets": [{"RuleID": "aws-access-key-id", "Severity": "CRITICAL", "StartLine": 3,
          "Title": "AWS Access Key ID"}]}]}
          """
        ], expected: .fail),
      CheckExample(
        "kind: vulnerabilities\nfile: trivy.json\nmax_severity: high",
        files: ["trivy.json": "{\"SchemaVersion\": 2, \"Results\": ["], expected: .error),
    ])

  static func exampleTrivy(_ severity: String) -> String {
    """
    {"SchemaVersion": 2, "ArtifactName": "checkout-api:2.4.0", "Results": [{"Target":
    "requirements.txt", "Class": "lang-pkgs", "Type": "pip", "Vulnerabilities": [{
    "VulnerabilityID": "CVE-2024-35195", "PkgName": "requests", "InstalledVersion": "2.31.0",
    "FixedVersion": "2.32.0", "Severity": "\(severity)"}]}]}
    """
  }

  /// How many offending findings are listed before the rest are counted.
  static let listLimit = 10

  /// The highest severity `max_severity` lets through.
  enum Ceiling: String, CaseIterable, Sendable {
    case none, negligible, low, medium, high, critical

    /// The severities above the ceiling: `unknown` only exceeds `none`.
    func isExceeded(by severity: VulnerabilitySeverity) -> Bool {
      switch self {
      case .none: true
      case .negligible: severity > .negligible
      case .low: severity > .low
      case .medium: severity > .medium
      case .high: severity > .high
      case .critical: false
      }
    }
  }

  /// An accepted finding with its governance fields.
  struct AllowEntry: Sendable {
    var id: String
    var reason: String
    var approvedBy: String
    var expires: DateValue
    var location: SourceLocation
  }

  public let location: SourceLocation
  public let evidence: EvidenceSelector
  let maxSeverity: Ceiling?
  let maxCounts: [VulnerabilitySeverity: Int]
  let fixableOnly: Bool
  let allow: [AllowEntry]
  /// The classes the gate counts, as written; nil counts every class.
  let classes: [FindingClass]?

  public init?(_ parameters: CheckParameters) {
    let fields = parameters.fields
    let sink = parameters.sink
    location = parameters.location
    evidence = parameters.evidence
    maxSeverity = fields.choice("max_severity", Ceiling.self)
    fixableOnly = fields.bool("fixable_only") ?? false
    var counts: [VulnerabilitySeverity: Int] = [:]
    if let node = fields.value("max_counts") {
      let names = VulnerabilitySeverity.allCases.reversed().map(\.name)
      if let mapping = Fields(node, context: "'max_counts'", known: names, sink: sink) {
        for severity in VulnerabilitySeverity.allCases {
          if let limit = mapping.int(severity.name, in: 0...1_000_000) { counts[severity] = limit }
        }
        if mapping.node.mapping?.isEmpty ?? true {
          sink.error(
            node.location, "'max_counts' names no severity", hint: "e.g. {critical: 0, high: 2}")
        }
      }
    }
    maxCounts = counts
    if !fields.has("max_severity") && !fields.has("max_counts") {
      sink.error(
        fields.node.location, "\(fields.context) sets no limit",
        hint: "add 'max_severity: medium' or 'max_counts: {critical: 0, high: 0}'")
    }
    classes = Self.classes(fields, sink: sink)
    var entries: [AllowEntry] = []
    for node in fields.sequence("allow") ?? [] {
      let known = ["id", "reason", "approved_by", "expires"]
      guard let entry = Fields(node, context: "an allow-list entry", known: known, sink: sink)
      else { continue }
      let id = entry.string("id", required: true)
      let reason = entry.string("reason", required: true)
      let approver = entry.string("approved_by", required: true)
      let expires = entry.date("expires", required: true)
      guard let id, let reason, let approver, let expires else { continue }
      if entries.contains(where: { $0.id.lowercased() == id.lowercased() }) {
        sink.error(entry.location(of: "id"), "'\(id)' is on the allow list twice; keep one entry")
      }
      entries.append(
        AllowEntry(
          id: id, reason: reason, approvedBy: approver, expires: expires, location: node.location))
    }
    allow = entries
  }

  /// `classes: [vulnerabilities, secrets]`: known plural names, at least one.
  private static func classes(_ fields: Fields, sink: DiagnosticSink) -> [FindingClass]? {
    guard let written = fields.strings("classes") else { return nil }
    let names = FindingClass.allCases.map(\.plural)
    var chosen: [FindingClass] = []
    for name in written {
      guard let match = FindingClass.allCases.first(where: { $0.plural == name.value }) else {
        sink.error(
          name.location,
          "'classes' in \(fields.context) lists '\(name.value)'; the classes are "
            + "\(names.dropLast().joined(separator: ", ")) and \(names.last ?? "")"
            + Suggestion.didYouMean(name.value, in: names))
        continue
      }
      if !chosen.contains(match) { chosen.append(match) }
    }
    if written.isEmpty {
      sink.error(
        fields.location(of: "classes"), "'classes' in \(fields.context) lists no class",
        hint: "e.g. [vulnerabilities, secrets, misconfigurations]")
    }
    return chosen
  }

  /// A finding and the report that lists it; `index` is its place among all listed.
  struct Listed {
    var vulnerability: Vulnerability
    var file: String
    var index: Int
  }

  public func evaluate(_ context: EvaluationContext) -> [Finding] {
    let (files, errors) = context.files(evidence)
    var findings = errors
    var listed: [Listed] = []
    var formats: Set<VulnerabilityReport.Format> = []
    var read: [String] = []
    for file in files {
      switch context.cache.document(VulnerabilityReportReader.self, for: file) {
      case .failure(let error):
        findings.append(
          .error(
            error.message,
            evidence: EvidenceLocation(file: file.path, line: error.line, column: error.column)))
      case .success(let report):
        if let mismatch = classMismatch(report.format, file: file.path) {
          findings.append(.error(mismatch, evidence: EvidenceLocation(file: file.path)))
          continue
        }
        formats.insert(report.format)
        read.append(file.path)
        for item in report.vulnerabilities {
          listed.append(Listed(vulnerability: item, file: file.path, index: listed.count))
        }
      }
    }
    guard !read.isEmpty else { return findings }
    let whoHas = read.count == 1 ? "\(read[0]) has" : "\(read.count) scan reports have"
    let report = read.count == 1 ? EvidenceLocation(file: read[0]) : nil
    let tally = tally(listed, formats: formats, now: context.now)
    return findings + judge(tally, whoHas: whoHas, report: report, now: context.now)
  }

  /// The findings sorted into what counts and what was set aside, and why.
  struct Tally {
    var listed: [Listed]
    var formats: Set<VulnerabilityReport.Format>
    var counted: [Listed] = []
    var undecided: [Listed] = []
    var allowed = 0
    var withoutFix = 0
    var suppressed = 0
    var ignored = 0
    var outside: [FindingClass: Int] = [:]
  }

  private func tally(
    _ listed: [Listed], formats: Set<VulnerabilityReport.Format>, now: Date
  ) -> Tally {
    let active = allow.filter { now < $0.expires.end }
    let chosen = Set(classes ?? FindingClass.allCases)
    var tally = Tally(listed: listed, formats: formats)
    for item in listed {
      let found = item.vulnerability
      let allowed = active.contains { found.isNamed($0.id) }
      guard chosen.contains(found.findingClass) else {
        tally.outside[found.findingClass, default: 0] += 1
        continue
      }
      switch found.disposition {
      case .suppressed: tally.suppressed += 1
      case .ignored: tally.ignored += 1
      case .undecided:
        if allowed { tally.allowed += 1 } else { tally.undecided.append(item) }
      case .open:
        if fixableOnly && !found.fixable {
          tally.withoutFix += 1
        } else if allowed {
          tally.allowed += 1
        } else {
          tally.counted.append(item)
        }
      }
    }
    return tally
  }

  private func measured(_ tally: Tally) -> [String: JSONValue] {
    var measured: [String: JSONValue] = [:]
    for severity in VulnerabilitySeverity.allCases {
      measured[severity.name] = .int(
        tally.counted.filter { $0.vulnerability.severity == severity }.count)
    }
    for found in Set(tally.formats.flatMap(\.classes)) {
      measured[found.plural] = .int(
        tally.counted.filter { $0.vulnerability.findingClass == found }.count)
    }
    if !tally.formats.isDisjoint(with: [.trivy, .sarif]) {
      measured["suppressed"] = .int(tally.suppressed)
    }
    if tally.formats.contains(.grype) { measured["ignored"] = .int(tally.ignored) }
    if tally.formats.contains(.sarif) { measured["undecided"] = .int(tally.undecided.count) }
    if !allow.isEmpty { measured["allowed"] = .int(tally.allowed) }
    if fixableOnly { measured["without_fix"] = .int(tally.withoutFix) }
    if classes != nil { measured["not_in_classes"] = .int(tally.outside.values.reduce(0, +)) }
    return measured
  }

  private func judge(_ tally: Tally, whoHas: String, report: EvidenceLocation?, now: Date)
    -> [Finding]
  {
    let measured = measured(tally)
    var expected: [String: JSONValue] = [:]
    if let maxSeverity { expected["max_severity"] = .string(maxSeverity.rawValue) }
    if !maxCounts.isEmpty {
      expected["max_counts"] = .object(
        Dictionary(uniqueKeysWithValues: maxCounts.map { ($0.key.name, JSONValue.int($0.value)) }))
    }
    let setAside = setAsideNotes(tally)
    let counted = tally.counted
    var findings: [Finding] = []
    var offending: [Listed] = []
    var listedAlready: Set<Int> = []
    if let maxSeverity {
      let above = counted.filter { maxSeverity.isExceeded(by: $0.vulnerability.severity) }
      if !above.isEmpty {
        findings.append(
          Finding(
            .fail,
            "\(whoHas) \(phrase(above)) above max_severity \(maxSeverity.rawValue) "
              + "(\(Self.breakdown(above)))" + setAside,
            evidence: report, measured: measured, expected: expected))
        offending += above
        listedAlready.formUnion(above.map(\.index))
      }
    }
    for severity in VulnerabilitySeverity.allCases.reversed() {
      let these = counted.filter { $0.vulnerability.severity == severity }
      guard let limit = maxCounts[severity], these.count > limit else { continue }
      let classes = Set(these.map(\.vulnerability.findingClass))
      let what =
        classes.count == 1
        ? "\(these.count) \(severity.name) \(noun(these))"
        : "\(these.count) \(severity.name) findings (\(phrase(these, joiner: ", ")))"
      findings.append(
        Finding(
          .fail, "\(whoHas) \(what); max_counts allows \(limit)" + setAside,
          evidence: report, measured: measured, expected: expected))
      offending += these.filter { !listedAlready.contains($0.index) }
      listedAlready.formUnion(these.map(\.index))
    }
    findings += list(offending)
    // What the reports set aside is said once, by the first headline.
    let notes = findings.isEmpty ? setAside : ""
    let undecided = undecided(
      tally.undecided, whoHas: whoHas, report: report, measured: measured, notes: notes)
    findings += undecided.map { finding in
      var finding = finding
      if finding.measured != nil { finding.expected = expected }
      return finding
    }
    findings += expiredEntries(tally.listed, offending: offending + tally.undecided, now: now)
    if !findings.contains(where: { $0.status != .pass }) {
      findings.insert(
        Finding(
          .pass, passMessage(whoHas, tally) + setAside, evidence: report, measured: measured,
          expected: expected),
        at: 0)
    }
    return findings
  }
}
