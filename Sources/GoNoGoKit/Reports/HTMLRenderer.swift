import Foundation

/// The go/no-go meeting printout: one self-contained HTML file (inline CSS and SVG, no scripts,
/// no external assets) that prints on A4 or Letter. Page 1 carries what the meeting runs on:
/// the verdict, the decision box, the roll call of sign-offs and the agenda (open blockers and
/// majors in the order to take them); then RAG per area and per workstream, the rollout
/// timeline, the waivers and the other gates.
public enum HTMLRenderer {
  /// The roles that sign the go/no-go decision when no sign-off records are checked.
  public static let signOffRoles = [
    "Release manager", "Engineering lead", "SRE", "Product", "Support",
  ]
  /// Findings shown per gate in the advisory table; the rest are counted.
  static let maxFindings = 3
  /// Findings shown per agenda item; the rest are counted (the JSON report has them all).
  static let maxAgendaFindings = 2
  /// Definition files named in the header; past that, the first and a count (the JSON report
  /// lists them all).
  static let maxHeaderSources = 2

  /// Renders the printout; the timeline section appears only when `rollout` has phases.
  /// `footer` lines (a decision record's digest and key id, say) end the sheet.
  public static func render(_ report: Report, rollout: Rollout? = nil, footer: [String] = [])
    -> String
  {
    render(report, rollouts: rollout.map { [$0] } ?? [], footer: footer)
  }

