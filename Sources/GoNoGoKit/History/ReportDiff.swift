import Foundation

/// What changed between two go/no-go reports, grouped the way a release manager reads it.
///
/// A *regression* is the verdict getting worse (GO < CONDITIONAL GO < NO-GO) or a gate present
/// in both reports whose status got worse and is now failing, in the order
/// pass = disabled = advisory < waived < fail < error (so pass → fail, waived → error and
/// fail → error are regressions; pass → waived is not, it is listed with the waivers).
public struct ReportDiff: Sendable, Equatable {
  /// A gate present in both reports whose status changed.
  public struct StatusChange: Sendable, Equatable {
    /// The gate (its new id when renamed).
    public var id: String
    /// Its title in the new report.
    public var title: String
    /// Its owner in the new report.
    public var owner: String
    /// Its severity in the new report.
    public var severity: String
    /// Old status.
    public var from: GateState
    /// New status.
    public var to: GateState
    /// The new report's failing findings' messages (for a regression).
    public var messages: [String]
  }

  /// A gate only one report has.
  public struct Presence: Sendable, Equatable {
    /// The gate's id.
    public var id: String
    /// Its status in the report that has it.
    public var status: GateState
    /// Its severity.
    public var severity: String
    /// Its title.
    public var title: String
  }

  /// A gate whose id changed while its definition location and check stayed the same.
  public struct Rename: Sendable, Equatable {
    /// The old id.
    public var from: String
    /// The new id.
    public var to: String
    /// Where both are defined.
    public var location: String
  }

  /// A gate field (severity or owner) that changed.
  public struct FieldChange: Sendable, Equatable {
    /// The gate's id.
    public var id: String
    /// `severity` or `owner`.
    public var field: String
    /// Old value.
    public var from: String
    /// New value.
    public var to: String
  }

  /// A waiver worth a look: new, expired, or expiring within a week.
  public struct WaiverChange: Sendable, Equatable {
    /// `added`, `expired` or `expiring`.
    public var change: String
    /// The waiver as the new report states it.
    public var waiver: WaiverSnapshot
    /// Days until expiry (for `expiring`).
    public var days: Int?
  }

  /// An evidence file whose digest changed, appeared or disappeared.
  public struct EvidenceChange: Sendable, Equatable {
    /// The path relative to the evidence root.
    public var path: String
    /// The old digest; nil when the file is new.
    public var old: String?
    /// The new digest; nil when the file is gone.
    public var new: String?
  }

  /// A rollout phase whose forecast start moved.
  public struct ForecastChange: Sendable, Equatable {
    /// The plan's service.
    public var service: String
    /// The phase's name.
    public var phase: String
    /// The old forecast start as written (nil: was unscheduled).
    public var from: String?
    /// The new forecast start as written (nil: now unscheduled).
    public var to: String?
    /// New minus old, in seconds, when both are scheduled (positive: later).
    public var seconds: Int?
  }

  /// The old report's source, verdict and time.
  public var old: (source: String, verdict: Verdict, now: String, version: String)
  /// The new report's source, verdict and time.
  public var new: (source: String, verdict: Verdict, now: String, version: String)
  /// The program (the new report's).
  public var program: String
  /// Gates that got worse and now fail.
  public var regressed: [StatusChange] = []
  /// Gates that failed and no longer do.
  public var fixed: [StatusChange] = []
  /// Other status changes (fail → error is in `regressed`; error → fail, pass → waived… here).
  public var changed: [StatusChange] = []
  /// Gates only the new report has.
  public var added: [Presence] = []
  /// Gates only the old report has.
  public var removed: [Presence] = []
  /// Gates whose id changed.
  public var renamed: [Rename] = []
  /// Severity and owner changes.
  public var fields: [FieldChange] = []
  /// Waivers added, expired, or newly expiring within ``expiryHorizonDays``.
  public var waivers: [WaiverChange] = []
  /// Evidence digests that changed; nil when either report carries no digests.
  public var evidence: [EvidenceChange]?
  /// Rollout phases that moved.
  public var forecast: [ForecastChange] = []
  /// The advisory outlook of each report.
  public var advisory: (old: AdvisoryOutlook, new: AdvisoryOutlook)

