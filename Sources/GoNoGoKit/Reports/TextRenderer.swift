import Foundation

/// The terminal report: verdict first, then blockers grouped by owner, then the rest. Lines wrap
/// at the terminal's width, continuation lines indented; nothing is cut.
public enum TextRenderer {
  /// The width text reports wrap at when standard output is not a terminal.
  public static let defaultWidth = 80

  /// Renders the report; `color` adds ANSI colours; lines wrap at `width` columns (0: never).
  public static func render(_ report: Report, color: Bool, width: Int = defaultWidth) -> String {
    var out = TextOutput(color: color, width: width)
    header(report, &out)
    let sections: [(String, Severity, Style)] = [
      ("Blockers", .blocker, .red), ("Major", .major, .yellow), ("Minor (advisory)", .minor, .dim),
    ]
    for (title, severity, style) in sections {
      let failing = report.failing(severity)
      guard !failing.isEmpty else { continue }
      out.line()
      out.line(out.paint("\(title) — \(failing.count) failing", style, bold: true))
      for owner in orderedOwners(failing) {
        out.line("  " + out.paint(clean(owner), .bold) + ":")
        for gate in failing where gate.owner == owner {
          failingGate(gate, style: style, &out)
        }
      }
    }
    advisory(report, &out)
    timeline(report, &out)
    waivers(report, &out)
    others(report, &out)
    diagnostics(report, &out)
    return out.text
  }

  private static func header(_ report: Report, _ out: inout TextOutput) {
    let style: Style =
      switch report.verdict {
      case .go: .green
      case .conditionalGo: .yellow
      case .noGo: .red
      }
    let counts = report.summary
    out.line(
      out.paint(report.verdict.title, style, bold: true) + "  " + clean(report.program) + " "
        + clean(report.release) + " · " + DateValue.iso8601(report.now))
    let parts = AdvisoryRendering.countedStatuses(counts).map {
      "\(counts[$0, default: 0]) \($0.rawValue)"
    }
    out.line("\(report.gates.count) gates: " + parts.joined(separator: ", "))
    let reasons = [
      report.failing(.blocker).count.plural("blocker") + " failing",
      report.failing(.major).count.plural("major gate") + " failing",
      report.waivers.filter { $0.state == .active }.count.plural("waiver") + " in use",
    ]
    out.line(reasons.joined(separator: " · "))
    if let advisory = AdvisorySummary(report).headline { out.line(advisory) }
    if let tier = TierLines.headline(report) { out.line(clean(tier)) }
    guard !report.workstreams.isEmpty else { return }
    out.line()
    out.line(out.paint("Workstreams", .bold))
    let width = report.workstreams.map(\.name.count).max() ?? 0
    for workstream in report.workstreams {
      let verdictStyle: Style =
        switch workstream.verdict {
        case .go: .green
        case .conditionalGo: .yellow
        case .noGo: .red
        }
      let padding = String(repeating: " ", count: max(0, width - workstream.name.count))
      let verdictWidth = report.workstreams.map(\.verdict.title.count).max() ?? 0
      let verdictPadding = String(
        repeating: " ", count: max(0, verdictWidth - workstream.verdict.title.count))
      let failing =
        workstream.summary[.fail, default: 0] + workstream.summary[.error, default: 0]
      out.line(
        "  " + clean(workstream.name) + padding + "  "
          + out.paint(workstream.verdict.title, verdictStyle, bold: true) + verdictPadding + "  "
          + clean(workstream.owner) + " · " + failing.plural("gate") + " failing")
    }
  }

  private static func failingGate(_ gate: GateResult, style: Style, _ out: inout TextOutput) {
    let mark = gate.status == .error ? "!" : "✗"
    let workstream = gate.workstream.map { "[\(clean($0))] " } ?? ""
    out.line(
      "    " + out.paint("\(mark) \(gate.id)", style, bold: true) + "  " + workstream
        + clean(gate.title) + "  [" + gate.status.rawValue + "]")
    var where_ = "      defined at \(clean(gate.location.description))"
    if let origin = TierLines.origin(gate) { where_ += " (\(clean(origin)))" }
    if !gate.evidence.isEmpty {
      where_ += " · evidence " + gate.evidence.map(clean).joined(separator: ", ")
    }
    out.line(out.paint(where_, .dim))
    for finding in gate.findings where finding.status != .pass {
      var line = "      - "
      if let evidence = finding.evidence,
        evidence.line != nil || !finding.message.contains(evidence.file)
      {
        line += clean(evidence.description) + ": "
      }
      line += clean(finding.message)
      out.line(line)
    }
    if let remediation = gate.remediation {
      out.line("      → " + clean(remediation))
    }
  }

