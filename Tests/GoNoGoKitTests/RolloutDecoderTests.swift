import Foundation
import LocatedYAML
import Testing

@testable import GoNoGoKit

/// Rollout plans decode as strictly as checklists: every problem in one run, with its place.
@Suite struct RolloutDecoderTests {
  func messages(_ yaml: String) throws -> [String] {
    try decodePlan(yaml).1.map { "\($0.location.line):\($0.location.column): \($0.message)" }
  }

  @Test func theBasePlanDecodesWithEverySection() throws {
    let plan = try plan(basePlan)
    #expect(plan.service == "checkout-api")
    #expect(plan.owner == "team-release")
    #expect(plan.start.value == (try instant("2026-12-01T14:00:00Z")))
    #expect(plan.start.location == SourceLocation(file: "rollout.yaml", line: 3, column: 8))
    #expect(plan.timeZoneName == "America/New_York")
    #expect(plan.strategy == .canary)
    #expect(plan.phases.map(\.name) == ["canary", "early", "half", "full"])
    #expect(plan.phases.map { $0.traffic?.text } == ["1%", "10%", "50%", "100%"])
    #expect(plan.phases.map { $0.bake?.seconds } == [7200, 14_400, 86_400, nil])
    #expect(
      plan.phases[0].promoteWhen.map(\.text) == ["error_rate < 0.5%"]
        && plan.phases[0].rollbackWhen.map(\.text) == ["error_rate > 2% for 5m"])
    #expect(plan.phases[0].location == SourceLocation(file: "rollout.yaml", line: 16, column: 5))
    #expect(plan.deployHours.map(\.summary) == ["mon–thu 09:00–16:00 America/New_York"])
    // Freeze dates are whole local days: from midnight of the first to midnight after the last.
    #expect(plan.freezes.first?.from.date == (try instant("2026-12-19T05:00:00Z")))
    #expect(plan.freezes.first?.to.date == (try instant("2027-01-05T05:00:00Z")))
    #expect(plan.completeBy?.value.date == (try instant("2026-12-05T05:00:00Z")))
    #expect(plan.rollback?.runbook?.value == "docs/runbook.md")
    #expect(plan.rollback?.maxMinutes?.value == 15)
    #expect(plan.featureFlags.map(\.killSwitch) == [.itself])
    #expect(plan.migrations.map(\.reversible) == [true, false])
    #expect(plan.comms.map(\.offset) == [-172_800])
  }

  @Test func misspeltKeysAreReportedTogetherWithSuggestions() throws {
    let yaml =
      basePlan
      .replacingLine(2, with: "ownr: team-release")
      .replacingLine(18, with: "    bak: 2h")
      .replacingLine(35, with: "  max_minute: 15")
    #expect(
      try messages(yaml) == [
        "2:1: unknown key 'ownr' in the rollout plan; did you mean 'owner'?",
        "18:5: unknown key 'bak' in phase 'canary'; did you mean 'bake'?",
        "35:3: unknown key 'max_minute' in the rollback plan; did you mean 'max_minutes'?",
      ])
    #expect(try decodePlan(yaml).0 == nil)
  }

  @Test func badValuesAreReportedEachAtItsPlace() throws {
    let yaml =
      basePlan
      .replacingLine(3, with: "start: 2026-12-01")
      .replacingLine(4, with: "timezone: America/New_Yrok")
      .replacingLine(8, with: "  days: [mon-frday]")
      .replacingLine(9, with: "  from: 9am")
      .replacingLine(17, with: "    traffic: 5")
      .replacingLine(24, with: "    promote_when: [looks fine]")
      .replacingLine(47, with: "    reversible: no")
      .replacingLine(52, with: "    when: two days before")
    #expect(
      try messages(yaml) == [
        "3:8: 'start' in the rollout plan must be a date-time with a zone, not the day "
          + "'2026-12-01'",
        "4:11: 'timezone' in the rollout plan names no known time zone 'America/New_Yrok'; "
          + "did you mean 'America/New_York'?",
        "8:10: 'frday' in 'days' of deploy_hours is not a day; did you mean 'friday'?",
        "9:9: 'from' in deploy_hours must be a time such as 09:00, not '9am'",
        "17:14: 'traffic' in phase 'canary' must be a percentage such as 80% or a fraction "
          + "between 0 and 1, not '5'",
        "24:20: 'looks fine' in 'promote_when' of phase 'early' is not a metric criterion",
        "47:17: 'reversible' in migration step 'drop-legacy-table' must be true or false, not a "
          + "string ('no' is a "
          + "string in YAML 1.2)",
        "52:11: 'when' in a comms entry must be relative to the start, such as T-2d or T+1h, or a "
          + "date-time with a zone; not 'two days before'",
      ])
  }

  @Test func phasesNeedANameAndTrafficOrACohortAndUniqueNames() throws {
    let yaml =
      basePlan
      .replacingLine(21, with: "  - name: canary")
      .replacingLine(26, with: nil)
    #expect(
      try messages(yaml) == [
        "21:11: duplicate phase name 'canary'; it is already used at line 16, column 5",
        "25:5: phase 'half' names neither 'traffic' nor 'cohort'",
      ])
  }

  @Test func aCohortPhaseAndARelativeCommsTimeDecode() throws {
    let plan = try plan(
      basePlan.replacingLine(17, with: "    cohort: employees")
        .replacingLine(52, with: "    when: T+90m"))
    #expect(plan.phases[0].traffic == nil && plan.phases[0].cohort == "employees")
    #expect(plan.comms[0].offset == 5400)
  }

  @Test func ruleOverridesDisablesAndWaiversNameRealRulesAndParameters() throws {
    let yaml =
      basePlan + """
        rules:
          rollout.first-phase-smal: {max_traffic: 10%}
          rollout.rehearsed: {within: 30d, severity: critical, max_age: 10d}
        disable:
          - {id: rollout.comms-before-start, reason: internal tool without support impact}
        waivers:
          - {gate: rollout.freez, reason: CAB, approved_by: CAB, expires: 2026-12-31}
        approvals:
          - {role: dba-lead, by: Priya, step: drop-legacy-tabel}

        """
    #expect(
      try messages(yaml) == [
        "54:3: no rollout rule has the id 'rollout.first-phase-smal'; did you mean "
          + "'rollout.first-phase-small'?",
        "55:46: 'severity' in rule 'rollout.rehearsed' must be one of blocker, major, minor, not "
          + "'critical'",
        "55:56: unknown key 'max_age' in rule 'rollout.rehearsed'",
        "59:12: no rollout rule has the id 'rollout.freez'; did you mean 'rollout.freeze'?",
        "61:39: no migration or cutover step is named 'drop-legacy-tabel'; did you mean "
          + "'drop-legacy-table'?",
      ])
  }

  @Test func validOverridesAreKept() throws {
    let plan = try plan(
      basePlan + "rules:\n  rollout.rehearsed: {within: 30d, severity: minor}\n"
        + "disable:\n  - {id: rollout.comms-before-start, reason: internal tool}\n")
    #expect(
      plan.rules["rollout.rehearsed"]?.values["within"]
        == .duration(Timespan(seconds: 2_592_000, text: "30d")))
    #expect(plan.rules["rollout.rehearsed"]?.severity == .minor)
    #expect(plan.disabled.map(\.id) == ["rollout.comms-before-start"])
  }

  @Test func requiredKeysAreNamedWhenMissing() throws {
    #expect(
      try messages("service: x\n") == [
        "1:1: the rollout plan is missing 'phases'",
        "1:1: the rollout plan is missing 'start'",
        "1:1: the rollout plan is missing 'strategy'",
        "1:1: the rollout plan is missing 'timezone'",
      ])
  }

  @Test func deployHoursMustOpenBeforeTheyClose() throws {
    let yaml = basePlan.replacingLine(9, with: "  from: \"17:00\"")
    #expect(
      try messages(yaml) == ["10:7: deploy_hours close (16:00) before they open (17:00)"])
  }

  @Test func dayRangesAndFullNamesExpandToWeekdays() throws {
    let plan = try plan(basePlan.replacingLine(8, with: "  days: [fri-mon, Wednesday]"))
    #expect(plan.deployHours.first?.days == [.mon, .wed, .fri, .sat, .sun])
    #expect(plan.deployHours.first?.summary == "mon,wed,fri–sun 09:00–16:00 America/New_York")
  }
}
