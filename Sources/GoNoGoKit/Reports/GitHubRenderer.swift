import Foundation
import LocatedYAML

/// GitHub Actions workflow commands: one annotation per failing gate and per waiver worth
/// knowing about, then a notice with the verdict.
///
/// GitHub shows at most ten annotations of each level per step, so gates come in order of
/// severity — blockers as `::error`, major gates as `::warning`, minor gates as `::notice` — and
/// each level stops at ten; the closing notice names the gates left out. An annotation sits at
/// the evidence line when a finding has one, else at the gate's definition. An advisory gate that
/// would fail is a `::notice` (after the failing gates) saying so and from when it counts. Text is escaped by
/// GitHub's rules, so evidence cannot end a command or start another. The Markdown report for
/// `$GITHUB_STEP_SUMMARY` is ``MarkdownRenderer``'s.
public enum GitHubRenderer {
  /// The annotations GitHub shows per level and step.
  public static let annotationsPerLevel = 10

  enum Level: String {
    case error, warning, notice
  }

  struct Annotation {
    var level: Level
    var location: (file: String, line: Int?, column: Int?)?
    var title: String
    var message: String
    var gate: String?
  }

  /// Renders the annotation lines.
  public static func render(_ report: Report) -> String {
    var candidates = report.failing(.blocker).map(annotation)
    candidates += report.failing(.major).map(annotation)
    candidates += report.waivers.compactMap(annotation)
    candidates += report.failing(.minor).map(annotation)
    candidates += AdvisoryRendering.gates(report).filter { $0.wouldBe != .pass }.map {
      advisoryAnnotation($0, now: report.now)
    }
    var lines: [String] = []
    var shown: [Level: Int] = [:]
    var left: [String] = []
    for candidate in candidates {
      let limit = annotationsPerLevel - (candidate.level == .notice ? 1 : 0)
      guard shown[candidate.level, default: 0] < limit else {
        if let gate = candidate.gate, !left.contains(gate) { left.append(gate) }
        continue
      }
      shown[candidate.level, default: 0] += 1
      lines.append(command(candidate))
    }
    lines.append(command(summary(report, left: left)))
    return lines.joined(separator: "\n") + "\n"
  }

  private static func annotation(_ gate: GateResult) -> Annotation {
    let problems = gate.problems
    let anchor = gate.anchor
    var location: (String, Int?, Int?) = (anchor.file, anchor.line, anchor.column)
    if let evidence = problems.first(where: { $0.evidence?.line != nil })?.evidence {
      location = (gate.workingPath(ofEvidence: evidence.file), evidence.line, evidence.column)
    }
    let what = gate.status == .error ? "could not be evaluated" : "failed"
    var message = ["\(gate.title) (\(gate.severity.rawValue), owner \(gate.owner))"]
    message += problems.map { "- " + $0.located }
    if let remediation = gate.remediation { message.append("→ " + remediation) }
    return Annotation(
      level: level(gate.severity), location: location,
      title: "\(gate.severity.rawValue.capitalized) gate \(gate.id) \(what)",
      message: message.joined(separator: "\n"), gate: gate.id)
  }

  /// A notice for an advisory gate that would fail: it does not count towards the verdict yet.
  private static func advisoryAnnotation(_ gate: GateResult, now: Date) -> Annotation {
    var annotation = annotation(gate)
    annotation.level = .notice
    annotation.title = "Advisory gate \(gate.id) \(gate.wouldBePhrase)"
    annotation.message += "\n" + AdvisoryRendering.note(gate, now: now)
    return annotation
  }

  private static func annotation(_ result: WaiverResult) -> Annotation? {
    let waiver = result.waiver
    let approver = waiver.approvedBy.map { "approved by \($0)" } ?? "no approver"
    let expiry = waiver.expires.map { "expires \($0.text)" } ?? "no expiry"
    let level: Level
    let title: String
    switch result.state {
    case .active: (level, title) = (.notice, "Gate \(waiver.gate) is waived")
    case .unused: return nil
    case .expired: (level, title) = (.warning, "Waiver for \(waiver.gate) has expired")
    case .unapproved: (level, title) = (.warning, "Waiver for \(waiver.gate) has no approver")
    case .noExpiry: (level, title) = (.warning, "Waiver for \(waiver.gate) has no expiry date")
    }
    var message = "\(waiver.reason) (\(approver), \(expiry))"
    if result.state != .active { message += "; it does not waive the gate" }
    return Annotation(
      level: level, location: (waiver.location.file, waiver.location.line, waiver.location.column),
      title: title, message: message, gate: nil)
  }

  private static func summary(_ report: Report, left: [String]) -> Annotation {
    var message =
      "\(report.program) \(report.release) is \(report.verdict.title): "
      + [
        report.failing(.blocker).count.plural("blocker") + " failing",
        report.failing(.major).count.plural("major gate") + " failing",
        report.activeWaivers.count.plural("waiver") + " in use",
      ].joined(separator: ", ") + "."
    if let advisory = AdvisorySummary(report).headline { message += " Advisory: \(advisory)." }
    if !left.isEmpty {
      message += " Not annotated here: " + left.joined(separator: ", ") + "."
    }
    message += " The job summary has the full report."
    return Annotation(
      level: .notice, location: nil, title: "gonogo: \(report.verdict.title)", message: message,
      gate: nil)
  }

  private static func command(_ annotation: Annotation) -> String {
    var properties: [String] = []
    if let location = annotation.location {
      properties.append("file=" + Escape.workflowProperty(location.file))
      if let line = location.line { properties.append("line=\(line)") }
      if let column = location.column, location.line != nil { properties.append("col=\(column)") }
    }
    properties.append("title=" + Escape.workflowProperty(annotation.title))
    return "::\(annotation.level.rawValue) " + properties.joined(separator: ",") + "::"
      + Escape.workflowMessage(annotation.message)
  }

  private static func level(_ severity: Severity) -> Level {
    switch severity {
    case .blocker: .error
    case .major: .warning
    case .minor: .notice
    }
  }
}