  /// How far ahead an expiring waiver is flagged.
  public static let expiryHorizonDays = 7

  /// True when the verdict got worse.
  public var verdictWorse: Bool { Self.rank(new.verdict) > Self.rank(old.verdict) }

  /// True when the verdict got worse or any gate regressed: the exit code is 1.
  public var isRegression: Bool { verdictWorse || !regressed.isEmpty }

  /// 0 for no regression, 1 for a regression.
  public var exitCode: Int32 { isRegression ? 1 : 0 }

  /// GO 0 < CONDITIONAL GO 1 < NO-GO 2.
  public static func rank(_ verdict: Verdict) -> Int {
    switch verdict {
    case .go: 0
    case .conditionalGo: 1
    case .noGo: 2
    }
  }

  /// Whether anything at all changed.
  public var isEmpty: Bool {
    old.verdict == new.verdict && regressed.isEmpty && fixed.isEmpty && changed.isEmpty
      && added.isEmpty && removed.isEmpty && renamed.isEmpty && fields.isEmpty
      && waivers.isEmpty && (evidence ?? []).isEmpty && forecast.isEmpty
  }

  public static func == (lhs: ReportDiff, rhs: ReportDiff) -> Bool {
    lhs.old == rhs.old && lhs.new == rhs.new && lhs.program == rhs.program
      && lhs.regressed == rhs.regressed && lhs.fixed == rhs.fixed && lhs.changed == rhs.changed
      && lhs.added == rhs.added && lhs.removed == rhs.removed && lhs.renamed == rhs.renamed
      && lhs.fields == rhs.fields && lhs.waivers == rhs.waivers && lhs.evidence == rhs.evidence
      && lhs.forecast == rhs.forecast && lhs.advisory == rhs.advisory
  }
}

extension ReportDiff {
  /// Compares two reports. Gates match by id; an unmatched old gate and an unmatched new gate
  /// with the same definition location and the same check are one renamed gate.
  public init(old: ReportSnapshot, new: ReportSnapshot) {
    self.old = (old.source, old.verdict, old.nowText, old.schemaVersion)
    self.new = (new.source, new.verdict, new.nowText, new.schemaVersion)
    program = new.program.isEmpty ? old.program : new.program
    advisory = (AdvisoryOutlook(old), AdvisoryOutlook(new))

    var oldByID: [String: GateSnapshot] = [:]
    for gate in old.gates where oldByID[gate.id] == nil { oldByID[gate.id] = gate }
    let newIDs = Set(new.gates.map(\.id))
    // Renames: an old gate gone and a new gate appeared at the same place with the same check.
    var vanished: [String: [GateSnapshot]] = [:]
    for gate in old.gates where !newIDs.contains(gate.id) && !gate.location.isEmpty {
      vanished[gate.location + "\u{0}" + gate.check, default: []].append(gate)
    }
    var pairs: [(old: GateSnapshot, new: GateSnapshot)] = []
    var renamedOld: Set<String> = []
    for gate in new.gates {
      if let previous = oldByID[gate.id] {
        pairs.append((previous, gate))
        continue
      }
      let key = gate.location + "\u{0}" + gate.check
      if !gate.location.isEmpty, var candidates = vanished[key], !candidates.isEmpty {
        let previous = candidates.removeFirst()
        vanished[key] = candidates
        renamedOld.insert(previous.id)
        renamed.append(Rename(from: previous.id, to: gate.id, location: gate.location))
        pairs.append((previous, gate))
        continue
      }
      added.append(
        Presence(id: gate.id, status: gate.status, severity: gate.severity, title: gate.title))
    }
    for gate in old.gates where !newIDs.contains(gate.id) && !renamedOld.contains(gate.id) {
      removed.append(
        Presence(id: gate.id, status: gate.status, severity: gate.severity, title: gate.title))
    }
    for (before, after) in pairs {
      if before.severity != after.severity {
        fields.append(
          FieldChange(id: after.id, field: "severity", from: before.severity, to: after.severity))
      }
      if before.owner != after.owner {
        fields.append(
          FieldChange(id: after.id, field: "owner", from: before.owner, to: after.owner))
      }
      guard before.status != after.status else { continue }
      let messages =
        after.status.isFailing
        ? after.findings.filter { $0.status == "fail" || $0.status == "error" }.map(\.message)
        : []
      let change = StatusChange(
        id: after.id, title: after.title, owner: after.owner, severity: after.severity,
        from: before.status, to: after.status, messages: messages)
      if after.status.isFailing && after.status.rank > before.status.rank {
        regressed.append(change)
      } else if before.status.isFailing && !after.status.isFailing {
        fixed.append(change)
      } else {
        changed.append(change)
      }
    }
    waivers = Self.waiverChanges(old: old, new: new)
    if let before = old.evidenceDigests, let after = new.evidenceDigests {
      evidence = Self.evidenceChanges(old: before, new: after)
    }
    forecast = Self.forecastChanges(old: old.rollout, new: new.rollout)
  }

