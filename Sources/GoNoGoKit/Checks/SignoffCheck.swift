import Foundation
import LocatedYAML

/// `signoff`: the required roles approved the release, recently, and not the excluded people.
public struct SignoffCheck: Check {
  public static let description = CheckDescription(
    kind: "signoff",
    summary: "Sign-off records (YAML: a list, or a 'signoffs:' key holding one, of {role, by, "
      + "date, decision: approve|reject, note}) show an approval for every required role. "
      + "Per role the latest decision counts (same date: the later record), so a later "
      + "rejection wins; any role whose latest decision is a rejection fails the gate. "
      + "Approvals by not_by people do not count (their rejections do); with within, the "
      + "approval must be that recent.",
    parameters: [
      .init(
        "roles", "list of strings", "Roles that each need an approval (security, sre, product)."),
      .init("within", "duration", "Approvals older than this do not count (14d)."),
      .init("not_by", "list of strings", "People whose approvals do not count, e.g. the author."),
      .init(
        "min_approvals", "integer",
        "Fewest distinct people with a counting approval, across roles; default 1 without roles."),
    ],
    examples: [
      CheckExample(
        "kind: signoff\nfile: signoffs.yaml\nroles: [security, sre]\nwithin: 14d",
        files: ["signoffs.yaml": SignoffCheck.exampleRecords], expected: .pass),
      CheckExample(
        "kind: signoff\nfile: signoffs.yaml\nroles: [security, sre, product]",
        files: ["signoffs.yaml": SignoffCheck.exampleRecords], expected: .fail),
      CheckExample(
        "kind: signoff\nfile: signoffs.yaml\nroles: [security]\nnot_by: [Priya Natarajan]",
        files: ["signoffs.yaml": SignoffCheck.exampleRecords], expected: .fail),
      CheckExample(
        "kind: signoff\nfile: signoffs.yaml\nroles: [security]\nwithin: 3d",
        files: ["signoffs.yaml": SignoffCheck.exampleRecords], expected: .fail),
      CheckExample(
        "kind: signoff\nfile: signoffs.yaml\nroles: [sre]",
        files: [
          "signoffs.yaml": SignoffCheck.exampleRecords
            + "  - {role: sre, by: Sam Ortiz, date: 2026-11-30, decision: reject}\n"
        ], expected: .fail),
      CheckExample(
        "kind: signoff\nfile: signoffs.yaml\nroles: [sre]",
        files: [
          "signoffs.yaml": "signoffs:\n  - role: sre\n    by: Sam Ortiz\n    decision: approved\n"
        ],
        expected: .error),
    ])

  static let exampleRecords = """
    signoffs:
      - {role: security, by: Priya Natarajan, date: 2026-11-25, decision: approve}
      - {role: sre, by: Sam Ortiz, date: 2026-11-27, decision: approve, note: rollback rehearsed}

    """

  public let location: SourceLocation
  public let evidence: EvidenceSelector
  let roles: [Located<String>]
  let within: Timespan?
  let notBy: Set<String>
  let minApprovals: Int?

  public init?(_ parameters: CheckParameters) {
    let fields = parameters.fields
    location = parameters.location
    evidence = parameters.evidence
    roles = fields.strings("roles") ?? []
    within = fields.timespan("within")
    notBy = Set((fields.strings("not_by") ?? []).map { Self.key($0.value) })
    minApprovals = fields.int("min_approvals", in: 1...100) ?? (roles.isEmpty ? 1 : nil)
  }

  /// A record with the order it was read in, for ties on the same date.
  struct Entry {
    var record: SignoffRecord
    var order: Int
    var at: EvidenceLocation {
      EvidenceLocation(
        file: record.location.file, line: record.location.line, column: record.location.column)
    }
    func isLater(than other: Entry) -> Bool {
      (record.date.start, order) > (other.record.date.start, other.order)
    }
  }

  public func evaluate(_ context: EvaluationContext) -> [Finding] {
    let (files, errors) = context.files(evidence)
    var findings = errors
    var entries: [Entry] = []
    var read: [String] = []
    for file in files {
      switch context.cache.document(SignoffReader.self, for: file) {
      case .failure(let error):
        findings.append(
          .error(
            error.message,
            evidence: EvidenceLocation(file: file.path, line: error.line, column: error.column)))
      case .success(let records):
        read.append(file.path)
        for record in records {
          let entry = Entry(record: record, order: entries.count)
          if record.date.start.timeIntervalSince(context.now) > 300 {
            findings.append(
              .error(
                "the \(record.role) sign-off by \(record.by) is dated \(record.date.text), "
                  + "in the future; it cannot be judged",
                evidence: entry.at))
          } else {
            entries.append(entry)
          }
        }
      }
    }
    guard !read.isEmpty else { return findings }
    let subject = read.count == 1 ? read[0] : "the sign-off files"
    let report = read.count == 1 ? EvidenceLocation(file: read[0]) : nil
    var byRole: [String: [Entry]] = [:]
    for entry in entries { byRole[Self.key(entry.record.role), default: []].append(entry) }
    for key in byRole.keys { byRole[key]?.sort { $1.isLater(than: $0) } }
    var judged: Set<String> = []
    for role in roles where judged.insert(Self.key(role.value)).inserted {
      findings.append(
        judge(
          role.value, byRole[Self.key(role.value)] ?? [], subject: subject, report: report,
          now: context.now))
    }
    for key in byRole.keys.sorted() where !judged.contains(key) {
      let group = byRole[key] ?? []
      if let latest = eligible(group).last, latest.record.decision == .reject {
        findings.append(rejected(latest.record.role, latest, in: group))
      }
    }
    if let minApprovals {
      findings.append(
        count(byRole, min: minApprovals, subject: subject, report: report, now: context.now))
    }
    return findings
  }