  /// Renders the printout with a timeline for each rollout that has phases.
  public static func render(_ report: Report, rollouts: [Rollout], footer: [String] = [])
    -> String
  {
    let verdict = report.verdict
    let rag = RAG(verdict)
    var eyebrow = "Go/no-go readiness review"
    if !report.workstreams.isEmpty {
      eyebrow = "Program go/no-go review · " + report.workstreams.count.plural("workstream")
    }
    var out: [String] = [
      "<!DOCTYPE html>",
      "<html lang=\"en\">",
      "<head>",
      "<meta charset=\"utf-8\">",
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
      "<title>" + e("Go/no-go: \(report.program) \(report.release) — \(verdict.title)")
        + "</title>",
      "<style>", HTMLStyle.css, "</style>",
      "</head>",
      "<body>",
      "<main class=\"sheet\">",
      "<header class=\"top\">",
      "<div class=\"meta\">",
      "<p class=\"eyebrow\">" + e(eyebrow) + "</p>",
      "<h1>" + e(report.program) + " <span class=\"release\">" + e(report.release) + "</span></h1>",
      "<p class=\"when\">Evaluated " + display(report.now) + " · " + headerSources(report)
        + "</p>",
      "</div>",
      "<div class=\"verdict rag-\(rag.rawValue)\">",
      "<span class=\"label\">Verdict</span>",
      "<strong\(verdict == .conditionalGo ? " class=\"long\"" : "")>\(e(verdict.title))</strong>",
      "<span class=\"label\">RAG \(rag.rawValue)</span>",
      "</div>",
      "</header>",
    ]
    out.append(stats(report))
    out.append("<section class=\"meeting\">")
    decisionBox(report, &out)
    rollCall(report, &out)
    out.append("</section>")
    agenda(report, &out)
    advisory(report, &out)
    rollups(report, &out)
    for rollout in rollouts where !rollout.phases.isEmpty {
      timeline(rollout, now: report.now, &out)
    }
    waivers(report, &out)
    others(report, &out)
    var lines = [
      "gonogo · " + e(DateValue.iso8601(report.now)) + " · exit code "
        + "\(verdict.exitCode(failOnConditional: false))"
    ]
    // The footer hook: a decision record's digest and key id, say.
    lines += footer.map(e)
    // The sheet ends with the decision record written in the same run, tying paper to record.
    if let seal = report.recordSeal { lines.append(e(seal.sentence)) }
    out.append("<footer>" + lines.joined(separator: "<br>") + "</footer>")
    out += ["</main>", "</body>", "</html>"]
    return out.joined(separator: "\n") + "\n"
  }

  /// The definition files, or the first and a count when there are more than two.
  private static func headerSources(_ report: Report) -> String {
    let sources = report.sources
    guard sources.count > maxHeaderSources, let first = sources.first else {
      return sources.map(e).joined(separator: ", ")
    }
    return e(first) + " and \(sources.count - 1) more definition files"
  }

  private static func stats(_ report: Report) -> String {
    let counts = report.summary
    var items = ["<li><b>\(report.gates.count)</b> gates</li>"]
    items += AdvisoryRendering.countedStatuses(counts).map {
      "<li class=\"s-\($0.rawValue)\"><b>\(counts[$0, default: 0])</b> \($0.rawValue)</li>"
    }
    var reasons = [
      report.failing(.blocker).count.plural("blocker") + " failing",
      report.failing(.major).count.plural("major gate") + " failing",
      report.activeWaivers.count.plural("waiver") + " in use",
    ]
    if let advisory = AdvisorySummary(report).headline { reasons.append(e(advisory)) }
    return "<ul class=\"stats\">" + items.joined() + "<li class=\"why\">"
      + reasons.joined(separator: " · ") + "</li></ul>"
  }

  /// Readiness by area beside the program's workstreams (verdict, blockers, owner), or beside
  /// the gates grouped by owner for a single checklist.
  private static func rollups(_ report: Report, _ out: inout [String]) {
    out.append("<section class=\"rollups\">")
    groupTable("Readiness by area", "Area", report.areas, &out)
    if report.workstreams.isEmpty {
      groupTable("By owner", "Owner", report.workstreamGroups, &out)
    } else {
      workstreams(report, &out)
    }
    out.append("</section>")
  }

  private static func groupTable(
    _ title: String, _ column: String, _ groups: [GateGroup], _ out: inout [String]
  ) {
    out += [
      "<div>", "<h2>\(title)</h2>", "<table class=\"rollup\">",
      "<thead><tr><th>\(column)</th><th>RAG</th><th class=\"n\">Passing</th><th>Open</th></tr>"
        + "</thead>", "<tbody>",
    ]
    for group in groups {
      let judged = group.gates.filter { $0.status != .disabled }.count
      let open = group.gates.filter { $0.status != .pass && $0.status != .disabled }
      out.append(
        "<tr><td>" + e(group.title) + "</td><td>" + chip(group.rag) + "</td><td class=\"n\">"
          + "\(group.count(.pass))/\(judged)</td><td class=\"ids\">"
          + open.map { e($0.id) }.joined(separator: ", ") + "</td></tr>")
    }
    out += ["</tbody>", "</table>", "</div>"]
  }

  /// The program roll-up: one row per workstream with its verdict, failing blockers and majors,
  /// and owner.
  private static func workstreams(_ report: Report, _ out: inout [String]) {
    out += [
      "<div>", "<h2>Workstreams of " + e(report.program) + "</h2>",
      "<table class=\"rollup workstreams\">",
      "<thead><tr><th>Workstream</th><th>Verdict</th><th class=\"n\">Blockers</th>"
        + "<th class=\"n\">Majors</th><th>Owner</th></tr></thead>", "<tbody>",
    ]
    for workstream in report.workstreams {
      let gates = report.gates.filter { $0.workstream == workstream.name && $0.isFailing }
      let blockers = gates.filter { $0.severity == .blocker }.count
      let majors = gates.filter { $0.severity == .major }.count
      let rag = RAG(workstream.verdict)
      out.append(
        "<tr><td>" + e(workstream.name) + "</td><td><span class=\"chip rag-\(rag.rawValue)\">"
          + e(workstream.verdict.title) + "</span></td><td class=\"n\">"
          + (blockers > 0 ? "<b>\(blockers)</b>" : "0") + "</td><td class=\"n\">\(majors)</td><td>"
          + e(workstream.owner) + "</td></tr>")
    }
    out += ["</tbody>", "</table>", "</div>"]
  }

  private static func waivers(_ report: Report, _ out: inout [String]) {
    guard !report.waivers.isEmpty else { return }
    out += [
      "<section>", "<h2>Waivers</h2>", "<table class=\"waivers\">",
      "<thead><tr><th class=\"gate\">Gate</th><th>Reason</th><th>Approved by</th><th>Expires</th>"
        + "<th>State</th></tr></thead>", "<tbody>",
    ]
    for result in report.waivers {
      let waiver = result.waiver
      let (state, css) = waiverState(result.state)
      out.append(
        "<tr><td class=\"gate\"><b>" + e(waiver.gate) + "</b></td><td>" + e(waiver.reason)
          + "</td><td>" + e(waiver.approvedBy ?? "—") + "</td><td class=\"nowrap\">"
          + e(waiver.expires?.text ?? "—") + "</td><td><span class=\"tag rag-\(css)\">" + state
          + "</span></td></tr>")
    }
    out += ["</tbody>", "</table>", "</section>"]
  }

  static func waiverState(_ state: WaiverResult.State) -> (String, String) {
    switch state {
    case .active: ("in use", "amber")
    case .unused: ("not needed", "grey")
    case .expired: ("expired: does not waive", "red")
    case .unapproved: ("no approver: does not waive", "red")
    case .noExpiry: ("no expiry: does not waive", "red")
    }
  }

  private static func others(_ report: Report, _ out: inout [String]) {
    let minors = report.failing(.minor)
    let waived = report.gates.filter { $0.status == .waived }
    let passing = report.gates.filter { $0.status == .pass }
    let disabled = report.gates.filter { $0.status == .disabled }
    guard !(minors + waived + passing + disabled).isEmpty else { return }
    out += ["<section class=\"others\">", "<h2>Other gates</h2>", "<dl>"]
    let lists: [(String, [GateResult])] = [
      ("Minor, open (advisory)", minors), ("Waived", waived), ("Passed", passing),
      ("Disabled", disabled),
    ]
    for (title, gates) in lists where !gates.isEmpty {
      out.append(
        "<dt>\(title) (\(gates.count))</dt><dd>"
          + gates.map { gate in
            // Passed gates are listed by id only: the sheet is about what is still open.
            var item = "<b>" + e(gate.id) + "</b>"
            if gate.status != .pass { item += " " + e(gate.title) }
            if gate.isFailing { item += " (" + e(gate.owner) + ")" }
            if let reason = gate.disabledReason { item += " — " + e(reason) }
            return item
          }.joined(separator: " · ") + "</dd>")
    }
    out += ["</dl>", "</section>"]
  }

  static func chip(_ rag: RAG) -> String {
    "<span class=\"chip rag-\(rag.rawValue)\">\(rag.rawValue)</span>"
  }

  /// `2026-12-01 09:00 UTC`.
  static func display(_ date: Date) -> String {
    let iso = DateValue.iso8601(date)  // 2026-12-01T09:00:00Z
    guard iso.count == 20 else { return e(iso) }
    return String(iso.prefix(10)) + " " + String(iso.dropFirst(11).prefix(5)) + " UTC"
  }

  static func e(_ text: String) -> String { Escape.html(text) }
}
