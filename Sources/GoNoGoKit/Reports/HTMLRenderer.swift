import Foundation

/// The go/no-go meeting printout: one self-contained HTML file (inline CSS, no scripts, no
/// external assets) that prints on A4 or Letter — the verdict, RAG per area and per workstream,
/// blockers with owners and asks, waivers with approvers, the rollout timeline when there is
/// one, and a sign-off block.
public enum HTMLRenderer {
  /// A rollout's forecast schedule, shown as a timeline when the report has one.
  public struct Rollout: Sendable, Equatable {
    /// The rollout strategy (`canary`, `blue-green`, `phased`, `big-bang`).
    public var strategy: String?
    /// The phases in order.
    public var phases: [Phase]

    /// One phase of the rollout.
    public struct Phase: Sendable, Equatable {
      /// The phase's name.
      public var name: String
      /// When it starts.
      public var start: Date
      /// When it ends (after its bake time); nil for the last, open-ended phase.
      public var end: Date?
      /// The traffic or cohort it reaches (`5%`, `EU staff`).
      public var traffic: String?

      /// Creates a phase.
      public init(name: String, start: Date, end: Date?, traffic: String?) {
        self.name = name
        self.start = start
        self.end = end
        self.traffic = traffic
      }
    }

    /// Creates a rollout schedule.
    public init(strategy: String?, phases: [Phase]) {
      self.strategy = strategy
      self.phases = phases
    }
  }

  /// The roles that sign the go/no-go decision.
  public static let signOffRoles = [
    "Release manager", "Engineering lead", "SRE", "Product", "Support",
  ]
  /// Findings shown per gate; the rest are counted.
  static let maxFindings = 3

