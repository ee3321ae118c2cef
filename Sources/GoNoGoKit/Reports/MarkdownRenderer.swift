import Foundation

/// The GitHub-flavoured Markdown report, for pull-request comments and job summaries: the verdict
/// with its RAG, blockers with owners and asks, waivers with expiry, the rollout forecast, a table
/// per readiness area, and passing gates collapsed in `<details>`.
public enum MarkdownRenderer {
  /// GitHub's limit for one step's summary, in bytes.
  public static let stepSummaryLimit = 1_048_576

  /// Renders the whole report; `footer` lines (a decision record's digest and key id, say) end
  /// it.
  public static func render(_ report: Report, footer: [String] = []) -> String {
    render(report, layout: .full, footer: footer)
  }

  /// Renders within `byteLimit` UTF-8 bytes (for `$GITHUB_STEP_SUMMARY`): the whole report when
  /// it fits, else a compact one (no passing-gate details, at most three findings per gate), else
  /// the compact one cut at a line boundary with a note saying so.
  public static func render(_ report: Report, byteLimit: Int, footer: [String] = []) -> String {
    let full = render(report, layout: .full, footer: footer)
    if full.utf8.count <= byteLimit { return full }
    let compact = render(report, layout: .compact, footer: footer)
    if compact.utf8.count <= byteLimit { return compact }
    let note =
      "\n\n_The report is cut here: it exceeds the summary's size limit. The JSON report "
      + "has every gate._\n"
    var cut = ""
    var size = 0
    for line in compact.split(separator: "\n", omittingEmptySubsequences: false) {
      let bytes = line.utf8.count + 1
      guard size + bytes + note.utf8.count <= byteLimit else { break }
      cut += line + "\n"
      size += bytes
    }
    return cut + note
  }

  enum Layout {
    case full, compact

    var maxFindings: Int { self == .full ? 10 : 3 }
  }

  static func render(_ report: Report, layout: Layout, footer: [String] = []) -> String {
    var out: [String] = []
    headline(report, &out)
    let sections: [(String, Severity)] = [
      ("Blockers", .blocker), ("Major", .major), ("Minor (advisory)", .minor),
    ]
    for (title, severity) in sections {
      let failing = report.failing(severity)
      guard !failing.isEmpty else { continue }
      out += ["", "### \(title) — \(failing.count) failing", ""]
      out.append("| Gate | Owner | Status | What failed | Ask |")
      out.append("| --- | --- | --- | --- | --- |")
      for gate in failing {
        out.append(
          row([
            gateCell(gate), Escape.markdown(gate.owner), statusCell(gate.status),
            findingsCell(gate, layout: layout), Escape.markdown(gate.remediation ?? ""),
          ]))
      }
    }
    advisory(report, maxFindings: layout.maxFindings, &out)
    waivers(report, &out)
    for schedule in report.rollout { forecast(schedule, &out) }
    if !report.excludedByTier.isEmpty {
      out += ["", "### Left out by the tier", ""]
      for (id, text) in report.excludedByTier.map(TierLines.exclusion) {
        out.append("- **" + Escape.markdown(id) + "** " + Escape.markdown(text))
      }
    }
    areas(report, layout: layout, &out)
    diagnostics(report, &out)
    out += [
      "",
      "<sub>gonogo · " + report.sources.map(Escape.markdown).joined(separator: ", ") + " · "
        + DateValue.iso8601(report.now) + "</sub>",
    ]
    if let seal = report.recordSeal { out += ["", "<sub>" + Escape.markdown(seal.sentence) + "</sub>"] }
    for line in footer { out += ["", "<sub>" + Escape.markdown(line) + "</sub>"] }
    return out.joined(separator: "\n") + "\n"
  }

