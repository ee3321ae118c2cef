import Foundation
import Testing

@testable import GoNoGoKit

/// The printout as the go/no-go meeting uses it: the agenda in the order to take it, the roll
/// call of sign-offs, the decision box, the program roll-up and the timeline in the plan's zone.
@Suite struct PrintoutMeetingTests {
  typealias Spec = RendererFixtures.GateSpec

  static func failing(_ message: String, kind: String = "file") -> [Finding] {
    [RendererFixtures.finding(.fail, message, kind: kind)]
  }

  /// Gates written in an order the meeting would not take them in.
  static let unordered = RendererFixtures.build(
    program: "storefront", release: "6.0.0",
    [
      Spec(
        id: "m.z", title: "Major of zeta", owner: "team-zeta", severity: .major, line: 10,
        findings: failing("zeta failed")),
      Spec(
        id: "b.y", title: "Blocker of yankee", owner: "team-yankee", line: 20,
        findings: failing("yankee failed")),
      Spec(
        id: "b.a2", title: "Blocker of alpha", owner: "Team-alpha", line: 30,
        findings: failing("alpha failed")),
      Spec(
        id: "n.minor", title: "Minor of alpha", owner: "team-a", severity: .minor, line: 40,
        findings: failing("minor failed")),
      Spec(
        id: "b.a1", title: "Another blocker of alpha", owner: "team-alpha", line: 50,
        findings: [RendererFixtures.finding(.error, "evidence file not found: a.md")]),
      Spec(
        id: "m.b", title: "Major of bravo", owner: "team-bravo", severity: .major, line: 60,
        findings: failing("bravo failed")),
      Spec(
        id: "p.pass", title: "Passing blocker", owner: "team-aaa", line: 70,
        findings: [RendererFixtures.finding(.pass, "fine")]),
    ])

  /// The agenda rows' numbers and gate ids, in document order.
  static func agendaRows(_ html: String) -> [String] {
    let pattern = #/<tr><td class="n">(\d+)</td><td class="gate"><b>([^<]+)</b>/#
    return html.matches(of: pattern).map { "\($0.output.1) \($0.output.2)" }
  }

