import Foundation
import LocatedYAML

/// `raid`: the program's RAID log is looked after: high risks owned, items fresh, nothing late.
public struct RAIDCheck: Check {
  public static let description = CheckDescription(
    kind: "raid",
    summary: "A RAID log (YAML, or CSV with a header row) has no open high risk without an owner "
      + "and a mitigation, no open dependency past its need-by date, no open issue past its due "
      + "date and, with updated_within, open items updated recently.",
    parameters: [
      .init(
        "high_risks_owned", "boolean",
        "Open risks of high or critical impact, or with no impact at all, need an owner and a "
          + "mitigation (default true)."),
      .init(
        "updated_within", "duration", "Open items must have been updated within this long (14d)."),
      .init(
        "min_fresh_share", "percentage",
        "With updated_within: pass when at least this share of open items is fresh, instead of "
          + "requiring every one."),
      .init(
        "dependencies_on_time", "boolean",
        "Open dependencies need a need_by date that has not passed (default true)."),
      .init(
        "issues_on_time", "boolean", "Open issues must not be past their due date (default true)."),
    ],
    examples: [
      CheckExample(
        "kind: raid\nfile: raid.yaml",
        files: [
          "raid.yaml": """
          - {id: R-1, type: risk, title: Card vault latency, status: open, impact: high,
             owner: dana, mitigation: Cache tokens}
          - {id: D-1, type: dependency, title: Vault v3, status: closed, need_by: 2026-11-20}
          """
        ], expected: .pass),
      CheckExample(
        "kind: raid\nfile: raid.yaml",
        files: [
          "raid.yaml":
            "- {id: R-1, type: risk, title: Card vault latency, status: open, impact: high}\n"
        ],
        expected: .fail),
      CheckExample(
        "kind: raid\nfile: raid.csv",
        files: [
          "raid.csv": "ID,Type,Title,Status,Need By\r\nD-1,Dependency,Vault v3,Open,2026-11-25\r\n"
        ], expected: .fail),
      CheckExample(
        "kind: raid\nfile: raid.csv\nupdated_within: 14d",
        files: [
          "raid.csv":
            "id,type,title,status,updated\nA-1,assumption,Traffic doubles,open,2026-11-24\n"
        ], expected: .pass),
      CheckExample(
        "kind: raid\nfile: raid.csv", files: ["raid.csv": "id,type,status\nR-1,risk,\"open\n"],
        expected: .error),
    ])

  /// How many findings of one sort are listed before the rest are counted.
  static let listLimit = 10

  public let location: SourceLocation
  public let evidence: EvidenceSelector
  let highRisksOwned: Bool
  let updatedWithin: Timespan?
  let minFreshShare: Percentage?
  let dependenciesOnTime: Bool
  let issuesOnTime: Bool

  public init?(_ parameters: CheckParameters) {
    let fields = parameters.fields
    location = parameters.location
    evidence = parameters.evidence
    highRisksOwned = fields.bool("high_risks_owned") ?? true
    updatedWithin = fields.timespan("updated_within")
    minFreshShare = fields.percentage("min_fresh_share")
    dependenciesOnTime = fields.bool("dependencies_on_time") ?? true
    issuesOnTime = fields.bool("issues_on_time") ?? true
    if minFreshShare != nil && updatedWithin == nil {
      parameters.sink.error(
        fields.location(of: "min_fresh_share"),
        "'min_fresh_share' applies to 'updated_within', which is not set",
        hint: "add updated_within: 14d (or how recent an update must be)")
    }
  }

  public func evaluate(_ context: EvaluationContext) -> [Finding] {
    let (files, errors) = context.files(evidence)
    return errors + files.flatMap { evaluate($0, context: context) }
  }

  private func evaluate(_ file: EvidenceFile, context: EvaluationContext) -> [Finding] {
    let log: RAIDLog
    switch context.cache.document(RAIDReader.self, for: file) {
    case .success(let value): log = value
    case .failure(let error):
      return [
        .error(
          error.message,
          evidence: EvidenceLocation(file: file.path, line: error.line, column: error.column))
      ]
    }
    guard !log.items.isEmpty else {
      return [
        .fail("\(file.path) holds no RAID items", evidence: EvidenceLocation(file: file.path))
      ]
    }
    let now = context.now
    let open = log.items.filter(\.isOpen)
    var findings: [Finding] = []
    func at(_ item: RAIDItem) -> EvidenceLocation {
      EvidenceLocation(file: file.path, line: item.line)
    }
    if highRisksOwned {
      findings += limited(
        open.filter { $0.kind == .risk && ($0.impact ?? .high) >= .high }.compactMap { risk in
          let missing = [
            risk.owner == nil ? "no owner" : nil, risk.mitigation == nil ? "no mitigation" : nil,
          ]
          .compactMap { $0 }
          guard !missing.isEmpty else { return nil }
          let impact = risk.impact.map { "\($0.word) impact" } ?? "no impact rating"
          return .fail(
            "open \(risk.label) has \(impact) but \(missing.joined(separator: " and "))",
            evidence: at(risk))
        }, file: file)
    }
    if let updatedWithin {
      findings += freshness(open, within: updatedWithin, file: file, now: now)
    }
    if dependenciesOnTime {
      findings += limited(
        open.filter { $0.kind == .dependency }.compactMap { dependency in
          guard let needBy = dependency.needBy else {
            return .fail("open \(dependency.label) has no need_by date", evidence: at(dependency))
          }
          guard now >= needBy.end else { return nil }
          return .fail(
            "open \(dependency.label) was needed by \(needBy.text), \(daysAgo(needBy, now: now))",
            evidence: at(dependency))
        }, file: file)
    }
    if issuesOnTime {
      findings += limited(
        open.filter { $0.kind == .issue }.compactMap { issue in
          guard let due = issue.due, now >= due.end else { return nil }
          return .fail(
            "open \(issue.label) was due \(due.text), \(daysAgo(due, now: now))",
            evidence: at(issue))
        }, file: file)
    }
    if !findings.contains(where: { $0.status != .pass }) {
      findings.insert(
        Finding(
          .pass, summary(log, open: open.count, file: file),
          evidence: EvidenceLocation(file: file.path),
          measured: ["items": .int(log.items.count)]),
        at: 0)
    }
    // The log's open-item figures ride on its first finding about the whole file (the summary),
    // else on its first finding, whatever its status.
    let carrier = findings.firstIndex { $0.evidence?.line == nil } ?? 0
    let figures = Self.openItemFigures(open, now: now)
    findings[carrier].measured = (findings[carrier].measured ?? [:])
      .merging(figures) { _, figure in figure }
    return findings
  }

