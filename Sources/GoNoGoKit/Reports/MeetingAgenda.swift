import Foundation

/// What a go/no-go meeting works through, derived from a report: the agenda (the open blockers
/// and majors in the order the meeting takes them) and the roll call of required sign-offs.
/// Pure values, shared by the printout and the Markdown report.
enum Meeting {
  /// The failing blockers, then the failing majors; within a severity by owner (case-insensitive),
  /// and in report order for one owner. Minor gates are advisory and not on the agenda.
  static func agenda(_ report: Report) -> [GateResult] {
    let open = report.gates.enumerated().filter {
      $0.element.isFailing && $0.element.severity != .minor
    }
    return open.sorted { left, right in
      let (a, b) = (left.element, right.element)
      if a.severity != b.severity { return a.severity == .blocker }
      let (ownerA, ownerB) = (a.owner.lowercased(), b.owner.lowercased())
      if ownerA != ownerB { return ownerA < ownerB }
      return left.offset < right.offset
    }.map(\.element)
  }

  /// One required sign-off role and what the sign-off records say about it.
  struct RollCallEntry: Equatable {
    /// The role (`security`, `sre`).
    var role: String
    /// `approved`, `missing`, `rejected`, `stale` (approved too long ago) or `excluded`
    /// (approved only by someone `not_by` names).
    var state: String
    /// Who made the deciding decision, when there is one.
    var by: String?
    /// When, as written in the record.
    var date: String?
    /// The gate that requires the role.
    var gate: String
    /// The gate's workstream, in a program.
    var workstream: String?

    /// True when the role counts as signed.
    var isApproved: Bool { state == "approved" }
  }

  /// Every role a `signoff` check requires, in report order, once per role and workstream.
  static func rollCall(_ report: Report) -> [RollCallEntry] {
    var entries: [RollCallEntry] = []
    for gate in report.gates {
      for finding in gate.findings where finding.kind == "signoff" {
        guard let measured = finding.measured, case .string(let role)? = measured["role"],
          case .string(let state)? = measured["signoff"]
        else { continue }
        var by: String?
        var date: String?
        if case .string(let value)? = measured["by"] { by = value }
        if case .string(let value)? = measured["date"] { date = value }
        let entry = RollCallEntry(
          role: role, state: state, by: by, date: date, gate: gate.id, workstream: gate.workstream)
        let duplicate = entries.contains {
          $0.role.lowercased() == role.lowercased() && $0.workstream == gate.workstream
            && $0.state == state && $0.by == by && $0.date == date
        }
        if !duplicate { entries.append(entry) }
      }
    }
    return entries
  }

  /// `p95 ms 412` / `max p95 ms 300`: a finding's measured and expected values, keys sorted;
  /// nil unless it has both, each of at most `maxValues` values (longer lists repeat what the
  /// message already says).
  static func measuredVersusExpected(_ finding: Finding, maxValues: Int = 3)
    -> (measured: String, expected: String)?
  {
    guard let measured = finding.measured, let expected = finding.expected, !measured.isEmpty,
      !expected.isEmpty, measured.count <= maxValues, expected.count <= maxValues
    else { return nil }
    return (describe(measured), describe(expected))
  }

  private static func describe(_ values: [String: JSONValue]) -> String {
    values.keys.sorted().map { key in
      key.replacingOccurrences(of: "_", with: " ") + " " + text(values[key] ?? .null)
    }.joined(separator: ", ")
  }

  /// A value as a reader would write it: strings bare, numbers shortest, lists with commas.
  static func text(_ value: JSONValue) -> String {
    switch value {
    case .null: "none"
    case .bool(let flag): flag ? "yes" : "no"
    case .int(let number): String(number)
    case .double(let number): JSONValue.format((number * 10_000).rounded() / 10_000)
    case .string(let string): string
    case .array(let items): "[" + items.map(text).joined(separator: ", ") + "]"
    case .object(let object):
      "{"
        + object.keys.sorted().map { "\($0): " + text(object[$0] ?? .null) }
        .joined(separator: ", ") + "}"
    }
  }

  /// The conditions a CONDITIONAL GO carries: the waivers in use and the majors left open.
  static func conditions(_ report: Report) -> (waivers: [WaiverResult], majors: [GateResult]) {
    (report.activeWaivers, report.failing(.major))
  }

  /// `America/New_York (UTC−05:00)` — the zone as the plan names it with its offset at `date`;
  /// a zone that is UTC is just named.
  static func zoneLabel(_ zone: TimeZone, named name: String, at date: Date) -> String {
    let offset = zone.secondsFromGMT(for: date)
    if offset == 0 && ["UTC", "Z", "GMT", "Etc/UTC"].contains(name) { return name }
    let minutes = abs(offset) / 60
    let sign = offset < 0 ? "−" : "+"
    let hours = String(format: "%02d:%02d", minutes / 60, minutes % 60)
    return name + " (UTC" + sign + hours + ")"
  }
}
