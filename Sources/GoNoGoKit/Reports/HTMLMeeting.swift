import Foundation

/// The parts of the printout the meeting writes on or works through: the decision box, the roll
/// call, the agenda and the rollout timeline.
extension HTMLRenderer {
  /// GO / CONDITIONAL GO / NO-GO tick boxes, chair, date and time lines, the conditions a
  /// CONDITIONAL GO would carry, and lines for notes.
  static func decisionBox(_ report: Report, _ out: inout [String]) {
    out += [
      "<div class=\"decision-box\">", "<h2>Decision</h2>",
      "<p class=\"choices\"><span class=\"box\"></span> GO <span class=\"box\"></span> "
        + "CONDITIONAL GO <span class=\"box\"></span> NO-GO</p>",
      "<table class=\"fields\"><tr><th>Chair</th><td class=\"line chair\"></td><th>Date</th>"
        + "<td class=\"line\"></td><th>Time</th><td class=\"line\"></td></tr></table>",
    ]
    let (waivers, majors) = Meeting.conditions(report)
    var conditions: [String] = waivers.map { result in
      let waiver = result.waiver
      return "<li><b>" + e(waiver.gate) + "</b> waived — approved by "
        + e(waiver.approvedBy ?? "nobody") + ", expires " + e(waiver.expires?.text ?? "never")
        + "</li>"
    }
    conditions += majors.map { gate in
      "<li><b>" + e(gate.id) + "</b> open (major) — " + e(gate.owner) + "</li>"
    }
    if conditions.isEmpty {
      out.append(
        "<p class=\"conditions none\">Conditions of a CONDITIONAL GO: none — no waiver in use, "
          + "no major gate open.</p>")
    } else {
      out += [
        "<p class=\"conditions\">Conditions of a CONDITIONAL GO:</p>",
        "<ul class=\"conditions\">" + conditions.joined() + "</ul>",
      ]
    }
    out += [
      "<p class=\"notes-label\">Notes</p>",
      "<div class=\"notes\"><span></span><span></span></div>",
      "</div>",
    ]
  }

  /// Every required sign-off role with who approved and when, or "missing" in bold; without
  /// sign-off records, the meeting's roles with lines to sign on.
  static func rollCall(_ report: Report, _ out: inout [String]) {
    let entries = Meeting.rollCall(report)
    out += ["<div class=\"rollcall\">", "<h2>Roll call</h2>", "<table>"]
    guard !entries.isEmpty else {
      out.append(
        "<thead><tr><th>Role</th><th>Name</th><th class=\"sig\">Signature</th></tr></thead>"
          + "<tbody>")
      for role in signOffRoles {
        out.append(
          "<tr><td>\(e(role))</td><td class=\"line\"></td><td class=\"line sig\"></td></tr>")
      }
      out += ["</tbody>", "</table>", "</div>"]
      return
    }
    let program = entries.contains { $0.workstream != nil }
    out.append(
      "<thead><tr><th>Role</th><th>Approved by</th><th class=\"nowrap\">When</th></tr></thead>"
        + "<tbody>")
    for entry in entries {
      var role = e(entry.role)
      if program, let workstream = entry.workstream {
        role += " <span class=\"ws\">" + e(workstream) + "</span>"
      }
      let who: String
      switch entry.state {
      case "approved": who = e(entry.by ?? "—")
      case "missing": who = "<b class=\"missing\">missing</b>"
      case "rejected": who = "<b class=\"missing\">rejected</b> by " + e(entry.by ?? "—")
      case "stale":
        who = "<b class=\"missing\">missing</b>: " + e(entry.by ?? "—") + "’s approval is too old"
      case "excluded":
        who = "<b class=\"missing\">missing</b>: only " + e(entry.by ?? "—") + " (excluded)"
      default: who = "<b class=\"missing\">" + e(entry.state) + "</b>"
      }
      out.append(
        "<tr><td>" + role + "</td><td>" + who + "</td><td class=\"nowrap\">"
          + e(entry.date ?? "—") + "</td></tr>")
    }
    out += ["</tbody>", "</table>", "</div>"]
  }

