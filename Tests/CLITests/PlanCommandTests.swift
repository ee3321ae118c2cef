import Foundation
import Testing

/// `gonogo plan` and `gonogo check` on rollout plans, run as users run them.
@Suite struct PlanCommandTests {
  static let plans = GoNoGoRun.packageRoot.appendingPathComponent(
    "Tests/GoNoGoKitTests/Fixtures/rollout")

  @Test func planPrintsTheTimelineOfTheCanaryPlan() throws {
    let run = try GoNoGoRun(["plan", "go-canary", "--now", releaseDay], in: Self.plans)
    #expect(run.status == 0)
    #expect(run.stderr.isEmpty)
    #expect(
      run.stdout == """
        Rollout forecast · checkout-api · canary · times in America/New_York
          phase   traffic  starts                bake  bake ends             waited for
          canary  1%       Tue 2026-12-01 09:00  2h    Tue 2026-12-01 11:00  –
          early   10%      Tue 2026-12-01 11:00  4h    Tue 2026-12-01 15:00  –
          half    50%      Tue 2026-12-01 15:00  24h   Wed 2026-12-02 15:00  –
          full    100%     Wed 2026-12-02 15:00  –     –                     –
          Earliest 100%: Wed 2026-12-02 15:00 (2026-12-02T15:00:00-05:00)
          Meets complete_by 2026-12-04 (end of Fri 2026-12-04)

        """)
  }

  @Test func planWithJSONPrintsTheScheduleAsData() throws {
    let run = try GoNoGoRun(
      ["plan", "nogo-freeze/rollout.yaml", "--now", releaseDay, "--format", "json"], in: Self.plans)
    #expect(run.status == 1)
    let output = try json(run.stdout)
    #expect(output["schema"] as? String == "gonogo.rollout/v1")
    let schedule = try #require((output["rollout"] as? [[String: Any]])?.first)
    #expect(schedule["service"] as? String == "ledger-service")
    #expect(schedule["earliest_100"] as? String == "2027-01-04T09:00:00+01:00")
    #expect(schedule["misses_complete_by"] as? Bool == true)
    let phases = try #require(schedule["phases"] as? [[String: Any]])
    #expect(
      phases.map { $0["start"] as? String } == [
        "2026-12-17T10:00:00+01:00", "2026-12-17T14:00:00+01:00", "2027-01-04T09:00:00+01:00",
      ])
  }

  @Test func checkEvaluatesTheChecklistAndThePlanIntoOneVerdict() throws {
    let go = try GoNoGoRun(
      ["check", "go-canary", "--now", releaseDay, "--format", "json"], in: Self.plans)
    #expect(go.status == 0)
    let report = try json(go.stdout)
    #expect(report["verdict"] as? String == "go")
    #expect(gates(report).count == 15)
    let nogo = try GoNoGoRun(
      ["check", "nogo-freeze", "--now", "2026-12-14T09:00:00Z"], in: Self.plans)
    #expect(nogo.status == 1)
    #expect(nogo.stdout.hasPrefix("NO-GO  ledger-service 7.1.0 · 2026-12-14T09:00:00Z\n"))
    #expect(
      nogo.stdout.contains(
        "      - nogo-freeze/rollout.yaml:45:5: cutover step 'drop-legacy-ledger-table'\n"
          + "        is irreversible and has neither a backout nor an approval\n"))
    #expect(
      nogo.stdout.contains(
        "\nRollout forecast · ledger-service · phased · times in Europe/Berlin\n"))
  }

  @Test func planOnTheSamplesPrintsTheirTimelines() throws {
    let program = try GoNoGoRun(["plan", "samples/checkout-launch", "--now", releaseDay])
    #expect(program.status == 0, "\(program.stderr)")
    #expect(
      program.stdout.hasPrefix(
        "Rollout forecast · checkout-v2 · canary · times in America/New_York\n"))
    #expect(
      program.stdout.contains("  Earliest 100%: Wed 2026-12-02 15:00 (2026-12-02T15:00:00-05:00)\n")
    )
    let migration = try GoNoGoRun(
      ["plan", "samples/payments-migration", "--now", releaseDay, "--format", "json"])
    let data = try json(migration.stdout)
    #expect(data["schema"] as? String == "gonogo.rollout/v1")
    let schedule = try #require((data["rollout"] as? [[String: Any]])?.first)
    #expect(schedule["earliest_100"] as? String == "2026-12-09T22:00:00Z")
    let phases = try #require(schedule["phases"] as? [[String: Any]])
    #expect(phases.map { $0["name"] as? String } == ["reads-5pct", "reads-half", "reads-all"])
  }

  @Test func anInvalidPlanExits2WithItsDiagnostics() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("gonogo-plan-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try Data(
      """
      service: s
      start: 2026-12-01T09:00:00Z
      timezone: UTC
      strategy: canary
      phases:
        - {name: a, trafic: 5%}

      """.utf8
    ).write(to: directory.appendingPathComponent("rollout.yaml"))
    let run = try GoNoGoRun(["plan", "rollout.yaml"], in: directory)
    #expect(run.status == 2)
    #expect(
      run.stderr == """
        rollout.yaml:6:15: error: unknown key 'trafic' in phase 'a'; did you mean 'traffic'?
          hint: known keys: name, traffic, cohort, bake, promote_when, rollback_when

        """)
    #expect(run.stdout.isEmpty)
  }

  @Test(.enabled(if: hasJSONSchemaValidator, "needs python3 with jsonschema"))
  func reportsWithARolloutValidateAgainstThePublishedSchema() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("gonogo-schema-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    var reports: [String] = []
    for fixture in ["go-canary", "nogo-freeze"] {
      let path = directory.appendingPathComponent("\(fixture).json").path
      _ = try GoNoGoRun(
        ["check", fixture, "--now", releaseDay, "--output", "json=\(path)"], in: Self.plans)
      reports.append(path)
    }
    for path in reports {
      let report = try json(String(contentsOfFile: path, encoding: .utf8))
      #expect((report["rollout"] as? [Any])?.isEmpty == false, "\(path)")
    }
    let (status, output) = try validateAgainstReportSchema(reports)
    #expect(status == 0, "\(output)")
    #expect(output == "valid\n")
  }
}
