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
        "Count only vulnerabilities with a fix available; SARIF results always count."),
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

  /// A vulnerability and the report that lists it.
  struct Listed {
    var vulnerability: Vulnerability
    var file: String
  }

  public func evaluate(_ context: EvaluationContext) -> [Finding] {
    let (files, errors) = context.files(evidence)
    var findings = errors
    var listed: [Listed] = []
    var formats: Set<VulnerabilityReport.Format> = []
    var read: [String] = []
    var seen: Set<[String]> = []
    for file in files {
      switch context.cache.document(VulnerabilityReportReader.self, for: file) {
      case .failure(let error):
        findings.append(
          .error(
            error.message,
            evidence: EvidenceLocation(file: file.path, line: error.line, column: error.column)))
      case .success(let report):
        formats.insert(report.format)
        read.append(file.path)
        for item in report.vulnerabilities {
          if seen.insert(item.identity).inserted {
            listed.append(Listed(vulnerability: item, file: file.path))
          }
        }
      }
    }
    guard !read.isEmpty else { return findings }
    let noun: (Int) -> String = { count in
      formats.contains(.sarif)
        ? (count == 1 ? "finding" : "findings")
        : (count == 1 ? "vulnerability" : "vulnerabilities")
    }
    let whoHas = read.count == 1 ? "\(read[0]) has" : "\(read.count) scan reports have"
    let report = read.count == 1 ? EvidenceLocation(file: read[0]) : nil
    return findings + judge(listed, whoHas: whoHas, report: report, noun: noun, now: context.now)
  }

  private func judge(
    _ listed: [Listed], whoHas: String, report: EvidenceLocation?, noun: (Int) -> String,
    now: Date
  ) -> [Finding] {
    let active = allow.filter { now < $0.expires.end }
    var counted: [Listed] = []
    var allowed = 0
    var withoutFix = 0
    for item in listed {
      if fixableOnly && !item.vulnerability.fixable {
        withoutFix += 1
      } else if active.contains(where: { item.vulnerability.isNamed($0.id) }) {
        allowed += 1
      } else {
        counted.append(item)
      }
    }
    var counts: [VulnerabilitySeverity: Int] = [:]
    for item in counted { counts[item.vulnerability.severity, default: 0] += 1 }
    var measured: [String: JSONValue] = [:]
    for severity in VulnerabilitySeverity.allCases {
      measured[severity.name] = .int(counts[severity] ?? 0)
    }
    if !allow.isEmpty { measured["allowed"] = .int(allowed) }
    if fixableOnly { measured["without_fix"] = .int(withoutFix) }
    var expected: [String: JSONValue] = [:]
    if let maxSeverity { expected["max_severity"] = .string(maxSeverity.rawValue) }
    if !maxCounts.isEmpty {
      expected["max_counts"] = .object(
        Dictionary(uniqueKeysWithValues: maxCounts.map { ($0.key.name, JSONValue.int($0.value)) }))
    }
    let fixable = fixableOnly ? "fixable " : ""
    var findings: [Finding] = []
    var offending: [Listed] = []
    if let maxSeverity {
      let above = counted.filter { maxSeverity.isExceeded(by: $0.vulnerability.severity) }
      if !above.isEmpty {
        findings.append(
          Finding(
            .fail,
            "\(whoHas) \(above.count) \(fixable)\(noun(above.count)) above max_severity "
              + "\(maxSeverity.rawValue) (\(Self.breakdown(above)))",
            evidence: report, measured: measured, expected: expected))
        offending += above
      }
    }
    for severity in VulnerabilitySeverity.allCases.reversed() {
      guard let limit = maxCounts[severity], let count = counts[severity], count > limit else {
        continue
      }
      let these = counted.filter { $0.vulnerability.severity == severity }
      findings.append(
        Finding(
          .fail,
          "\(whoHas) \(count) \(severity.name) \(fixable)\(noun(count)); "
            + "max_counts allows \(limit)",
          evidence: report, measured: measured, expected: expected))
      let already = Set(offending.map(\.vulnerability.identity))
      offending += these.filter { !already.contains($0.vulnerability.identity) }
    }
    findings += list(offending, noun: noun)
    findings += expiredEntries(listed, offending: offending, now: now)
    if !findings.contains(where: { $0.status != .pass }) {
      findings.insert(
        Finding(
          .pass, passMessage(whoHas, counted, allowed: allowed, withoutFix: withoutFix, noun: noun),
          evidence: report, measured: measured, expected: expected),
        at: 0)
    }
    return findings
  }

  /// The offending findings, most severe first: the first ten, then a count.
  private func list(_ offending: [Listed], noun: (Int) -> String) -> [Finding] {
    let sorted = offending.enumerated().sorted {
      ($0.element.vulnerability.severity, $1.offset) > (
        $1.element.vulnerability.severity, $0.offset
      )
    }.map(\.element)
    var findings = sorted.prefix(Self.listLimit).map {
      Finding.fail(Self.describe($0.vulnerability), evidence: EvidenceLocation(file: $0.file))
    }
    if sorted.count > Self.listLimit {
      let rest = sorted.count - Self.listLimit
      findings.append(.fail("and \(rest) more offending \(noun(rest))"))
    }
    return findings
  }

  /// One finding per expired allow-list entry; it fails when its finding is now over a limit.
  private func expiredEntries(_ listed: [Listed], offending: [Listed], now: Date) -> [Finding] {
    allow.filter { now >= $0.expires.end }.map { entry in
      let at = "\(entry.location.file):\(entry.location.line)"
      let head =
        "the allow-list entry for \(entry.id) (\(at), approved by \(entry.approvedBy)) "
        + "expired on \(entry.expires.text)"
      if offending.contains(where: { $0.vulnerability.isNamed(entry.id) }) {
        return .fail(head + " and no longer allows it")
      }
      if listed.contains(where: { $0.vulnerability.isNamed(entry.id) }) {
        return .pass(head + "; \(entry.id) is within the limits without it")
      }
      return .pass(head + " and matches nothing in the report; remove it")
    }
  }

  private func passMessage(
    _ whoHas: String, _ counted: [Listed], allowed: Int, withoutFix: Int, noun: (Int) -> String
  ) -> String {
    let fixable = fixableOnly ? "fixable " : ""
    var text: String
    if counted.isEmpty {
      text = "\(whoHas) no \(fixable)\(noun(0))"
    } else {
      text =
        "\(whoHas) \(counted.count) \(fixable)\(noun(counted.count)) (\(Self.breakdown(counted)))"
      var within: [String] = []
      if let maxSeverity { within.append("none above max_severity \(maxSeverity.rawValue)") }
      if !maxCounts.isEmpty { within.append("within max_counts") }
      text += ", " + within.joined(separator: " and ")
    }
    if allowed > 0 { text += "; \(allowed) allowed by the allow list" }
    if withoutFix > 0 { text += "; \(withoutFix) without a fix not counted" }
    return text
  }

  /// "1 critical, 2 high": the non-zero counts, most severe first.
  static func breakdown(_ items: [Listed]) -> String {
    VulnerabilitySeverity.allCases.reversed().compactMap { severity in
      let count = items.filter { $0.vulnerability.severity == severity }.count
      return count == 0 ? nil : "\(count) \(severity.name)"
    }.joined(separator: ", ")
  }

  /// "CVE-2023-0286 (high) in openssl 3.0.2, fixed in 3.0.8", or a SARIF rule at its location.
  static func describe(_ item: Vulnerability) -> String {
    var text = "\(item.id) (\(item.severity.name))"
    if let package = item.package {
      text += " in \(package)"
      if let installed = item.installedVersion { text += " \(installed)" }
      text += item.fixedVersion.map { ", fixed in \($0)" } ?? ", no fix available"
    } else if let location = item.location {
      text += " at \(location)"
    }
    return text
  }
}