  private static func timeline(_ report: Report, _ out: inout TextOutput) {
    for schedule in report.rollout {
      out.line()
      let lines = ScheduleRenderer.text(schedule)
      out.line(out.paint(lines.first ?? "", .bold))
      for line in lines.dropFirst() {
        let late = line.hasPrefix("  MISSES ") || line.hasPrefix("  Cannot forecast")
        out.line(late ? out.paint(line, .red) : line)
      }
    }
  }

  private static func waivers(_ report: Report, _ out: inout TextOutput) {
    guard !report.waivers.isEmpty else { return }
    out.line()
    out.line(out.paint("Waivers", .bold))
    for result in report.waivers {
      let waiver = result.waiver
      let approver = waiver.approvedBy.map { "approved by " + clean($0) } ?? "no approver"
      let expiry = waiver.expires.map { "expires " + clean($0.text) } ?? "no expiry"
      let state: String
      let style: Style
      switch result.state {
      case .active: (state, style) = ("in use", .yellow)
      case .unused where AdvisoryRendering.waivesAdvisoryGate(result, in: report):
        (state, style) = ("not needed: the gate is advisory", .dim)
      case .unused: (state, style) = ("not needed: the gate passes", .dim)
      case .expired: (state, style) = ("EXPIRED — does not waive", .red)
      case .unapproved: (state, style) = ("NOT APPROVED — does not waive", .red)
      case .noExpiry: (state, style) = ("NO EXPIRY — does not waive", .red)
      }
      out.line(
        "  " + out.paint(clean(waiver.gate), .bold) + "  " + out.paint(state, style) + " · "
          + approver + " · " + expiry)
      out.line("    " + clean(waiver.reason) + out.paint("  (\(waiver.location))", .dim))
    }
  }

  private static func others(_ report: Report, _ out: inout TextOutput) {
    let passing = report.gates.filter { $0.status == .pass }
    let disabled = report.gates.filter { $0.status == .disabled }
    let waived = report.gates.filter { $0.status == .waived }
    if !waived.isEmpty {
      out.line()
      out.line(out.paint("Waived (\(waived.count))", .yellow, bold: true))
      for gate in waived {
        out.line("  ~ \(gate.id)  \(clean(gate.title))  (\(gate.owner), \(gate.severity.rawValue))")
      }
    }
    if !passing.isEmpty {
      out.line()
      out.line(out.paint("Passed (\(passing.count))", .green, bold: true))
      for gate in passing {
        out.line("  " + out.paint("✓", .green) + " \(gate.id)  \(clean(gate.title))")
      }
    }
    if !disabled.isEmpty {
      out.line()
      out.line(out.paint("Disabled (\(disabled.count))", .dim, bold: true))
      for gate in disabled {
        out.line("  - \(gate.id)  \(clean(gate.disabledReason ?? ""))")
      }
    }
    if !report.excludedByTier.isEmpty {
      out.line()
      out.line(out.paint("Left out by the tier (\(report.excludedByTier.count))", .dim, bold: true))
      for (id, text) in report.excludedByTier.map(TierLines.exclusion) {
        out.line("  - \(clean(id))  \(clean(text))")
      }
    }
  }

  private static func diagnostics(_ report: Report, _ out: inout TextOutput) {
    guard !report.diagnostics.isEmpty else { return }
    out.line()
    for diagnostic in report.diagnostics {
      out.line(clean(diagnostic.description))
    }
  }

  private static func orderedOwners(_ gates: [GateResult]) -> [String] {
    var owners: [String] = []
    for gate in gates where !owners.contains(gate.owner) { owners.append(gate.owner) }
    return owners
  }

  /// Evidence text is untrusted: control characters (terminal escapes included) are shown, not
  /// sent; line breaks fold into spaces.
  static func clean(_ text: String) -> String {
    var result = ""
    result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
    for scalar in text.unicodeScalars {
      switch scalar.value {
      case 0x0A, 0x0D, 0x09: result.unicodeScalars.append(" ")
      case 0x00..<0x20, 0x7F, 0x80..<0xA0:
        result += "\\u{" + String(scalar.value, radix: 16) + "}"
      case 0x202A...0x202E, 0x2066...0x2069:  // bidirectional overrides
        result += "\\u{" + String(scalar.value, radix: 16) + "}"
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result
  }

  enum Style {
    case red, yellow, green, dim, bold
  }

  struct TextOutput {
    let color: Bool
    var width = 0
    var text = ""

    mutating func line(_ line: String = "") {
      for part in TextWrapping.wrap(line, width: width) { text += part + "\n" }
    }

    func paint(_ text: String, _ style: Style, bold: Bool = false) -> String {
      guard color else { return text }
      let code: String =
        switch style {
        case .red: "31"
        case .yellow: "33"
        case .green: "32"
        case .dim: "2"
        case .bold: "1"
        }
      return "\u{1B}[" + (bold && style != .bold ? "1;" : "") + code + "m" + text + "\u{1B}[0m"
    }
  }
}

extension Int {
  func plural(_ noun: String) -> String { "\(self) \(noun)\(self == 1 ? "" : "s")" }
}
