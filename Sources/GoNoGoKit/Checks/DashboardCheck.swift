import Foundation
import LocatedYAML

/// `dashboard`: the service's Grafana dashboard shows what on-call needs to see.
public struct DashboardCheck: Check {
  public static let description = CheckDescription(
    kind: "dashboard",
    summary: "A Grafana dashboard (JSON model, HTTP API export, GrafanaDashboard or ConfigMap; "
      + "each dashboard of a file judged on its own) has the required panels, covers the golden "
      + "signals, gives every panel a datasource and, with service, scopes every query to the "
      + "service.",
    parameters: [
      .init(
        "panels", "list",
        "Required panels: a text matches a panel's title or query; {title: …, query: …} matches "
          + "both. Case-insensitive substrings, or regular expressions written /like this/."),
      .init(
        "golden_signals", "boolean",
        "Panels must cover latency, traffic, errors and saturation, by title or query: "
          + DashboardCheck.signalWords + "."),
      .init(
        "datasources", "boolean",
        "Every panel that queries data names a datasource, on the panel or on each query, and "
          + "every ${…} placeholder is declared in __inputs or the variables (default true)."),
      .init("service", "string", "Every query mentions this service or the service variable."),
      .init(
        "service_variable", "string", "The dashboard variable that selects the service (service)."),
    ],
    examples: [
      CheckExample(
        "kind: dashboard\nfile: dash.json\npanels: [p95 latency]",
        files: ["dash.json": DashboardCheck.example(title: "p95 latency")], expected: .pass),
      CheckExample(
        "kind: dashboard\nfile: dash.json\ngolden_signals: true",
        files: ["dash.json": DashboardCheck.example(title: "p95 latency")], expected: .fail),
      CheckExample(
        "kind: dashboard\nfile: dash.json\nservice: payments",
        files: ["dash.json": DashboardCheck.example(title: "p95 latency")], expected: .fail),
      CheckExample(
        "kind: dashboard\nfile: dash.json", files: ["dash.json": "{\"panels\": ["], expected: .error
      ),
    ])

  static func example(title: String) -> String {
    """
    {"title": "Checkout", "panels": [{"id": 1, "type": "timeseries", "title": "\(title)",
      "datasource": {"type": "prometheus", "uid": "prom"},
      "targets": [{"refId": "A", "expr": "histogram_quantile(0.95, sum by (le) (rate(\
    http_request_duration_seconds_bucket{service=\\"checkout\\"}[5m])))"}]}]}
    """
  }

  /// A golden signal and the words in a panel title or query that show it.
  struct Signal: Sendable {
    let name: String
    let words: String
    let pattern: String
  }

