import Foundation

/// The advisory parts of the report formats, kept in one place so every format says the same
/// thing: an advisory gate is judged and shown with what it would be ("would fail"), and the day
/// it becomes enforced, but it does not count towards the verdict.
enum AdvisoryRendering {
  /// The advisory gates of a report, in report order.
  static func gates(_ report: Report) -> [GateResult] {
    report.gates.filter { $0.status == .advisory }
  }

  /// The statuses a summary line counts: all of them, `advisory` only when a gate is advisory,
  /// so reports without advisory gates read as they always have.
  static func countedStatuses(_ counts: [GateStatus: Int]) -> [GateStatus] {
    GateStatus.allCases.filter { $0 != .advisory || counts[.advisory, default: 0] > 0 }
  }

  /// "2026-12-05 (in 4 days)".
  static func enforcedFrom(_ gate: GateResult, now: Date) -> String {
    guard let until = gate.advisoryUntil else { return "" }
    guard let date = DateValue(parsing: until) else { return until }
    let days = Advisory.daysUntil(date, now: now)
    return "\(until) (in \(days == 1 ? "1 day" : "\(days) days"))"
  }

  /// The note on an advisory gate, such as "Advisory until 2026-12-05 (in 4 days): would fail;
  /// not counted in the verdict.".
  static func note(_ gate: GateResult, now: Date) -> String {
    "Advisory until \(enforcedFrom(gate, now: now)): \(gate.wouldBePhrase); "
      + "not counted in the verdict."
  }

  /// True when `result` is an unused waiver of an advisory gate: it is not needed because the
  /// gate does not count yet, not because it passes.
  static func waivesAdvisoryGate(_ result: WaiverResult, in report: Report) -> Bool {
    result.state == .unused
      && report.gates.contains {
        $0.id == result.waiver.gate && $0.status == .advisory
          && $0.workstream == result.workstream
      }
  }
}

extension TextRenderer {
  /// "Advisory — 2 gates, not counted in the verdict", then each gate with what it would be,
  /// the day it becomes enforced and, when it would not pass, its findings.
  static func advisory(_ report: Report, _ out: inout TextOutput) {
    let gates = AdvisoryRendering.gates(report)
    guard !gates.isEmpty else { return }
    out.line()
    out.line(
      out.paint(
        "Advisory — \(gates.count.plural("gate")), not counted in the verdict", .bold, bold: true))
    for gate in gates {
      let passes = gate.wouldBe == .pass
      let workstream = gate.workstream.map { "[\(clean($0))] " } ?? ""
      out.line(
        "  " + out.paint("○ \(gate.id)", passes ? .dim : .yellow, bold: !passes) + "  "
          + workstream + clean(gate.title) + "  [advisory: " + gate.wouldBePhrase + "]")
      var where_ =
        "      enforced from \(AdvisoryRendering.enforcedFrom(gate, now: report.now))"
        + " · \(gate.severity.rawValue) · \(clean(gate.owner)) · defined at "
        + clean(gate.location.description)
      if !passes && !gate.evidence.isEmpty {
        where_ += " · evidence " + gate.evidence.map(clean).joined(separator: ", ")
      }
      out.line(out.paint(where_, .dim))
      guard !passes else { continue }
      for finding in gate.problems { out.line("      - " + clean(finding.located)) }
      if let remediation = gate.remediation { out.line("      → " + clean(remediation)) }
    }
  }
}

extension MarkdownRenderer {
  /// "### Advisory — 2 gates, not counted in the verdict" and a table of them.
  static func advisory(_ report: Report, maxFindings: Int, _ out: inout [String]) {
    let gates = AdvisoryRendering.gates(report)
    guard !gates.isEmpty else { return }
    out += ["", "### Advisory — \(gates.count.plural("gate")), not counted in the verdict", ""]
    out.append("| Gate | Owner | Would be | Enforced from | What it found |")
    out.append("| --- | --- | --- | --- | --- |")
    for gate in gates {
      let problems = gate.problems
      var found = problems.prefix(maxFindings).map { Escape.markdown($0.located) }
      if problems.count > maxFindings { found.append("… and \(problems.count - maxFindings) more") }
      let cells = [
        "**" + Escape.markdown(gate.id) + "** " + Escape.markdown(gate.title),
        Escape.markdown(gate.owner), statusCell(gate.wouldBe ?? .fail),
        Escape.markdown(AdvisoryRendering.enforcedFrom(gate, now: report.now)),
        found.isEmpty ? "—" : found.joined(separator: "<br>"),
      ]
      out.append("| " + cells.joined(separator: " | ") + " |")
    }
  }
}

extension HTMLRenderer {
  /// A section listing the advisory gates: what each would be and when it becomes enforced.
  static func advisory(_ report: Report, _ out: inout [String]) {
    let gates = AdvisoryRendering.gates(report)
    guard !gates.isEmpty else { return }
    out += [
      "<section class=\"advisory\">", "<h2>Advisory gates · not counted in the verdict</h2>",
      "<table class=\"issues\">",
      "<thead><tr><th class=\"gate\">Gate</th><th>Owner</th><th>Would be</th>"
        + "<th>What it found</th><th>Enforced from</th></tr></thead>", "<tbody>",
    ]
    for gate in gates {
      let problems = gate.problems
      var items = problems.prefix(maxAgendaFindings).map { "<li>" + Escape.html($0.located) + "</li>" }
      if problems.count > maxAgendaFindings {
        items.append("<li class=\"more\">and \(problems.count - maxAgendaFindings) more</li>")
      }
      let found = items.isEmpty ? "—" : "<ul class=\"findings\">" + items.joined() + "</ul>"
      out.append(
        "<tr><td class=\"gate\"><b>" + Escape.html(gate.id) + "</b><br>" + Escape.html(gate.title)
          // Grey: it blocks nothing yet, whatever its severity.
          + "<br><span class=\"tag rag-grey\">\(gate.severity.rawValue) · "
          + "advisory</span></td><td>" + Escape.html(gate.owner) + "</td><td class=\"nowrap\">"
          + Escape.html(gate.wouldBePhrase) + "</td><td>" + found + "</td><td class=\"nowrap\">"
          + Escape.html(AdvisoryRendering.enforcedFrom(gate, now: report.now)) + "</td></tr>")
    }
    out += ["</tbody>", "</table>", "</section>"]
  }
}