  @Test func theAgendaTakesBlockersThenMajorsEachByOwner() {
    #expect(Meeting.agenda(Self.unordered).map(\.id) == ["b.a2", "b.a1", "b.y", "m.b", "m.z"])
    #expect(
      Self.agendaRows(HTMLRenderer.render(Self.unordered)) == [
        "1 b.a2", "2 b.a1", "3 b.y", "4 m.b", "5 m.z",
      ])
  }

  @Test func theAgendaShowsMeasuredAgainstExpected() {
    var finding = Finding(
      .fail, "p95 latency 412 ms is over the 300 ms budget",
      evidence: EvidenceLocation(file: "perf/k6.json"), measured: ["p95_ms": 412.0],
      expected: ["max_p95_ms": 300])
    finding.kind = "loadtest"
    let report = RendererFixtures.build(
      program: "p", release: "1",
      [Spec(id: "perf.load", title: "Load", owner: "team-api", line: 5, findings: [finding])])
    #expect(
      HTMLRenderer.render(report).contains(
        "<li>perf/k6.json: p95 latency 412 ms is over the 300 ms budget<br><span class=\"mve\">"
          + "measured p95 ms 412 · expected max p95 ms 300</span></li>"))
  }

  @Test func theRollCallNamesWhoApprovedWhenOrWhatIsMissing() throws {
    let records = """
      signoffs:
        - {role: security, by: Priya Natarajan, date: 2026-11-25, decision: approve}
        - {role: sre, by: Sam Ortiz, date: 2026-11-20, decision: approve}
        - {role: sre, by: Sam Ortiz, date: 2026-11-28, decision: reject}
        - {role: product, by: Alex Kim, date: 2026-11-26, decision: approve}
        - {role: qa, by: Jordan Lee, date: 2026-10-30, decision: approve}

      """
    let findings = try evaluate(
      "kind: signoff\nfile: signoffs.yaml\nroles: [security, sre, product, qa, finance]\n"
        + "within: 14d\nnot_by: [Alex Kim]",
      files: ["signoffs.yaml": records]
    ).map { finding in
      var finding = finding
      finding.kind = "signoff"
      return finding
    }
    let report = RendererFixtures.build(
      program: "p", release: "1",
      [Spec(id: "release.signoffs", title: "Sign-offs", line: 5, findings: findings)])
    #expect(
      Meeting.rollCall(report).map { "\($0.role) \($0.state) \($0.by ?? "-") \($0.date ?? "-")" }
        == [
          "security approved Priya Natarajan 2026-11-25", "sre rejected Sam Ortiz 2026-11-28",
          "product excluded Alex Kim 2026-11-26", "qa stale Jordan Lee 2026-10-30",
          "finance missing - -",
        ])
    let html = HTMLRenderer.render(report)
    let table: String = [
      "<div class=\"rollcall\">\n<h2>Roll call</h2>\n<table>\n<thead><tr><th>Role</th>",
      "<th>Approved by</th><th class=\"nowrap\">When</th></tr></thead><tbody>\n",
      "<tr><td>security</td><td>Priya Natarajan</td><td class=\"nowrap\">2026-11-25</td></tr>\n",
      "<tr><td>sre</td><td><b class=\"missing\">rejected</b> by Sam Ortiz</td>",
      "<td class=\"nowrap\">2026-11-28</td></tr>\n",
      "<tr><td>product</td><td><b class=\"missing\">missing</b>: only Alex Kim (excluded)",
      "</td><td class=\"nowrap\">2026-11-26</td></tr>\n",
      "<tr><td>qa</td><td><b class=\"missing\">missing</b>: Jordan Lee’s approval is too old",
      "</td><td class=\"nowrap\">2026-10-30</td></tr>\n",
      "<tr><td>finance</td><td><b class=\"missing\">missing</b></td>",
      "<td class=\"nowrap\">—</td></tr>\n</tbody>\n</table>\n</div>",
    ].joined()
    #expect(html.contains(table))
  }

  @Test func withoutSignoffRecordsTheRollCallLeavesLinesToSign() {
    let html = HTMLRenderer.render(RendererFixtures.go)
    for role in HTMLRenderer.signOffRoles {
      #expect(
        html.contains(
          "<tr><td>\(role)</td><td class=\"line\"></td><td class=\"line sig\"></td></tr>"))
    }
  }

  @Test func theDecisionBoxListsTheConditionsOfAConditionalGo() {
    let html = HTMLRenderer.render(RendererFixtures.conditional)
    #expect(
      html.contains(
        """
        <div class="decision-box">
        <h2>Decision</h2>
        <p class="choices"><span class="box"></span> GO <span class="box"></span> CONDITIONAL GO \
        <span class="box"></span> NO-GO</p>
        <table class="fields"><tr><th>Chair</th><td class="line chair"></td><th>Date</th>\
        <td class="line"></td><th>Time</th><td class="line"></td></tr></table>
        <p class="conditions">Conditions of a CONDITIONAL GO:</p>
        <ul class="conditions"><li><b>quality.tests</b> waived — approved by VP Engineering, \
        expires 2026-12-15</li><li><b>perf.load</b> open (major) — team-api</li></ul>
        <p class="notes-label">Notes</p>
        <div class="notes"><span></span><span></span></div>
        </div>
        """))
    #expect(
      HTMLRenderer.render(RendererFixtures.go).contains(
        "<p class=\"conditions none\">Conditions of a CONDITIONAL GO: none — no waiver in use, "
          + "no major gate open.</p>"))
  }

  @Test(.enabled(if: Samples.present, "the samples are not in this checkout"))
  func theSamplesRollCallsComeFromTheirSignoffFiles() {
    let noGo = Golden.render(Samples.report("payments-migration"), .html)
    #expect(
      noGo.contains(
        "<tr><td>security</td><td><b class=\"missing\">missing</b></td><td class=\"nowrap\">—"
          + "</td></tr>\n<tr><td>dba-lead</td><td>Mei Tanaka</td><td class=\"nowrap\">2026-11-27"
          + "</td></tr>"))
    let go = Golden.render(Samples.report("checkout-launch"), .html)
    let rows: String = [
      "<tr><td>security <span class=\"ws\">API</span></td><td>Sam Whitfield</td>",
      "<td class=\"nowrap\">2026-11-19</td></tr>\n",
      "<tr><td>sre <span class=\"ws\">API</span></td><td>Marta Okafor</td>",
      "<td class=\"nowrap\">2026-11-27</td></tr>\n",
      "<tr><td>product <span class=\"ws\">API</span></td><td>Lena Voss</td>",
      "<td class=\"nowrap\">2026-11-30</td></tr>",
    ].joined()
    #expect(go.contains(rows))
  }

  @Test(.enabled(if: Samples.present, "the samples are not in this checkout"))
  func aProgramSheetNamesTheProgramAndRollsUpItsWorkstreams() {
    let html = Golden.render(Samples.report("checkout-launch"), .html)
    #expect(html.contains("<p class=\"eyebrow\">Program go/no-go review · 4 workstreams</p>"))
    #expect(html.contains("<h2>Workstreams of checkout-v2</h2>"))
    for (name, owner) in [
      ("API", "team-api"), ("Frontend", "team-web"), ("Data", "team-data"), ("SRE", "team-sre"),
    ] {
      #expect(
        html.contains(
          "<tr><td>\(name)</td><td><span class=\"chip rag-green\">GO</span></td>"
            + "<td class=\"n\">0</td><td class=\"n\">0</td><td>\(owner)</td></tr>"))
    }
  }

  @Test(.enabled(if: Samples.present, "the samples are not in this checkout"))
  func theTimelineIsInThePlansZoneWithFreezesDeployHoursAndNow() {
    let checkout = Golden.render(Samples.report("checkout-launch"), .html)
    #expect(
      checkout.contains(
        "<h2>Rollout timeline · checkout-v2 · canary · times in America/New_York (UTC−05:00)"
          + "</h2>"))
    #expect(
      checkout.contains(
        "<tr><td>canary</td><td>1%</td><td class=\"nowrap\">Tue 2026-12-01 09:00</td>"
          + "<td class=\"nowrap\">Tue 2026-12-01 11:00</td><td class=\"nowrap\">"
          + "Tue 2026-12-01 11:00</td><td>—</td></tr>"))
    #expect(checkout.contains("<span class=\"key now\"></span> now Tue 2026-12-01 04:00</p>"))
    // The payments plan runs 2026-12-01 00:00 to 2026-12-13 00:00 UTC: twelve days, 598 units.
    let payments = Golden.render(Samples.report("payments-migration"), .html)
    #expect(payments.matches(of: #/<line class="tick/#).count == 12)
    #expect(
      payments.contains(
        "<rect class=\"freeze\" x=\"167.8\" y=\"18.0\" width=\"149.5\" height=\"51.0\"/>"))
    #expect(payments.contains(">freeze: november-close</text>"))
    // Monday 22:00 to Tuesday 02:00, two deploy windows that meet at midnight, drawn as one.
    #expect(
      payments.contains(
        "<rect class=\"deploy\" x=\"462.7\" y=\"19.0\" width=\"8.3\" height=\"6\"/>"))
    #expect(
      payments.contains(
        "<tr><td>reads-half</td><td>50%</td><td class=\"nowrap\">Mon 2026-12-07 22:00</td>"
          + "<td class=\"nowrap\">Wed 2026-12-09 22:00</td><td class=\"nowrap\">"
          + "Wed 2026-12-09 22:00</td><td>freeze &#39;november-close&#39;, deploy hours</td></tr>"))
    #expect(payments.contains("<text class=\"now-label\""))
  }

  @Test func phasesPastCompleteByAreMarked() throws {
    let late = try plan(basePlan.with("complete_by: 2026-12-04", "complete_by: 2026-12-01"))
    let rollout = HTMLRenderer.Rollout(Schedule.forecast(late))
    let html = HTMLRenderer.render(RendererFixtures.go, rollout: rollout)
    let marked = html.matches(of: #/<tr class="late"><td>(\w+) /#).map { String($0.output.1) }
    #expect(marked == ["half", "full"])
    #expect(html.matches(of: #/<text class="phase late"/#).count == 2)
    #expect(
      html.contains(
        "<p class=\"completion late\">Earliest 100%: Wed 2026-12-02 15:00 "
          + "(2026-12-02T15:00:00-05:00) · MISSES complete_by 2026-12-01 (end of Tue 2026-12-01) "
          + "by 15h</p>"))
  }

  @Test func theZoneIsNamedWithItsOffsetOnTheDay() throws {
    let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
    let kolkata = try #require(TimeZone(identifier: "Asia/Kolkata"))
    let july = Date(timeIntervalSince1970: 1_783_000_000)  // 2026-07-02
    #expect(
      Meeting.zoneLabel(berlin, named: "Europe/Berlin", at: july) == "Europe/Berlin (UTC+02:00)")
    #expect(
      Meeting.zoneLabel(berlin, named: "Europe/Berlin", at: releaseDay)
        == "Europe/Berlin (UTC+01:00)")
    #expect(
      Meeting.zoneLabel(kolkata, named: "Asia/Kolkata", at: releaseDay)
        == "Asia/Kolkata (UTC+05:30)")
    #expect(Meeting.zoneLabel(.gmt, named: "UTC", at: releaseDay) == "UTC")
  }

  @Test func aLongRolloutHasWeeklyTicksAndItsFreezesDrawn() throws {
    // A 90-day bake: 2026-12-01 to 2027-03-02 in New York, past the 62 days that get daily ticks.
    let long = try plan(basePlan.with("bake: 24h", "bake: 90d"))
    let html = HTMLRenderer.render(
      RendererFixtures.go, rollout: HTMLRenderer.Rollout(Schedule.forecast(long)))
    let labels = html.matches(of: #/<text class="day" x="[0-9.]+" y="[0-9.]+">([^<]+)</text>/#)
      .map { String($0.output.1) }
    #expect(
      labels == [
        "Tue 1 Dec", "Mon 7", "Mon 14", "Mon 21", "Mon 28", "Mon 4 Jan", "Mon 11", "Mon 18",
        "Mon 25", "Mon 1 Feb", "Mon 8", "Mon 15", "Mon 22", "Mon 1 Mar",
      ])
    #expect(html.matches(of: #/<line class="tick/#).count == 14)
    #expect(html.contains(">freeze: holiday</text>"))
    #expect(html.matches(of: #/<text class="phase late"/#).count == 2)
  }
}