  /// The rollout forecast: a row per phase with its start, bake, promotion and what moved its
  /// start (a freeze, deploy hours), every time in the plan's zone; then when 100 % is reached.
  private static func forecast(_ schedule: Schedule, _ out: inout [String]) {
    let zone = schedule.timeZone
    let label = Meeting.zoneLabel(
      zone, named: schedule.timeZoneName, at: schedule.phases.first?.start ?? schedule.plannedStart)
    out += [
      "",
      "### Rollout forecast · " + Escape.markdown(schedule.service) + " · "
        + schedule.strategy.rawValue + " · times in " + Escape.markdown(label),
      "",
      "| Phase | Traffic | Starts | Bake | Promoted | Moved by |",
      "| --- | --- | --- | --- | --- | --- |",
    ]
    for phase in schedule.phases {
      let late = schedule.completeBy.map { (phase.promotedAt ?? phase.start) > $0.date } ?? false
      out.append(
        row([
          (late ? "❌ " : "") + Escape.markdown(phase.name),
          Escape.markdown(phase.traffic?.text ?? phase.cohort ?? "–"),
          ScheduleRenderer.local(phase.start, in: zone),
          phase.bake.map { Escape.markdown($0.text) } ?? "–",
          phase.promotedAt.map { ScheduleRenderer.local($0, in: zone) } ?? "–",
          phase.waits.isEmpty
            ? "–" : phase.waits.map { Escape.markdown($0.description) }.joined(separator: ", "),
        ]))
    }
    for name in schedule.unscheduled {
      out.append(row([Escape.markdown(name), "", "not scheduled", "", "", ""]))
    }
    out.append("")
    var notes: [String] = []
    if let problem = schedule.problem {
      notes.append("Cannot forecast: " + Escape.markdown(problem))
    }
    notes += ScheduleRenderer.completion(schedule).map { line in
      line.hasPrefix("MISSES") ? "❌ **" + Escape.markdown(line) + "**" : Escape.markdown(line)
    }
    out.append(notes.joined(separator: " · "))
  }

  private static func headline(_ report: Report, _ out: inout [String]) {
    let rag = RAG(report.verdict)
    out.append(
      "## \(icon(rag)) \(report.verdict.title) · " + Escape.markdown(report.program) + " "
        + Escape.markdown(report.release))
    out.append("")
    let counts = report.summary
    let parts = AdvisoryRendering.countedStatuses(counts).map {
      "\(counts[$0, default: 0]) \($0.rawValue)"
    }
    out.append(
      "**RAG: \(rag.rawValue)** · \(report.gates.count) gates: " + parts.joined(separator: ", ")
        + " · as of " + DateValue.iso8601(report.now))
    out.append("")
    out.append(
      [
        report.failing(.blocker).count.plural("blocker") + " failing",
        report.failing(.major).count.plural("major gate") + " failing",
        report.activeWaivers.count.plural("waiver") + " in use",
      ].joined(separator: " · "))
    if let advisory = AdvisorySummary(report).headline {
      out += ["", "🔵 " + Escape.markdown(advisory)]
    }
    if let tier = TierLines.headline(report) { out += ["", Escape.markdown(tier)] }
    guard !report.workstreams.isEmpty else { return }
    out += ["", "| Workstream | Owner | Verdict | Failing gates |", "| --- | --- | --- | --- |"]
    for workstream in report.workstreams {
      let failing = workstream.summary[.fail, default: 0] + workstream.summary[.error, default: 0]
      out.append(
        row([
          Escape.markdown(workstream.name), Escape.markdown(workstream.owner),
          "\(icon(RAG(workstream.verdict))) \(workstream.verdict.title)", "\(failing)",
        ]))
    }
  }

  private static func waivers(_ report: Report, _ out: inout [String]) {
    guard !report.waivers.isEmpty else { return }
    out += ["", "### Waivers", ""]
    out.append("| Gate | State | Reason | Approved by | Expires |")
    out.append("| --- | --- | --- | --- | --- |")
    for result in report.waivers {
      let waiver = result.waiver
      out.append(
        row([
          "**" + Escape.markdown(waiver.gate) + "**",
          AdvisoryRendering.waivesAdvisoryGate(result, in: report)
            ? "not needed: the gate is advisory" : waiverState(result.state),
          Escape.markdown(waiver.reason), waiver.approvedBy.map(Escape.markdown) ?? "—",
          waiver.expires.map { Escape.markdown($0.text) } ?? "—",
        ]))
    }
  }