  /// The open blockers and majors in the order the meeting takes them, each with its owner,
  /// what was measured against what was expected, and the remediation.
  static func agenda(_ report: Report, _ out: inout [String]) {
    let items = Meeting.agenda(report)
    out += ["<section class=\"agenda\">", "<h2>Agenda · decisions to take</h2>"]
    guard !items.isEmpty else {
      out += [
        "<p class=\"clear\">Nothing to decide: no blocker or major gate is open.</p>", "</section>",
      ]
      return
    }
    out += [
      "<table class=\"issues\">",
      "<thead><tr><th class=\"n\">#</th><th class=\"gate\">Gate</th><th>Owner</th>"
        + "<th>Measured vs expected</th><th>Remediation</th></tr></thead>", "<tbody>",
    ]
    for (index, gate) in items.enumerated() {
      let status = gate.status == .error ? "could not be evaluated" : "failed"
      out.append(
        "<tr><td class=\"n\">\(index + 1)</td><td class=\"gate\"><b>" + e(gate.id) + "</b><br>"
          + e(gate.title) + "<br><span class=\"tag sev-\(gate.severity.rawValue)\">"
          + "\(gate.severity.rawValue) · \(status)</span></td><td>" + e(gate.owner)
          + "</td><td>" + findings(gate) + "</td><td>" + e(gate.remediation ?? "—") + "</td></tr>")
    }
    out += ["</tbody>", "</table>", "</section>"]
  }

  private static func findings(_ gate: GateResult) -> String {
    let problems = gate.problems
    var items = problems.prefix(maxAgendaFindings).map { finding in
      var item = "<li>" + e(finding.located)
      if let (measured, expected) = Meeting.measuredVersusExpected(finding) {
        item +=
          "<br><span class=\"mve\">measured " + e(measured) + " · expected " + e(expected)
          + "</span>"
      }
      return item + "</li>"
    }
    if problems.count > maxAgendaFindings {
      items.append("<li class=\"more\">and \(problems.count - maxAgendaFindings) more</li>")
    }
    return "<ul class=\"findings\">" + items.joined() + "</ul>"
  }

  /// The timeline: a chart on a date axis in the plan's zone, then the phases as a table.
  static func timeline(_ rollout: Rollout, now: Date, _ out: inout [String]) {
    let zone = rollout.timeZone
    let zoneLabel = rollout.zoneLabel(at: rollout.phases.first?.start ?? now)
    var heading = "Rollout timeline"
    if let service = rollout.service { heading += " · " + e(service) }
    if let strategy = rollout.strategy { heading += " · " + e(strategy) }
    heading += " · times in " + e(zoneLabel)
    out += [
      "<section class=\"timeline\">", "<h2>\(heading)</h2>",
      TimelineChart(rollout: rollout, now: now).svg(),
      "<p class=\"legend\"><span class=\"key bake\"></span> bake <span class=\"key wait\"></span>"
        + " waiting to promote <span class=\"key deploy\"></span> deploy hours "
        + "<span class=\"key freeze\"></span> freeze <span class=\"key now\"></span> now "
        + e(ScheduleRenderer.local(now, in: zone)) + "</p>",
      "<table>",
      "<thead><tr><th>Phase</th><th>Traffic</th><th class=\"nowrap\">Starts</th>"
        + "<th class=\"nowrap\">Bake ends</th><th class=\"nowrap\">Promoted</th>"
        + "<th>Waited for</th></tr></thead>", "<tbody>",
    ]
    for phase in rollout.phases {
      let late = rollout.isLate(phase)
      out.append(
        "<tr\(late ? " class=\"late\"" : "")><td>" + e(phase.name)
          + (late ? " <span class=\"tag rag-red\">after complete_by</span>" : "") + "</td><td>"
          + e(phase.traffic ?? "—") + "</td><td class=\"nowrap\">"
          + e(ScheduleRenderer.local(phase.start, in: zone)) + "</td><td class=\"nowrap\">"
          + e(phase.bakeEnd.map { ScheduleRenderer.local($0, in: zone) } ?? "—")
          + "</td><td class=\"nowrap\">"
          + e(phase.end.map { ScheduleRenderer.local($0, in: zone) } ?? "open") + "</td><td>"
          + e(phase.waits.isEmpty ? "—" : phase.waits.joined(separator: ", ")) + "</td></tr>")
    }
    out += ["</tbody>", "</table>"]
    if !rollout.completion.isEmpty {
      let missed = rollout.completion.contains { $0.hasPrefix("MISSES") }
      out.append(
        "<p class=\"completion\(missed ? " late" : "")\">"
          + rollout.completion.map(e).joined(separator: " · ") + "</p>")
    }
    out.append("</section>")
  }
}