  private static func waiverChanges(old: ReportSnapshot, new: ReportSnapshot) -> [WaiverChange] {
    func key(_ waiver: WaiverSnapshot) -> String { waiver.gate + "\u{0}" + waiver.reason }
    var oldByKey: [String: WaiverSnapshot] = [:]
    for waiver in old.waivers { oldByKey[key(waiver)] = waiver }
    var result: [WaiverChange] = []
    for waiver in new.waivers {
      let previous = oldByKey[key(waiver)]
      if previous == nil {
        result.append(WaiverChange(change: "added", waiver: waiver, days: nil))
      }
      if waiver.state == "expired" {
        if previous?.state != "expired" {
          result.append(WaiverChange(change: "expired", waiver: waiver, days: nil))
        }
        continue
      }
      guard let days = daysUntilExpiry(waiver, now: new.now), days <= expiryHorizonDays else {
        continue
      }
      let wasExpiring =
        previous.flatMap { daysUntilExpiry($0, now: old.now) }.map { $0 <= expiryHorizonDays }
        ?? false
      if !wasExpiring {
        result.append(WaiverChange(change: "expiring", waiver: waiver, days: days))
      }
    }
    return result
  }

  /// Whole days from `now` to the end of the waiver's expiry day; nil without a valid date or
  /// once past it.
  static func daysUntilExpiry(_ waiver: WaiverSnapshot, now: Date) -> Int? {
    guard let text = waiver.expires, let date = DateValue(parsing: text) else { return nil }
    let seconds = date.end.timeIntervalSince(now)
    guard seconds > 0 else { return nil }
    return Int((seconds / 86_400).rounded(.down))
  }

  private static func evidenceChanges(old: [String: String], new: [String: String])
    -> [EvidenceChange]
  {
    var result: [EvidenceChange] = []
    for path in Set(old.keys).union(new.keys).sorted() where old[path] != new[path] {
      result.append(EvidenceChange(path: path, old: old[path], new: new[path]))
    }
    return result
  }

  private static func forecastChanges(old: [PlanForecast], new: [PlanForecast])
    -> [ForecastChange]
  {
    var result: [ForecastChange] = []
    for plan in new {
      guard let previous = old.first(where: { $0.service == plan.service }) else { continue }
      for phase in plan.phases {
        guard let before = previous.phases.first(where: { $0.name == phase.name }) else {
          continue
        }
        switch (before.start, phase.start) {
        case (let from?, let to?) where from != to:
          result.append(
            ForecastChange(
              service: plan.service, phase: phase.name, from: before.text, to: phase.text,
              seconds: Int(to.timeIntervalSince(from))))
        case (nil, .some), (.some, nil):
          result.append(
            ForecastChange(
              service: plan.service, phase: phase.name, from: before.text, to: phase.text,
              seconds: nil))
        default: continue
        }
      }
    }
    return result
  }

  /// `2d 4h`, `3h 15m`, `45m` for a number of seconds (sign ignored).
  public static func span(_ seconds: Int) -> String {
    let total = abs(seconds) / 60
    let days = total / 1440
    let hours = (total % 1440) / 60
    let minutes = total % 60
    var parts: [String] = []
    if days > 0 { parts.append("\(days)d") }
    if hours > 0 { parts.append("\(hours)h") }
    if minutes > 0 || parts.isEmpty { parts.append("\(minutes)m") }
    return parts.prefix(2).joined(separator: " ")
  }
}