  private static func areas(_ report: Report, layout: Layout, _ out: inout [String]) {
    let areas = report.areas
    guard !areas.isEmpty else { return }
    out += ["", "### Areas", ""]
    // An Advisory column only when a gate is advisory.
    let columns = AdvisoryRendering.countedStatuses(report.summary)
    out.append(
      "| Area | RAG | " + columns.map(\.rawValue.capitalized).joined(separator: " | ") + " |")
    out.append("| --- | --- |" + String(repeating: " ---: |", count: columns.count))
    for area in areas {
      let counts = columns.map { String(area.count($0)) }
      out.append(row([area.title, "\(icon(area.rag)) \(area.rag.rawValue)"] + counts))
    }
    for area in areas {
      out += ["", "#### \(icon(area.rag)) \(area.title)"]
      let open = area.gates.filter { $0.status != .pass }
      if !open.isEmpty {
        out += ["", "| Gate | Severity | Status | Owner | Findings |"]
        out.append("| --- | --- | --- | --- | --- |")
        for gate in open {
          out.append(
            row([
              gateCell(gate), gate.severity.rawValue, statusCell(gate.status),
              Escape.markdown(gate.owner), findingsCell(gate, layout: layout),
            ]))
        }
      }
      let passing = area.gates.filter { $0.status == .pass }
      guard !passing.isEmpty else { continue }
      let summary = "✅ " + passing.count.plural("passing gate")
      guard layout == .full else {
        out += ["", summary + "."]
        continue
      }
      out += ["", "<details><summary>\(summary)</summary>", ""]
      out.append("| Gate | Severity | Owner | Evidence |")
      out.append("| --- | --- | --- | --- |")
      for gate in passing {
        out.append(
          row([
            gateCell(gate), gate.severity.rawValue, Escape.markdown(gate.owner),
            gate.evidence.map(Escape.markdown).joined(separator: ", "),
          ]))
      }
      out += ["", "</details>"]
    }
  }

  private static func diagnostics(_ report: Report, _ out: inout [String]) {
    guard !report.diagnostics.isEmpty else { return }
    out += ["", "### Definition warnings", ""]
    for diagnostic in report.diagnostics {
      var line = "- " + Escape.markdown(diagnostic.description)
      if let hint = diagnostic.hint { line += " — " + Escape.markdown(hint) }
      out.append(line)
    }
  }

  private static func row(_ cells: [String]) -> String {
    "| " + cells.joined(separator: " | ") + " |"
  }

  private static func gateCell(_ gate: GateResult) -> String {
    "**" + Escape.markdown(gate.id) + "** " + Escape.markdown(gate.title)
  }

  private static func findingsCell(_ gate: GateResult, layout: Layout) -> String {
    if gate.status == .disabled {
      return "Disabled: " + Escape.markdown(gate.disabledReason ?? "")
    }
    var lines: [String] = []
    if gate.status == .waived {
      lines.append("Waived (\(gate.evaluated?.rawValue ?? "fail")):")
    }
    if gate.status == .advisory, let until = gate.advisoryUntil {
      lines.append(
        "Advisory until \(until), \(gate.wouldBePhrase)" + (gate.problems.isEmpty ? "" : ":"))
    }
    let problems = gate.problems
    lines += problems.prefix(layout.maxFindings).map { Escape.markdown($0.located) }
    if problems.count > layout.maxFindings {
      lines.append("… and \(problems.count - layout.maxFindings) more")
    }
    return lines.joined(separator: "<br>")
  }

  static func statusCell(_ status: GateStatus) -> String {
    switch status {
    case .pass: "✅ pass"
    case .fail: "❌ fail"
    case .error: "❗ error"
    case .advisory: "🔵 advisory"
    case .waived: "⚠️ waived"
    case .disabled: "➖ disabled"
    }
  }

  private static func waiverState(_ state: WaiverResult.State) -> String {
    switch state {
    case .active: "⚠️ in use"
    case .unused: "not needed: the gate passes"
    case .expired: "❌ **expired**: does not waive"
    case .unapproved: "❌ **no approver**: does not waive"
    case .noExpiry: "❌ **no expiry**: does not waive"
    }
  }

  static func icon(_ rag: RAG) -> String {
    switch rag {
    case .red: "🔴"
    case .amber: "🟠"
    case .green: "🟢"
    case .grey: "⚪"
    }
  }
}