  /// `open_items`; `stalest_age_days`, the whole days since the least recently updated open
  /// item was updated (absent when no open item has an updated date); `undated_open_items`,
  /// the open items without one.
  static func openItemFigures(_ open: [RAIDItem], now: Date) -> [String: JSONValue] {
    let updated = open.compactMap(\.updated)
    var figures: [String: JSONValue] = [
      "open_items": .int(open.count), "undated_open_items": .int(open.count - updated.count),
    ]
    if let stalest = updated.map(\.start).min() {
      figures["stalest_age_days"] = .int(
        max(0, Int((now.timeIntervalSince(stalest) / 86_400).rounded(.down))))
    }
    return figures
  }

  private func freshness(_ open: [RAIDItem], within: Timespan, file: EvidenceFile, now: Date)
    -> [Finding]
  {
    let location = EvidenceLocation(file: file.path)
    var expected: [String: JSONValue] = ["updated_within": .string(within.text)]
    if let minFreshShare { expected["min_fresh_share"] = .double(minFreshShare.fraction) }
    guard !open.isEmpty else {
      return [
        Finding(
          .pass, "\(file.path) has no open items, so none is out of date", evidence: location,
          measured: ["fresh_share": .double(1), "open_items": .int(0)], expected: expected)
      ]
    }
    let stale = open.filter { item in
      guard let updated = item.updated else { return true }
      return now.timeIntervalSince(updated.end) > Double(within.seconds)
    }
    let fresh = open.count - stale.count
    let share = Double(fresh) / Double(open.count)
    let passed = minFreshShare.map { share >= $0.fraction - 1e-9 } ?? stale.isEmpty
    var message =
      "\(fresh) of \(open.count) open items in \(file.path) were updated within \(within.text) "
      + "(\(Percentage.format(share)))"
    if let minFreshShare {
      message +=
        passed
        ? ", at least min_fresh_share \(minFreshShare.text)"
        : ", below min_fresh_share \(minFreshShare.text)"
    }
    let summary = Finding(
      passed ? .pass : .fail, message, evidence: location,
      measured: [
        "fresh_share": .double((share * 10_000).rounded() / 10_000), "fresh_items": .int(fresh),
        "open_items": .int(open.count),
      ], expected: expected)
    guard !passed else { return [summary] }
    return [summary]
      + limited(
        stale.map { item in
          let at = EvidenceLocation(file: file.path, line: item.line)
          guard let updated = item.updated else {
            return .fail("open \(item.label) has no updated date", evidence: at)
          }
          return .fail(
            "open \(item.label) was last updated \(updated.text), \(daysAgo(updated, now: now))",
            evidence: at)
        }, file: file)
  }

  /// "6 days ago", counting whole days from the start of the date.
  private func daysAgo(_ date: DateValue, now: Date) -> String {
    let days = Int((now.timeIntervalSince(date.start) / 86_400).rounded(.down))
    return days == 1 ? "1 day ago" : "\(days) days ago"
  }

  private func limited(_ findings: [Finding], file: EvidenceFile) -> [Finding] {
    guard findings.count > RAIDCheck.listLimit else { return findings }
    let rest = findings.count - RAIDCheck.listLimit
    return Array(findings.prefix(RAIDCheck.listLimit)) + [
      .fail("and \(rest) more like it in \(file.path)", evidence: EvidenceLocation(file: file.path))
    ]
  }

  private func summary(_ log: RAIDLog, open: Int, file: EvidenceFile) -> String {
    var parts: [String] = []
    if highRisksOwned { parts.append("every open high risk has an owner and a mitigation") }
    if dependenciesOnTime { parts.append("no open dependency is past its need-by date") }
    if issuesOnTime { parts.append("no open issue is past due") }
    let counts = "\(file.path) has \(log.items.count) items (\(open) open)"
    return parts.isEmpty ? counts : counts + "; " + parts.joined(separator: "; ")
  }
}
