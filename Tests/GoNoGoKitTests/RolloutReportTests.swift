import Foundation
import LocatedYAML
import Testing

@testable import GoNoGoKit

/// Checklists and rollout plans give one verdict; every report carries the forecast.
@Suite struct RolloutReportTests {
  func fixture(_ name: String) throws -> String {
    let fixtures = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
    return fixtures.appendingPathComponent("rollout/\(name)").path
  }

  func report(_ paths: [String], now: String) throws -> Report {
    let definitions = Definitions.load(paths: paths)
    #expect(!definitions.hasErrors, "\(definitions.diagnostics)")
    return Evaluation.run(definitions, root: nil, now: try instant(now))
  }

  @Test func theCanaryFixtureIsGoWithTheChecklistAndEveryRolloutRule() throws {
    let directory = try fixture("go-canary")
    let report = try report([directory], now: "2026-12-01T09:00:00Z")
    #expect(report.verdict == .go)
    #expect(report.program == "checkout-v2")
    #expect(report.sources == [directory + "/readiness.yaml", directory + "/rollout.yaml"])
    #expect(report.gates.map(\.id) == ["sre.runbook"] + RolloutRules.ids)
    #expect(report.gates.allSatisfy { $0.status == .pass })
    #expect(report.gates.last?.owner == "team-release")
    #expect(report.rollout.map(\.service) == ["checkout-api"])
    let runbookGate = try #require(report.gates.first { $0.id == "rollout.runbook-section" })
    #expect(runbookGate.evidence == ["docs/runbook.md"])
  }