  /// The records that count: every rejection, and approvals by people not excluded.
  private func eligible(_ group: [Entry]) -> [Entry] {
    group.filter { $0.record.decision == .reject || !notBy.contains(Self.key($0.record.by)) }
  }

  private func judge(
    _ role: String, _ group: [Entry], subject: String, report: EvidenceLocation?, now: Date
  ) -> Finding {
    guard let latest = eligible(group).last else {
      if let excluded = group.last(where: { $0.record.decision == .approve }) {
        return Finding(
          .fail,
          "\(role) is approved only by \(excluded.record.by) on \(excluded.record.date.text), "
            + "who is excluded by not_by",
          evidence: excluded.at, measured: Self.rollCall(role, "excluded", excluded.record))
      }
      return Finding(
        .fail, "no \(role) sign-off in \(subject)", evidence: report,
        measured: Self.rollCall(role, "missing", nil))
    }
    if latest.record.decision == .reject {
      var finding = rejected(role, latest, in: group)
      finding.measured = Self.rollCall(role, "rejected", latest.record)
      return finding
    }
    let record = latest.record
    if let within {
      let age = now.timeIntervalSince(record.date.start)
      if age > Double(within.seconds) {
        return Finding(
          .fail,
          "\(role) was last approved by \(record.by) on \(record.date.text), "
            + "\(Freshness.describe(seconds: age)) ago, older than within \(within.text)",
          evidence: latest.at,
          measured: Self.rollCall(role, "stale", record).merging(
            ["age_days": .double((age / 86_400 * 10).rounded() / 10)]) { _, new in new },
          expected: ["within": .string(within.text)])
      }
    }
    return Finding(
      .pass, "\(role) approved by \(record.by) on \(record.date.text)", evidence: latest.at,
      measured: Self.rollCall(role, "approved", record))
  }

  /// What the meeting's roll call shows for a required role: the role, its state (`approved`,
  /// `missing`, `rejected`, `stale`, `excluded`) and the deciding record's author and date.
  static func rollCall(_ role: String, _ state: String, _ record: SignoffRecord?)
    -> [String: JSONValue]
  {
    var values: [String: JSONValue] = ["role": .string(role), "signoff": .string(state)]
    if let record {
      values["by"] = .string(record.by)
      values["date"] = .string(record.date.text)
    }
    return values
  }

  private func rejected(_ role: String, _ rejection: Entry, in group: [Entry]) -> Finding {
    var text =
      "\(role) was rejected by \(rejection.record.by) on \(rejection.record.date.text)"
    let approvals = eligible(group).filter {
      $0.record.decision == .approve && rejection.isLater(than: $0)
    }
    if let approval = approvals.last {
      text +=
        ", after \(approval.record.by) approved on \(approval.record.date.text); "
        + "the later rejection stands"
    }
    if let note = rejection.record.note, !note.isEmpty { text += " (\(note))" }
    return .fail(text, evidence: rejection.at)
  }

  /// Distinct people whose approval counts: eligible, recent enough, not overridden by a
  /// later rejection of the same role.
  private func count(
    _ byRole: [String: [Entry]], min: Int, subject: String, report: EvidenceLocation?, now: Date
  ) -> Finding {
    var people: [String] = []
    for key in byRole.keys.sorted() {
      let group = eligible(byRole[key] ?? [])
      let lastRejection = group.last { $0.record.decision == .reject }
      for entry in group where entry.record.decision == .approve {
        if let lastRejection, lastRejection.isLater(than: entry) { continue }
        if let within, now.timeIntervalSince(entry.record.date.start) > Double(within.seconds) {
          continue
        }
        if !people.contains(where: { Self.key($0) == Self.key(entry.record.by) }) {
          people.append(entry.record.by)
        }
      }
    }
    let measured: [String: JSONValue] = ["approvers": .int(people.count)]
    let expected: [String: JSONValue] = ["min_approvals": .int(min)]
    let names = people.sorted().joined(separator: ", ")
    let who = people.count == 1 ? "1 person" : "\(people.count) people"
    if people.count >= min {
      return Finding(
        .pass, "\(subject) has approvals from \(who) (\(names)), at least min_approvals \(min)",
        evidence: report, measured: measured, expected: expected)
    }
    let text =
      people.isEmpty
      ? "\(subject) has no approval that counts"
      : "\(subject) has approvals that count from only \(who) (\(names))"
    return Finding(
      .fail, min > 1 || !people.isEmpty ? text + ", fewer than min_approvals \(min)" : text,
      evidence: report, measured: measured, expected: expected)
  }

  /// Names and roles compare without case and surrounding spaces.
  static func key(_ text: String) -> String { text.trimmingWhitespace().lowercased() }
}
