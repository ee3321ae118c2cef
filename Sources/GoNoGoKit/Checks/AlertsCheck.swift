import Foundation
import LocatedYAML

/// `alerts`: the required alerts exist, and every alert carries what on-call needs.
public struct AlertsCheck: Check {
  public static let description = CheckDescription(
    kind: "alerts",
    summary: "Prometheus rule files (or PrometheusRule resources) define the required alerts, "
      + "and every alerting rule has a runbook_url annotation that resolves, a severity label "
      + "and a 'for' duration.",
    parameters: [
      .init(
        "required", "list of strings",
        "Alert names that must be defined; * and ? match any text and any one character."),
      .init(
        "require_runbook_url", "boolean", "Every alert has a runbook_url annotation (default true)."
      ),
      .init("require_severity", "boolean", "Every alert has a severity label (default true)."),
      .init("require_for", "boolean", "Every alert has a non-zero 'for' duration (default true)."),
      .init(
        "runbooks_exist", "boolean",
        "A runbook_url that is a relative path (from the rule file's folder) or lies under "
          + "repository_url must name an existing file or folder in the evidence root (default "
          + "true). Other URLs are not fetched."),
      .init(
        "repository_url", "string",
        "The repository's web address up to the branch, e.g. "
          + "https://github.com/acme/shop/blob/main/; runbook URLs under it are evidence-root "
          + "paths."
      ),
    ],
    examples: [
      CheckExample(
        "kind: alerts\nfile: alerts.yaml\nrequired: [CheckoutHighErrorRate]",
        files: [
          "alerts.yaml": """
          groups:
            - name: checkout
              rules:
                - alert: CheckoutHighErrorRate
                  expr: job:errors:ratio5m{job="checkout"} > 0.01
                  for: 5m
                  labels: {severity: page}
                  annotations: {runbook_url: runbook.md}
          """,
          "runbook.md": "# Checkout\n",
        ], expected: .pass),
      CheckExample(
        "kind: alerts\nfile: alerts.yaml",
        files: [
          "alerts.yaml": """
          groups:
            - name: checkout
              rules:
                - alert: CheckoutHighErrorRate
                  expr: job:errors:ratio5m{job="checkout"} > 0.01
          """
        ], expected: .fail),
      CheckExample(
        "kind: alerts\nfile: alerts.yaml\nrequired: [Checkout*Latency*]",
        files: [
          "alerts.yaml": """
          groups:
            - name: checkout
              rules:
                - alert: CheckoutHighErrorRate
                  expr: job:errors:ratio5m{job="checkout"} > 0.01
                  for: 5m
                  labels: {severity: page}
                  annotations: {runbook_url: "https://runbooks.example.com/checkout"}
          """
        ], expected: .fail),
      CheckExample(
        "kind: alerts\nfile: rules.test.yaml",
        files: ["rules.test.yaml": "rule_files: [alerts.yaml]\ntests: []\n"], expected: .error),
    ])

  /// How many failing alerts are listed before the rest are counted.
  static let listLimit = 10

  public let location: SourceLocation
  public let evidence: EvidenceSelector
  let required: [Located<String>]
  let requireRunbookURL: Bool
  let requireSeverity: Bool
  let requireFor: Bool
  let runbooksExist: Bool
  let repositoryURL: String?

  public init?(_ parameters: CheckParameters) {
    let fields = parameters.fields
    location = parameters.location
    evidence = parameters.evidence
    required = fields.strings("required") ?? []
    requireRunbookURL = fields.bool("require_runbook_url") ?? true
    requireSeverity = fields.bool("require_severity") ?? true
    requireFor = fields.bool("require_for") ?? true
    runbooksExist = fields.bool("runbooks_exist") ?? true
    repositoryURL = fields.string("repository_url").map { $0.hasSuffix("/") ? $0 : $0 + "/" }
  }