  @Test func theFreezeFixtureIsNoGoForTheFreezeTheCutoverAndTheDeadline() throws {
    let directory = try fixture("nogo-freeze")
    let plan = directory + "/rollout.yaml"
    let report = try report([directory], now: "2026-12-14T09:00:00Z")
    #expect(report.verdict == .noGo)
    #expect(report.program == "ledger-service" && report.release == "7.1.0")
    let failing = report.gates.filter(\.isFailing)
    #expect(
      failing.map { "\($0.id) \($0.severity.rawValue) \($0.location.line)" } == [
        "rollout.freeze blocker 17", "rollout.complete-by major 11",
        "rollout.migration-backout blocker 40",
      ])
    #expect(
      failing.flatMap(\.findings).map { "\($0.evidence?.description ?? ""): \($0.message)" } == [
        "\(plan):26:5: phase 'regional' (25%) is live from Thu 2026-12-17 14:00 to Mon 2027-01-04 "
          + "09:00, across freeze 'year-end' (2026-12-19 to 2027-01-03)",
        "\(plan):11:14: phase 'global' reaches 100% at Mon 2027-01-04 09:00 at the earliest, "
          + "11d 9h after complete_by 2026-12-23 (end of Wed 2026-12-23)",
        "\(plan):45:5: cutover step 'drop-legacy-ledger-table' is irreversible and has neither a "
          + "backout nor an approval",
      ])
  }

  @Test func theTextReportShowsTheTimelineAndTheJSONReportTheSchedule() throws {
    let report = try report([try fixture("nogo-freeze")], now: "2026-12-14T09:00:00Z")
    let text = TextRenderer.render(report, color: false, width: 0)  // the table unwrapped
    #expect(
      text.contains(
        """

        Rollout forecast · ledger-service · phased · times in Europe/Berlin
          phase     traffic  starts                bake  bake ends             waited for
          canary    2%       Thu 2026-12-17 10:00  4h    Thu 2026-12-17 14:00  –
          regional  25%      Thu 2026-12-17 14:00  48h   Sat 2026-12-19 14:00  –
          global    100%     Mon 2027-01-04 09:00  –     –                     \
        freeze 'year-end', deploy hours
          Earliest 100%: Mon 2027-01-04 09:00 (2027-01-04T09:00:00+01:00)
          MISSES complete_by 2026-12-23 (end of Wed 2026-12-23) by 11d 9h

        """))
    guard case .object(let json) = try renderedJSON(report),
      case .array(let rollout)? = json["rollout"], case .object(let schedule)? = rollout.first
    else {
      Issue.record("the JSON report has no rollout schedule")
      return
    }
    #expect(schedule["earliest_100"] == "2027-01-04T09:00:00+01:00")
    #expect(schedule["complete_by"] == "2026-12-24T00:00:00+01:00")
    #expect(schedule["misses_complete_by"] == true)
    guard case .array(let phases)? = schedule["phases"], case .object(let last)? = phases.last
    else {
      Issue.record("the schedule has no phases")
      return
    }
    #expect(last["waited_for"] == .array(["freeze:year-end", "deploy-hours"]))
    #expect(last["ready_at"] == "2026-12-19T14:00:00+01:00")
  }

  @Test func theHTMLPrintoutDrawsTheForecastAsItsTimeline() throws {
    let report = try report([try fixture("nogo-freeze")], now: "2026-12-14T09:00:00Z")
    let html = OutputFormat.html.render(report)
    // Every time in the plan's zone, the zone named; the phase promoted after complete_by marked.
    #expect(
      html.contains(
        "<h2>Rollout timeline · ledger-service · phased · times in Europe/Berlin (UTC+01:00)</h2>"))
    #expect(
      html.contains(
        "<tr class=\"late\"><td>regional <span class=\"tag rag-red\">after complete_by</span>"
          + "</td><td>25%</td><td class=\"nowrap\">Thu 2026-12-17 14:00</td><td class=\"nowrap\">"
          + "Sat 2026-12-19 14:00</td><td class=\"nowrap\">Mon 2027-01-04 09:00</td><td>—</td></tr>"))
  }

  @Test func aChecklistOnlyReportHasNoRolloutKey() throws {
    let root = try TempRoot([
      "readiness.yaml": """
      version: 1
      program: p
      release: "1"
      gates:
        - id: a.file
          title: A file exists
          owner: me
          severity: minor
          check: {kind: file, file: a.txt}
      """,
      "a.txt": "present\n",
    ])
    let report = try report([root.url.path], now: "2026-12-01T09:00:00Z")
    guard case .object(let json) = try renderedJSON(report) else { return }
    #expect(json["rollout"] == nil)
    #expect(!TextRenderer.render(report, color: false).contains("Rollout forecast"))
  }

  @Test func aPlanWaivesAndDisablesItsOwnRules() throws {
    let yaml =
      basePlan.replacingLine(48, with: nil) + """
        rules:
          rollout.rehearsed: {severity: minor}
        disable:
          - {id: rollout.comms-before-start, reason: internal tool without support impact}
        waivers:
          - gate: rollout.migration-backout
            reason: the legacy table is archived by DBA-88
            approved_by: Head of Data
            expires: 2026-12-15

        """
    let root = try TempRoot(runbookFiles.merging(["rollout.yaml": yaml]) { $1 })
    let report = try report([root.url.path], now: "2026-12-01T09:00:00Z")
    #expect(report.verdict == .conditionalGo)
    let statuses = Dictionary(uniqueKeysWithValues: report.gates.map { ($0.id, $0.status) })
    #expect(statuses["rollout.migration-backout"] == .waived)
    #expect(statuses["rollout.comms-before-start"] == .disabled)
    #expect(report.gates.first { $0.id == "rollout.rehearsed" }?.severity == .minor)
    #expect(report.waivers.map(\.state) == [.active])
  }

  @Test func twoPlansInOneRunKeepTheirGatesApartByService() throws {
    let report = try report(
      [try fixture("go-canary") + "/rollout.yaml", try fixture("nogo-freeze")],
      now: "2026-12-14T09:00:00Z")
    #expect(report.gates.count == 2 * RolloutRules.all.count)
    #expect(report.gates.first?.id == "rollout.first-phase-small@checkout-api")
    #expect(report.gates.last?.id == "rollout.comms-before-start@ledger-service")
    #expect(report.rollout.map(\.service) == ["checkout-api", "ledger-service"])
  }

  @Test func aChecklistGateMayNotTakeARolloutRuleId() throws {
    let root = try TempRoot(
      runbookFiles.merging([
        "rollout.yaml": basePlan,
        "readiness.yaml": """
        version: 1
        program: p
        release: "1"
        gates:
          - {id: rollout.freeze, title: T, owner: me, severity: minor, check: {kind: file, file: a}}
        """,
      ]) { $1 })
    let definitions = Definitions.load(paths: [root.url.path])
    #expect(
      definitions.diagnostics.map(\.message) == [
        "gate id 'rollout.freeze' is the id of a rollout rule evaluated on "
          + "\(root.url.path)/rollout.yaml"
      ])
  }

  @Test func theTimelineTableOfTheBasePlan() throws {
    let schedule = Schedule.forecast(try plan(basePlan))
    #expect(
      ScheduleRenderer.text(schedule) == [
        "Rollout forecast · checkout-api · canary · times in America/New_York",
        "  phase   traffic  starts                bake  bake ends             waited for",
        "  canary  1%       Tue 2026-12-01 09:00  2h    Tue 2026-12-01 11:00  –",
        "  early   10%      Tue 2026-12-01 11:00  4h    Tue 2026-12-01 15:00  –",
        "  half    50%      Tue 2026-12-01 15:00  24h   Wed 2026-12-02 15:00  –",
        "  full    100%     Wed 2026-12-02 15:00  –     –                     –",
        "  Earliest 100%: Wed 2026-12-02 15:00 (2026-12-02T15:00:00-05:00)",
        "  Meets complete_by 2026-12-04 (end of Fri 2026-12-04)",
      ])
  }

  @Test func theScheduleAsJSON() throws {
    let yaml = """
      service: search
      start: 2026-12-01T09:00:00Z
      timezone: UTC
      strategy: blue-green
      phases:
        - {name: green-smoke, cohort: employees, bake: 30m}
        - {name: switch, traffic: 100%}

      """
    let schedule = Schedule.forecast(try plan(yaml))
    #expect(
      ScheduleRenderer.json(schedule).serialized() == """
        {
          "earliest_100": "2026-12-01T09:30:00Z",
          "file": "rollout.yaml",
          "misses_complete_by": false,
          "phases": [
            {
              "bake": "30m",
              "bake_end": "2026-12-01T09:30:00Z",
              "cohort": "employees",
              "location": {
                "column": 5,
                "file": "rollout.yaml",
                "line": 6
              },
              "name": "green-smoke",
              "promoted_at": "2026-12-01T09:30:00Z",
              "ready_at": "2026-12-01T09:00:00Z",
              "start": "2026-12-01T09:00:00Z",
              "waited_for": []
            },
            {
              "bake_end": "2026-12-01T09:30:00Z",
              "location": {
                "column": 5,
                "file": "rollout.yaml",
                "line": 7
              },
              "name": "switch",
              "ready_at": "2026-12-01T09:30:00Z",
              "start": "2026-12-01T09:30:00Z",
              "traffic_percent": 100,
              "waited_for": []
            }
          ],
          "planned_start": "2026-12-01T09:00:00Z",
          "service": "search",
          "strategy": "blue-green",
          "timezone": "UTC",
          "unscheduled": []
        }
        """)
  }
}