  /// Renders the printout; the timeline section appears only when `rollout` has phases.
  public static func render(_ report: Report, rollout: Rollout? = nil) -> String {
    let verdict = report.verdict
    let rag = RAG(verdict)
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
      "<p class=\"eyebrow\">Go/no-go readiness review</p>",
      "<h1>" + e(report.program) + " <span class=\"release\">" + e(report.release) + "</span></h1>",
      "<p class=\"when\">Evaluated " + display(report.now) + " · "
        + report.sources.map(e).joined(separator: ", ") + "</p>",
      "</div>",
      "<div class=\"verdict rag-\(rag.rawValue)\">",
      "<span class=\"label\">Verdict</span>",
      "<strong\(verdict == .conditionalGo ? " class=\"long\"" : "")>\(e(verdict.title))</strong>",
      "<span class=\"label\">RAG \(rag.rawValue)</span>",
      "</div>",
      "</header>",
    ]
    out.append(stats(report))
    rollups(report, &out)
    issues(report, &out)
    advisory(report, &out)
    waivers(report, &out)
    if let rollout, !rollout.phases.isEmpty { timeline(rollout, &out) }
    others(report, &out)
    signOff(&out)
    if let seal = report.recordSeal { out.append("<p class=\"record\">" + e(seal.sentence) + "</p>") }
    out += [
      "<footer>gonogo · " + e(DateValue.iso8601(report.now)) + " · exit code "
        + "\(verdict.exitCode(failOnConditional: false))</footer>",
      "</main>", "</body>", "</html>",
    ]
    return out.joined(separator: "\n") + "\n"
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

  private static func rollups(_ report: Report, _ out: inout [String]) {
    out.append("<section class=\"rollups\">")
    for (title, groups) in [
      ("Readiness by area", report.areas), ("By workstream", report.workstreamGroups),
    ] {
      out += [
        "<div>", "<h2>\(title)</h2>", "<table class=\"rollup\">",
        "<thead><tr><th>\(title == "By workstream" ? (report.workstreams.isEmpty ? "Owner" : "Workstream") : "Area")</th><th>RAG</th>"
          + "<th class=\"n\">Passing</th><th>Open</th></tr></thead>", "<tbody>",
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
    out.append("</section>")
  }

  private static func issues(_ report: Report, _ out: inout [String]) {
    let blockers = report.failing(.blocker)
    let others = report.failing(.major) + report.failing(.minor)
    for (title, gates) in [("Blockers and asks", blockers), ("Other open gates", others)]
    where !gates.isEmpty {
      out += [
        "<section>", "<h2>\(title)</h2>", "<table class=\"issues\">",
        "<thead><tr><th class=\"gate\">Gate</th><th>Owner</th><th>What failed</th>"
          + "<th>Ask</th></tr></thead>", "<tbody>",
      ]
      for gate in gates {
        let status = gate.status == .error ? "could not be evaluated" : "failed"
        out.append(
          "<tr><td class=\"gate\"><b>" + e(gate.id) + "</b><br>" + e(gate.title)
            + "<br><span class=\"tag sev-\(gate.severity.rawValue)\">\(gate.severity.rawValue) · "
            + "\(status)</span></td><td>" + e(gate.owner) + "</td><td>" + findings(gate)
            + "</td><td>" + e(gate.remediation ?? "—") + "</td></tr>")
      }
      out += ["</tbody>", "</table>", "</section>"]
    }
  }

  private static func findings(_ gate: GateResult) -> String {
    let problems = gate.problems
    var items = problems.prefix(maxFindings).map { "<li>" + e($0.located) + "</li>" }
    if problems.count > maxFindings {
      items.append("<li class=\"more\">and \(problems.count - maxFindings) more</li>")
    }
    return "<ul class=\"findings\">" + items.joined() + "</ul>"
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
      let (state, css): (String, String) =
        switch result.state {
        case .active: ("in use", "amber")
        case .unused: ("not needed", "grey")
        case .expired: ("expired: does not waive", "red")
        case .unapproved: ("no approver: does not waive", "red")
        case .noExpiry: ("no expiry: does not waive", "red")
        }
      out.append(
        "<tr><td class=\"gate\"><b>" + e(waiver.gate) + "</b></td><td>" + e(waiver.reason)
          + "</td><td>" + e(waiver.approvedBy ?? "—") + "</td><td class=\"nowrap\">"
          + e(waiver.expires?.text ?? "—") + "</td><td><span class=\"tag rag-\(css)\">" + state
          + "</span></td></tr>")
    }
    out += ["</tbody>", "</table>", "</section>"]
  }

  private static func timeline(_ rollout: Rollout, _ out: inout [String]) {
    let first = rollout.phases.map(\.start).min() ?? Date(timeIntervalSince1970: 0)
    var last = rollout.phases.map { $0.end ?? $0.start }.max() ?? first
    if rollout.phases.contains(where: { $0.end == nil }) {
      // An open-ended phase gets a tail so that it shows as a bar.
      last += max(last.timeIntervalSince(first) * 0.15, 3600)
    }
    let span = max(last.timeIntervalSince(first), 1)
    func percent(_ date: Date) -> String {
      String(format: "%.1f", date.timeIntervalSince(first) / span * 100)
    }
    var heading = "Rollout timeline"
    if let strategy = rollout.strategy { heading += " · " + e(strategy) }
    out += [
      "<section class=\"timeline\">", "<h2>\(heading)</h2>", "<table>",
      "<thead><tr><th>Phase</th><th>Traffic</th><th class=\"nowrap\">Starts</th>"
        + "<th class=\"nowrap\">Ends</th><th class=\"bar-cell\"></th></tr></thead>", "<tbody>",
    ]
    for phase in rollout.phases {
      let end = phase.end ?? last
      let left = percent(phase.start)
      let width = String(format: "%.1f", max(end.timeIntervalSince(phase.start) / span * 100, 1))
      out.append(
        "<tr><td>" + e(phase.name) + "</td><td>" + e(phase.traffic ?? "—")
          + "</td><td class=\"nowrap\">" + display(phase.start) + "</td><td class=\"nowrap\">"
          + (phase.end.map(display) ?? "open") + "</td><td class=\"bar-cell\"><span class=\"bar"
          + (phase.end == nil ? " open" : "") + "\" "
          + "style=\"margin-left:\(left)%;width:\(width)%\"></span></td></tr>")
    }
    out += ["</tbody>", "</table>", "</section>"]
  }

  private static func others(_ report: Report, _ out: inout [String]) {
    let waived = report.gates.filter { $0.status == .waived }
    let passing = report.gates.filter { $0.status == .pass }
    let disabled = report.gates.filter { $0.status == .disabled }
    guard !(waived + passing + disabled).isEmpty else { return }
    out += ["<section class=\"others\">", "<h2>Other gates</h2>", "<dl>"]
    let lists: [(String, [GateResult])] = [
      ("Waived", waived), ("Passed", passing), ("Disabled", disabled),
    ]
    for (title, gates) in lists where !gates.isEmpty {
      out.append(
        "<dt>\(title) (\(gates.count))</dt><dd>"
          + gates.map { gate in
            // Passed gates are listed by id only: the sheet is about what is still open.
            var item = "<b>" + e(gate.id) + "</b>"
            if gate.status != .pass { item += " " + e(gate.title) }
            if let reason = gate.disabledReason { item += " — " + e(reason) }
            return item
          }.joined(separator: " · ") + "</dd>")
    }
    out += ["</dl>", "</section>"]
  }

  private static func signOff(_ out: inout [String]) {
    out += [
      "<section class=\"signoff\">", "<h2>Sign-off</h2>", "<table>",
      "<thead><tr><th>Role</th><th>Name</th><th>Decision</th><th class=\"sig\">Signature</th>"
        + "<th>Date</th></tr></thead>", "<tbody>",
    ]
    for role in signOffRoles {
      out.append(
        "<tr><td>\(e(role))</td><td class=\"line\"></td><td class=\"decision\">"
          + "<span class=\"box\"></span> GO <span class=\"box\"></span> NO-GO</td>"
          + "<td class=\"line sig\"></td><td class=\"line\"></td></tr>")
    }
    out += ["</tbody>", "</table>", "</section>"]
  }

  private static func chip(_ rag: RAG) -> String {
    "<span class=\"chip rag-\(rag.rawValue)\">\(rag.rawValue)</span>"
  }

  /// `2026-12-01 09:00 UTC`.
  static func display(_ date: Date) -> String {
    let iso = DateValue.iso8601(date)  // 2026-12-01T09:00:00Z
    guard iso.count == 20 else { return e(iso) }
    return String(iso.prefix(10)) + " " + String(iso.dropFirst(11).prefix(5)) + " UTC"
  }

  private static func e(_ text: String) -> String { Escape.html(text) }
}