  public func evaluate(_ context: EvaluationContext) -> [Finding] {
    let (files, errors) = context.files(evidence)
    var findings = errors
    var alerts: [(file: EvidenceFile, rule: PrometheusRule)] = []
    var problems: [Finding] = []
    var summaries: [Finding] = []
    var readable: [EvidenceFile] = []
    for file in files {
      switch context.cache.document(PrometheusRulesReader.self, for: file) {
      case .failure(let error):
        findings.append(
          .error(
            error.message,
            evidence: EvidenceLocation(file: file.path, line: error.line, column: error.column)))
      case .success(let rules):
        readable.append(file)
        let fileAlerts = rules.alerts
        let before = problems.count
        for rule in fileAlerts {
          alerts.append((file, rule))
          problems += judge(rule, file: file, context: context)
        }
        if !fileAlerts.isEmpty && problems.count == before {
          summaries.append(
            .pass(
              summary(fileAlerts.count, file: file), evidence: EvidenceLocation(file: file.path)))
        }
      }
    }
    guard !readable.isEmpty else { return findings }
    let names = readable.map(\.path).joined(separator: ", ")
    let place = readable.count == 1 ? EvidenceLocation(file: readable[0].path) : nil
    if alerts.isEmpty && findings.isEmpty {
      findings.append(
        Finding(
          .fail, "\(names) defines no alerting rules", evidence: place, measured: ["alerts": 0]))
    }
    for wanted in required {
      let matches = alerts.filter {
        AlertsCheck.matches($0.rule.alert ?? "", pattern: wanted.value)
      }
      guard let first = matches.first else {
        let verb = wanted.value.contains(where: { $0 == "*" || $0 == "?" }) ? "matches" : "is named"
        findings.append(
          Finding(
            .fail, "no alert \(verb) \(wanted.value) in \(names)", evidence: place,
            measured: ["alerts": .int(alerts.count)]))
        continue
      }
      let found = matches.map { $0.rule.alert ?? "" }
      let what =
        found == [wanted.value]
        ? "alert \(wanted.value) is defined"
        : "\(wanted.value) matches \(found.joined(separator: ", "))"
      findings.append(
        .pass(what, evidence: EvidenceLocation(file: first.file.path, line: first.rule.line)))
    }
    if problems.count > AlertsCheck.listLimit {
      let rest = problems.count - AlertsCheck.listLimit
      problems =
        Array(problems.prefix(AlertsCheck.listLimit)) + [
          .fail(
            "\(rest) more \(rest == 1 ? "problem" : "problems") with alerts in \(names) "
              + "\(rest == 1 ? "is" : "are") not listed",
            evidence: place)
        ]
    }
    return findings + summaries + problems
  }

  /// The problems of one alerting rule: missing runbook, severity or `for`, a runbook not found.
  private func judge(_ rule: PrometheusRule, file: EvidenceFile, context: EvaluationContext)
    -> [Finding]
  {
    let name = rule.alert ?? ""
    let at = EvidenceLocation(file: file.path, line: rule.line)
    var missing: [String] = []
    let runbook = rule.annotations["runbook_url"].flatMap {
      $0.value.trimmingWhitespace().isEmpty ? nil : $0
    }
    if requireRunbookURL && runbook == nil { missing.append("no runbook_url annotation") }
    if requireSeverity && (rule.labels["severity"]?.value.trimmingWhitespace().isEmpty ?? true) {
      missing.append("no severity label")
    }
    if requireFor {
      if let duration = rule.forDuration {
        if duration.seconds == 0 {
          missing.append("a 'for' of \(duration.text), so it fires on a single evaluation")
        }
      } else {
        missing.append("no 'for' duration")
      }
    }
    var findings: [Finding] = []
    if !missing.isEmpty {
      findings.append(
        .fail("alert \(name) in \(file.path) has \(AlertsCheck.sentence(missing))", evidence: at))
    }
    if runbooksExist, let runbook,
      let problem = runbookProblem(runbook.value, file: file, context: context)
    {
      findings.append(
        .fail(
          "the runbook_url of alert \(name) \(problem)",
          evidence: EvidenceLocation(
            file: file.path, line: runbook.location.line, column: runbook.location.column)))
    }
    return findings
  }