  /// The golden signals and their keywords, matched case-insensitively; one panel may show
  /// several.
  static let signals: [Signal] = [
    Signal(
      name: "latency",
      words: "latency, duration, response time, p50–p99, percentile, histogram_quantile",
      pattern: #"latency|duration|response.?time|\bp(50|90|95|99)\b|percentile|"#
        + #"histogram_quantile"#),
    Signal(
      name: "traffic", words: "traffic, requests, throughput, rps, qps, rate(…_total)",
      pattern: #"traffic|requests|throughput|\brps\b|\bqps\b|rate\([^)]*_total"#),
    Signal(
      name: "errors", words: "error, 5xx, fail",
      pattern: #"error|5xx|fail|(code|status)=~?"5"#),
    Signal(
      name: "saturation", words: "saturation, utilization, cpu, memory, queue, disk, throttling",
      pattern: #"saturation|utili[sz]ation|cpu|memory|queue|disk|throttl"#),
  ]

  /// Each signal with its keywords, for the documentation.
  static var signalWords: String {
    signals.map { "\($0.name) (\($0.words))" }.joined(separator: "; ")
  }

  /// Panel types that show no query results and need no datasource.
  static let nonQueryTypes: Set<String> = [
    "text", "news", "dashlist", "alertlist", "annolist", "welcome", "gettingstarted",
  ]

  /// How many findings of one sort are listed before the rest are counted.
  static let listLimit = 10

  /// A required panel: what its title, its query, or either must match.
  struct Requirement: Sendable {
    var title: PanelMatcher?
    var query: PanelMatcher?
    var either: PanelMatcher?

    var text: String {
      if let either { return "whose title or query matches \(either.written)" }
      let parts = [
        title.map { "whose title matches \($0.written)" },
        query.map { "whose query matches \($0.written)" },
      ]
      return parts.compactMap { $0 }.joined(separator: " and ")
    }

    func matches(_ panel: GrafanaPanel) throws(PanelMatcher.Unanswerable) -> Bool {
      let queries = panel.targets.compactMap(\.query)
      if let either { return try either.matchesTitleOrQuery(of: panel) }
      if let title, try !title.matches(panel.title) { return false }
      if let query, try !query.matchesAny(queries) { return false }
      return true
    }

    func firstPanel(in panels: [GrafanaPanel]) throws(PanelMatcher.Unanswerable) -> GrafanaPanel? {
      for panel in panels where try matches(panel) { return panel }
      return nil
    }
  }

  public let location: SourceLocation
  public let evidence: EvidenceSelector
  let required: [Requirement]
  let goldenSignals: Bool
  let datasources: Bool
  let service: String?
  let serviceVariable: String

  public init?(_ parameters: CheckParameters) {
    let fields = parameters.fields
    location = parameters.location
    evidence = parameters.evidence
    goldenSignals = fields.bool("golden_signals") ?? false
    datasources = fields.bool("datasources") ?? true
    service = fields.string("service")
    serviceVariable = fields.string("service_variable") ?? "service"
    var required: [Requirement] = []
    for node in fields.sequence("panels") ?? [] {
      if node.scalar != nil {
        guard let matcher = PanelMatcher(node, key: "panels", sink: parameters.sink) else {
          continue
        }
        required.append(Requirement(either: matcher))
        continue
      }
      guard
        let entry = Fields(
          node, context: "a required panel", known: ["title", "query"], sink: parameters.sink)
      else { continue }
      let title = entry.value("title").flatMap {
        PanelMatcher($0, key: "title", sink: parameters.sink)
      }
      let query = entry.value("query").flatMap {
        PanelMatcher($0, key: "query", sink: parameters.sink)
      }
      guard title != nil || query != nil else {
        parameters.sink.error(node.location, "a required panel needs 'title' or 'query'")
        continue
      }
      required.append(Requirement(title: title, query: query))
    }
    self.required = required
  }

  public func evaluate(_ context: EvaluationContext) -> [Finding] {
    let (files, errors) = context.files(evidence)
    return errors + files.flatMap { evaluate($0, context: context) }
  }

  private func evaluate(_ file: EvidenceFile, context: EvaluationContext) -> [Finding] {
    switch context.cache.document(GrafanaReader.self, for: file) {
    case .success(let document):
      // Every `/regex/` match on this file draws on one step budget.
      return StepBudget.$current.withValue(StepBudget()) {
        document.dashboards.flatMap { judge($0, file: file) }
      }
    case .failure(let error):
      return [
        .error(
          error.message,
          evidence: EvidenceLocation(file: file.path, line: error.line, column: error.column))
      ]
    }
  }

  /// Judges one dashboard; a dashboard read from a Kubernetes object is named by it
  /// (`ConfigMap grafana-dashboards, data[checkout.json] in dashboards.yaml`).
  private func judge(_ dashboard: GrafanaDashboard, file: EvidenceFile) -> [Finding] {
    let label = dashboard.origin.map { "\($0) in \(file.path)" } ?? file.path
    let place = EvidenceLocation(file: file.path, line: dashboard.line)
    let panels = dashboard.contentPanels
    let measured: [String: JSONValue] = ["panels": .int(panels.count)]
    func fail(_ message: String) -> Finding {
      Finding(.fail, message, evidence: place, measured: measured)
    }
    guard !panels.isEmpty else { return [fail("\(label) has no panels")] }
    var findings: [Finding] = []
    var good: [String] = ["\(panels.count == 1 ? "1 panel" : "\(panels.count) panels")"]
    for requirement in required {
      let found: GrafanaPanel?
      do {
        found = try requirement.firstPanel(in: panels)
      } catch {
        findings.append(.error("\(file.path): \(error.message)", evidence: place))
        continue
      }
      if let panel = found {
        good.append("\(panel.label) \(requirement.text)")
      } else {
        findings.append(fail("\(label) has no panel \(requirement.text)"))
      }
    }
    if goldenSignals {
      var covered: [String] = []
      for signal in DashboardCheck.signals {
        let matcher = PanelMatcher(regex: signal.pattern)
        let found: GrafanaPanel?
        do {
          found = try matcher.firstPanel(in: panels)
        } catch {
          findings.append(.error("\(file.path): \(error.message)", evidence: place))
          continue
        }
        if let panel = found {
          covered.append("\(signal.name) in \(panel.label)")
        } else {
          findings.append(
            fail(
              "\(label) has no panel for the \(signal.name) signal (no title or query with "
                + "\(signal.words))"))
        }
      }
      if covered.count == DashboardCheck.signals.count {
        good.append("golden signals: " + covered.joined(separator: ", "))
      }
    }
    if datasources {
      let problems = panels.compactMap { datasourceProblem($0, dashboard: dashboard) }
      findings += limited(problems.map { fail("\(label): \($0)") }, label: label, place: place)
      if problems.isEmpty { good.append("every panel that queries data names a datasource") }
    }
    if let service {
      findings += serviceFindings(
        panels, service: service, label: label, place: place, good: &good)
    }
    if findings.isEmpty {
      let name = dashboard.title.map { " (\($0))" } ?? ""
      findings.append(
        Finding(
          .pass, "\(label)\(name): " + good.joined(separator: "; "), evidence: place,
          measured: measured))
    }
    return findings
  }

  /// Why a panel has no usable datasource; nil when it has one or needs none.
  private func datasourceProblem(_ panel: GrafanaPanel, dashboard: GrafanaDashboard) -> String? {
    if panel.isLibraryPanel { return nil }  // defined in the library, not in this file
    if panel.targets.isEmpty && DashboardCheck.nonQueryTypes.contains(panel.type) { return nil }
    let references = [panel.datasource].compactMap { $0 } + panel.targets.compactMap(\.datasource)
    for reference in references {
      if let name = reference.placeholder, !dashboard.declaredNames.contains(name) {
        return
          "\(panel.label) uses datasource \(reference.reference), which neither __inputs nor a "
          + "dashboard variable declares"
      }
    }
    if let datasource = panel.datasource, !datasource.isMixed { return nil }
    let mixed = panel.datasource?.isMixed ?? false
    guard !panel.targets.isEmpty else {
      return mixed
        ? "\(panel.label) uses the mixed datasource but has no queries"
        : "\(panel.label) names no datasource"
    }
    let bare = panel.targets.enumerated().filter { $0.element.datasource == nil }
    guard let first = bare.first else { return nil }
    let query = first.element.refId.map { "query \($0)" } ?? "query \(first.offset + 1)"
    return mixed
      ? "\(panel.label) uses the mixed datasource but its \(query) names none"
      : "\(panel.label) names no datasource, on the panel or on its \(query)"
  }

  private func serviceFindings(
    _ panels: [GrafanaPanel], service: String, label: String, place: EvidenceLocation,
    good: inout [String]
  ) -> [Finding] {
    var count = 0
    var problems: [Finding] = []
    for panel in panels {
      for (index, target) in panel.targets.enumerated() {
        guard let query = target.query else { continue }
        count += 1
        if query.contains(service) || mentionsVariable(query) { continue }
        let name = target.refId.map { "query \($0)" } ?? "query \(index + 1)"
        problems.append(
          .fail(
            "\(label): \(name) of \(panel.label) mentions neither \(service) nor "
              + "$\(serviceVariable)",
            evidence: place))
      }
    }
    let measured: [String: JSONValue] = [
      "panels": .int(panels.count), "queries": .int(count),
      "unscoped_queries": .int(problems.count),
    ]
    if count == 0 {
      return [
        Finding(
          .fail, "\(label) has no queries, so none is scoped to \(service)", evidence: place,
          measured: measured)
      ]
    }
    if problems.isEmpty { good.append("every query mentions \(service) or $\(serviceVariable)") }
    return limited(
      problems.map { Finding(.fail, $0.message, evidence: place, measured: measured) },
      label: label, place: place)
  }

  /// `$service`, `${service}`, `${service:regex}` or `[[service]]` in a query.
  private func mentionsVariable(_ query: String) -> Bool {
    let name = serviceVariable
    if query.contains("${\(name)}") || query.contains("${\(name):") || query.contains("[[\(name)]]")
    {
      return true
    }
    var rest = Substring(query)
    while let range = rest.range(of: "$" + name) {
      rest = rest[range.upperBound...]
      guard let next = rest.first else { return true }
      if !(next.isLetter || next.isNumber || next == "_") { return true }
    }
    return false
  }

  private func limited(_ findings: [Finding], label: String, place: EvidenceLocation)
    -> [Finding]
  {
    guard findings.count > DashboardCheck.listLimit else { return findings }
    let rest = findings.count - DashboardCheck.listLimit
    let more = rest == 1 ? "1 more problem" : "\(rest) more problems"
    return Array(findings.prefix(DashboardCheck.listLimit)) + [
      Finding(
        .fail, "\(more) like these in \(label)", evidence: place,
        measured: findings.first?.measured)
    ]
  }
}

/// A case-insensitive substring, or a regular expression written `/like this/` (PCRE2 syntax,
/// case-insensitive, run within ``BoundedRegex``'s step budget).
struct PanelMatcher: Sendable {
  /// The text as written.
  let written: String
  /// Where the text is in the checklist; nil for built-in patterns.
  let location: SourceLocation?
  private let regex: BoundedRegex?

  /// Why a regular expression could not be run on a title or query: the whole sentence.
  struct Unanswerable: Error, Sendable {
    let message: String
  }

  /// A matcher from a check parameter; a bad regular expression is a diagnostic at the place
  /// in the pattern where PCRE2 stopped.
  init?(_ node: Node, key: String, sink: DiagnosticSink) {
    guard let text = node.scalar?.text, node.scalar?.value != .null, !text.isEmpty else {
      sink.error(node.location, "'\(key)' of a required panel must be text")
      return nil
    }
    written = text
    location = node.location
    if text.count > 2 && text.hasPrefix("/") && text.hasSuffix("/") {
      do {
        regex = try BoundedRegex(String(text.dropFirst().dropLast()), caseInsensitive: true)
      } catch {
        sink.error(
          QueryCheck.location(ofOffset: error.offset + 1, in: node),
          "'\(text)' is not a valid regular expression: \(error.message) (at character "
            + "\(error.offset + 1) of the pattern)",
          hint: "write a PCRE2 pattern between the slashes, or leave out the slashes to match text")
        return nil
      }
    } else {
      regex = nil
    }
  }

  /// A matcher for a built-in pattern (which must compile).
  init(regex pattern: String) {
    written = pattern
    location = nil
    regex = try? BoundedRegex(pattern, caseInsensitive: true)
  }

  /// Whether `text` (a panel's title or query) matches; throws when the pattern cannot answer
  /// within its budget, so that the check errs instead of passing or failing.
  func matches(_ text: String) throws(Unanswerable) -> Bool {
    guard let regex else { return text.range(of: written, options: .caseInsensitive) != nil }
    let place = location.map { " at \($0)" } ?? ""
    switch regex.firstMatch(in: text) {
    case .match: return true
    case .noMatch: return false
    case .tooManySteps:
      throw Unanswerable(
        message: "the pattern \(written)\(place) needs more than \(QueryRegex.budgetText) steps "
          + "on the panel text '\(text.prefix(80))'; \(QueryRegex.tooManyStepsAdvice)")
    case .budgetSpent:
      throw Unanswerable(
        message: "the pattern \(written)\(place) ran out of the \(StepBudget.totalText) steps "
          + "that all the patterns' matches in one dashboard file may take together, at the "
          + "panel text '\(text.prefix(80))'; \(QueryRegex.budgetSpentAdvice)")
    case .tooLong:
      throw Unanswerable(
        message: "the pattern \(written)\(place) was not run on a panel text longer than "
          + "\(BoundedRegex.maxSubjectLength) characters")
    }
  }

  /// Whether any of `texts` matches.
  func matchesAny(_ texts: [String]) throws(Unanswerable) -> Bool {
    for text in texts where try matches(text) { return true }
    return false
  }

  /// Whether a panel's title or one of its queries matches.
  func matchesTitleOrQuery(of panel: GrafanaPanel) throws(Unanswerable) -> Bool {
    if try matches(panel.title) { return true }
    return try matchesAny(panel.targets.compactMap(\.query))
  }

  /// The first panel whose title or one of whose queries matches.
  func firstPanel(in panels: [GrafanaPanel]) throws(Unanswerable) -> GrafanaPanel? {
    for panel in panels where try matchesTitleOrQuery(of: panel) { return panel }
    return nil
  }
}