/// The printout's style sheet: screen and print (A4 and Letter), no external assets.
enum HTMLStyle {
  static let css = """
    :root { --red: #b71c1c; --amber: #c77700; --green: #2e7d32; --grey: #6b6b6b;
      --ink: #1b1f24; --muted: #5b6470; --rule: #d5d9de; --wash: #f4f6f8; }
    * { box-sizing: border-box; }
    html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    body { margin: 0; color: var(--ink); background: #e9ecef;
      font: 10pt/1.35 "Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans", sans-serif; }
    .sheet { max-width: 190mm; margin: 8mm auto; padding: 10mm 11mm; background: #fff; }
    h1 { margin: 0; font-size: 19pt; line-height: 1.15; }
    h1 .release { font-weight: 400; color: var(--muted); }
    h2 { margin: 0 0 1.5mm; font-size: 10.5pt; text-transform: uppercase; letter-spacing: .04em;
      color: var(--muted); border-bottom: 1px solid var(--rule); padding-bottom: .8mm; }
    section { margin-top: 3.5mm; }
    .top { display: flex; justify-content: space-between; align-items: stretch; gap: 6mm;
      border-bottom: 2px solid var(--ink); padding-bottom: 3mm; }
    .eyebrow { margin: 0 0 1mm; font-size: 8.5pt; text-transform: uppercase;
      letter-spacing: .08em; color: var(--muted); }
    .when { margin: 1.5mm 0 0; color: var(--muted); font-size: 8.5pt; }
    .verdict { min-width: 52mm; padding: 2.5mm 5mm; color: #fff; border-radius: 2mm;
      display: flex; flex-direction: column; justify-content: center; text-align: center; }
    .verdict strong { font-size: 24pt; line-height: 1.1; letter-spacing: .02em;
      white-space: nowrap; }
    .verdict strong.long { font-size: 17pt; padding: 1.2mm 0; }
    .verdict .label { font-size: 8pt; text-transform: uppercase; letter-spacing: .1em;
      opacity: .9; }
    .verdict.rag-red { background: var(--red); }
    .verdict.rag-amber { background: var(--amber); }
    .verdict.rag-green { background: var(--green); }
    .stats { display: flex; flex-wrap: wrap; gap: 1mm 4mm; list-style: none; margin: 2.5mm 0 0;
      padding: 0; font-size: 9pt; color: var(--muted); }
    .stats b { color: var(--ink); }
    .stats .why { margin-left: auto; color: var(--ink); font-weight: 600; }
    .rollups { display: grid; grid-template-columns: 1fr 1fr; gap: 6mm; }
    table { width: 100%; border-collapse: collapse; font-size: 8.4pt; }
    th { text-align: left; font-weight: 600; color: var(--muted); font-size: 8pt;
      border-bottom: 1px solid var(--rule); padding: 1mm 1.5mm; }
    td { vertical-align: top; border-bottom: 1px solid var(--rule); padding: 1.1mm 1.5mm;
      overflow-wrap: break-word; }
    tr { break-inside: avoid; }
    thead { display: table-header-group; }
    .n { text-align: right; white-space: nowrap; }
    .nowrap { white-space: nowrap; }
    .ids { color: var(--muted); font-size: 8pt; }
    .rollup td:first-child { white-space: nowrap; }
    .gate { width: 22%; }
    .issues { font-size: 8.2pt; }
    .issues td { padding: .8mm 1.3mm; }
    .issues td:nth-child(2) { width: 10%; }
    .issues td:nth-child(4) { width: 21%; }
    .findings { margin: 0; padding-left: 3.5mm; font-size: 7.8pt; }
    .findings .more { list-style: none; color: var(--muted); }
    .chip, .tag { display: inline-block; padding: 0 1.6mm; border-radius: 1mm; font-size: 7.5pt;
      font-weight: 700; text-transform: uppercase; letter-spacing: .04em; color: #fff;
      background: var(--grey); white-space: nowrap; }
    .rag-red { background: var(--red); }
    .rag-amber { background: var(--amber); }
    .rag-green { background: var(--green); }
    .rag-grey { background: var(--grey); }
    .tag { margin-top: .6mm; font-weight: 600; }
    .sev-blocker { background: var(--red); }
    .sev-major { background: var(--amber); }
    .sev-minor { background: var(--grey); }
    .timeline .bar-cell { width: 38%; }
    .bar { display: block; height: 3mm; margin-top: .5mm; border-radius: .8mm;
      background: #37474f; }
    .bar.open { background: repeating-linear-gradient(90deg, #37474f 0 2mm, #fff 2mm 2.6mm); }
    .others dl { margin: 0; font-size: 8.5pt; }
    .others dt { font-weight: 600; margin-top: 1mm; }
    .others dd { margin: 0; color: var(--muted); }
    .others dd b { color: var(--ink); font-weight: 600; }
    .signoff { break-inside: avoid; }
    .signoff td { height: 6mm; vertical-align: bottom; border-bottom: 1px solid var(--ink); }
    .signoff td:first-child { font-weight: 600; width: 20%; }
    .signoff .sig { width: 30%; }
    .decision { white-space: nowrap; font-size: 8.5pt; }
    .box { display: inline-block; width: 3mm; height: 3mm; border: 1px solid var(--ink);
      vertical-align: -.4mm; margin: 0 .5mm 0 2mm; }
    .decision .box:first-child { margin-left: 0; }
    footer { margin-top: 2mm; font-size: 7.5pt; color: var(--muted); text-align: right; }
    @page { margin: 9mm 10mm 10mm; }
    @media print {
      body { background: #fff; }
      .sheet { max-width: none; margin: 0; padding: 0; }
      h2 { break-after: avoid; }
    }
    """
}