  /// Why a runbook URL that points into the evidence root does not resolve; nil when it does or
  /// when it points elsewhere (other URLs are never fetched) or is a template.
  private func runbookProblem(_ url: String, file: EvidenceFile, context: EvaluationContext)
    -> String?
  {
    // A template (`{{ $labels.runbook }}`) is filled in at alert time.
    var previous: UInt8 = 0
    for byte in url.utf8 {
      if byte == UInt8(ascii: "{") && previous == byte { return nil }
      previous = byte
    }
    var path: String
    if let repositoryURL, url.hasPrefix(repositoryURL) {
      path = String(url.dropFirst(repositoryURL.count))
    } else if url.hasPrefix("//") || AlertsCheck.hasScheme(url) {
      return nil
    } else if url.hasPrefix("/") {
      path = String(url.drop { $0 == "/" })
    } else {
      let directory = (file.path as NSString).deletingLastPathComponent
      path = directory.isEmpty ? url : directory + "/" + url
    }
    if let end = path.firstIndex(where: { $0 == "#" || $0 == "?" }) { path = String(path[..<end]) }
    if path.utf8.contains(UInt8(ascii: "%")) { path = path.removingPercentEncoding ?? path }
    if path.isEmpty || path.allSatisfy({ $0 == "/" }) { return nil }  // the root itself
    if EvidenceRoot.problem(withPath: path) != nil {
      return "(\(url)) leaves the evidence root"
    }
    let normalized = EvidenceRoot.normalize(path)
    let resolution = context.cache.resolution(ofNormalized: normalized)
    switch resolution {
    case .missing, .brokenLink:
      return "points at \(normalized), which does not exist"
    case .directory, .file:
      return nil
    case .outside, .special:
      if case .failure(let error) = EvidenceRoot.file(normalized, resolution) {
        return "cannot be followed: \(error.message)"
      }
      return nil
    }
  }

  private func summary(_ count: Int, file: EvidenceFile) -> String {
    var has: [String] = []
    if requireRunbookURL { has.append("a runbook_url") }
    if requireSeverity { has.append("a severity") }
    if requireFor { has.append("a 'for' duration") }
    let rules = count == 1 ? "1 alerting rule" : "\(count) alerting rules"
    guard !has.isEmpty else { return "\(file.path) has \(rules)" }
    let each = count == 1 ? "which has" : "each with"
    return "\(file.path) has \(rules), \(each) \(AlertsCheck.sentence(has))"
  }

  /// `a`, `a and b`, `a, b and c`.
  static func sentence(_ parts: [String]) -> String {
    guard parts.count > 1, let last = parts.last else { return parts.first ?? "" }
    return parts.dropLast().joined(separator: ", ") + " and " + last
  }

  /// Shell-style wildcard match: `*` any text, `?` one character; everything else literal.
  static func matches(_ name: String, pattern: String) -> Bool {
    let text = Array(name)
    let glob = Array(pattern)
    var (t, g) = (0, 0)
    var star: (glob: Int, text: Int)?
    while t < text.count {
      if g < glob.count && (glob[g] == "?" || glob[g] == text[t]) {
        t += 1
        g += 1
      } else if g < glob.count && glob[g] == "*" {
        star = (g, t)
        g += 1
      } else if let last = star {
        g = last.glob + 1
        t = last.text + 1
        star = (last.glob, last.text + 1)
      } else {
        return false
      }
    }
    while g < glob.count && glob[g] == "*" { g += 1 }
    return g == glob.count
  }

  static func hasScheme(_ url: String) -> Bool {
    guard let colon = url.firstIndex(of: ":") else { return false }
    let scheme = url[..<colon]
    return !scheme.isEmpty && !scheme.contains("/")
      && scheme.allSatisfy { $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." }
  }
}
