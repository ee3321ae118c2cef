import Foundation
import Testing

@testable import GoNoGoKit

/// Each built-in rollout rule passes on a sound plan and fails, pointing at the phase or entry
/// at fault, on a plan with one thing wrong.
@Suite struct RolloutRulesTests {
  @Test func aOnePercentCanaryIsASmallFirstPhase() throws {
    let findings = try judge("rollout.first-phase-small", basePlan)
    #expect(
      findings == [
        Finding(
          .pass, "first phase 'canary' sends 1% of traffic, within the 5% allowed",
          evidence: planLine(16, 5), measured: ["traffic": "1%"], expected: ["max_traffic": "5%"])
      ])
  }

  @Test func aFirstPhaseAtAQuarterOfTrafficIsTooBig() throws {
    let findings = try judge(
      "rollout.first-phase-small", basePlan.replacingLine(17, with: "    traffic: 25%"))
    #expect(findings.map(\.status) == [.fail])
    #expect(
      findings.first?.message
        == "first phase 'canary' sends 25% of traffic, more than the 5% allowed for a first phase")
    #expect(findings.first?.evidence == planLine(16, 5))
  }

  @Test func thePlanMayRaiseTheFirstPhaseLimit() throws {
    let yaml =
      basePlan.replacingLine(17, with: "    traffic: 25%")
      + "rules:\n  rollout.first-phase-small: {max_traffic: 30%}\n"
    let findings = try judge("rollout.first-phase-small", yaml)
    #expect(
      findings.map(\.message) == [
        "first phase 'canary' sends 25% of traffic, within the 30% allowed"
      ])
  }

  @Test func trafficThatRisesToAHundredPasses() throws {
    let findings = try judge("rollout.traffic-rising", basePlan)
    #expect(
      findings == [.pass("traffic rises 1% → 10% → 50% → 100%", evidence: planLine(16, 3))])
  }

  @Test func aPhaseThatDoesNotRaiseTrafficFails() throws {
    let findings = try judge(
      "rollout.traffic-rising", basePlan.replacingLine(26, with: "    traffic: 10%"))
    #expect(
      findings == [
        .fail(
          "phase 'half' sends 10% of traffic, no more than phase 'early' before it (10%); "
            + "traffic must rise at every phase",
          evidence: planLine(25, 5))
      ])
  }

  @Test func aRolloutThatStopsShortOfAHundredFails() throws {
    let findings = try judge(
      "rollout.traffic-rising", basePlan.replacingLine(30, with: "    traffic: 90%"))
    #expect(
      findings == [
        .fail(
          "the last phase 'full' sends 90% of traffic; the rollout must end at 100%",
          evidence: planLine(29, 5))
      ])
  }

  @Test func bakesOfAnHourOrMorePass() throws {
    let findings = try judge("rollout.bake-time", basePlan)
    #expect(
      findings.map(\.message)
        == ["every phase before the last bakes at least 1h (shortest: phase 'canary', 2h)"])
    #expect(findings.map(\.status) == [.pass])
  }

  @Test func aShortBakeAndAMissingBakeFailAtTheirPhases() throws {
    let yaml = basePlan.replacingLine(18, with: nil).replacingLine(23, with: "    bake: 30m")
    let findings = try judge("rollout.bake-time", yaml)
    #expect(
      findings == [
        Finding(
          .fail,
          "phase 'canary' has no bake time; every phase before the last must bake at least 1h",
          evidence: planLine(16, 5), expected: ["min_bake": "1h"]),
        Finding(
          .fail, "phase 'early' bakes 30m, less than the minimum 1h", evidence: planLine(21, 5),
          measured: ["bake": "30m"], expected: ["min_bake": "1h"]),
      ])
  }

  @Test func promotionCriteriaOnEveryPhaseBeforeTheLastPass() throws {
    let findings = try judge("rollout.promotion-criteria", basePlan)
    #expect(
      findings == [
        .pass("every phase before the last has promote_when criteria", evidence: planLine(16, 3))
      ])
  }

  @Test func aPhaseWithoutPromotionCriteriaFails() throws {
    let findings = try judge("rollout.promotion-criteria", basePlan.replacingLine(24, with: nil))
    #expect(
      findings == [
        .fail(
          "phase 'early' has no promote_when criteria: nothing says when it is safe to promote",
          evidence: planLine(21, 5))
      ])
  }

  @Test func aRollbackWithTriggerAndRunbookPasses() throws {
    let findings = try judge("rollout.rollback-defined", basePlan)
    #expect(
      findings == [
        .pass(
          "rollback is triggered by 'error_rate > 2% for 5m' and follows docs/runbook.md",
          evidence: planLine(32, 3))
      ])
  }

  @Test func aRollbackWithoutTriggerFails() throws {
    let findings = try judge("rollout.rollback-defined", basePlan.replacingLine(34, with: nil))
    #expect(
      findings == [
        .fail(
          "the rollback plan names no trigger: nothing says when to roll back",
          evidence: planLine(32, 3))
      ])
  }

  @Test func theRunbookHasTheRollbackSection() throws {
    let findings = try judge("rollout.runbook-section", basePlan)
    #expect(
      findings == [
        .pass("docs/runbook.md has the 'Rollback' section (line 3)", evidence: planLine(33, 12))
      ])
  }

  @Test func aRunbookWithoutTheSectionFails() throws {
    let findings = try judge(
      "rollout.runbook-section", basePlan,
      files: ["docs/runbook.md": "# Runbook\n\n## Escalation\n\nPage the on-call.\n"])
    #expect(
      findings == [.fail("docs/runbook.md has no 'Rollback' section", evidence: planLine(33, 12))])
  }

  @Test func aMissingRunbookIsAnError() throws {
    let findings = try judge("rollout.runbook-section", basePlan, files: [:])
    #expect(
      findings == [.error("evidence file not found: docs/runbook.md", evidence: planLine(32, 12))])
  }

  @Test func aRehearsalElevenDaysAgoIsRecent() throws {
    let findings = try judge("rollout.rehearsed", basePlan)
    #expect(
      findings.map(\.message) == [
        "the rollback was rehearsed on 2026-11-20, 11 days ago (within 90d)"
      ])
    #expect(findings.map(\.status) == [.pass])
  }

  @Test func aRehearsalLastJuneIsStale() throws {
    let findings = try judge(
      "rollout.rehearsed", basePlan.replacingLine(36, with: "  rehearsed: 2026-06-01"))
    #expect(
      findings == [
        Finding(
          .fail,
          "the rollback was last rehearsed on 2026-06-01, 183 days ago; it must be rehearsed "
            + "within 90d",
          evidence: planLine(36, 14), measured: ["rehearsed": "2026-06-01"],
          expected: ["within": "90d"])
      ])
    let relaxed = try judge(
      "rollout.rehearsed",
      basePlan.replacingLine(36, with: "  rehearsed: 2026-06-01")
        + "rules:\n  rollout.rehearsed: {within: 365d}\n")
    #expect(relaxed.map(\.status) == [.pass])
  }

  @Test func aFifteenMinuteRollbackFitsInsideTheShortestBake() throws {
    let findings = try judge("rollout.rollback-within-bake", basePlan)
    #expect(
      findings.map(\.message)
        == ["a rollback takes at most 15 minutes, within the shortest bake (phase 'canary', 2h)"])
  }

  @Test func aRollbackLongerThanTheShortestBakeFailsAtThatPhase() throws {
    let findings = try judge(
      "rollout.rollback-within-bake", basePlan.replacingLine(35, with: "  max_minutes: 180"))
    #expect(
      findings == [
        Finding(
          .fail,
          "a rollback may take 180 minutes, longer than phase 'canary' bakes (2h): the phase could "
            + "be promoted before a rollback finishes",
          evidence: planLine(16, 5), measured: ["max_minutes": 180],
          expected: ["shortest_bake": "2h"])
      ])
  }

  @Test func aRolloutDoneBeforeTheFreezePasses() throws {
    let findings = try judge("rollout.freeze", basePlan)
    #expect(
      findings == [
        .pass(
          "no phase starts in or runs across a freeze window ('holiday')", evidence: planLine(12, 3)
        )
      ])
  }

  @Test func aPhaseLeftLiveAcrossTheFreezeFails() throws {
    let findings = try judge(
      "rollout.freeze", basePlan.replacingLine(3, with: "start: 2026-12-17T09:00:00-05:00"))
    #expect(
      findings == [
        .fail(
          "phase 'half' (50%) is live from Thu 2026-12-17 15:00 to Tue 2027-01-05 09:00, across "
            + "freeze 'holiday' (2026-12-19 to 2027-01-04)",
          evidence: planLine(25, 5))
      ])
  }

  /// A weekly freeze crossed many times by one phase is one finding for the phase, naming the
  /// first three windows and how many more.
  @Test func aPhaseAcrossManyWindowsIsOneFinding() throws {
    let plan = basePlan.with(
      "  - name: holiday\n    from: 2026-12-19\n    to: 2027-01-04",
      "  - {name: fridays, rrule: FREQ=WEEKLY;BYDAY=FR, from: \"15:00\", to: \"18:00\"}"
    ).with("bake: 24h", "bake: 30d")
    let findings = try judge("rollout.freeze", plan)
    #expect(
      findings == [
        .fail(
          "phase 'half' (50%) is live from Tue 2026-12-01 15:00 to Thu 2026-12-31 15:00, across 4 "
            + "freeze windows: 'fridays' (2026-12-04T15:00:00-05:00 to 2026-12-04T18:00:00-05:00), "
            + "'fridays' (2026-12-11T15:00:00-05:00 to 2026-12-11T18:00:00-05:00), 'fridays' "
            + "(2026-12-18T15:00:00-05:00 to 2026-12-18T18:00:00-05:00) and 1 more",
          evidence: planLine(23, 5))
      ])
  }

  @Test func aStartInsideTheFreezeFails() throws {
    let findings = try judge(
      "rollout.freeze", basePlan.replacingLine(3, with: "start: 2026-12-21T10:00:00-05:00"))
    #expect(
      findings == [
        .fail(
          "the first phase 'canary' is planned to start at Mon 2026-12-21 10:00, inside freeze "
            + "'holiday' and waits until Tue 2027-01-05 09:00",
          evidence: planLine(3, 8))
      ])
  }

  @Test func aStartInsideDeployHoursPasses() throws {
    let findings = try judge("rollout.deploy-hours", basePlan)
    #expect(
      findings == [
        .pass(
          "every promotion falls inside deploy hours (mon–thu 09:00–16:00 America/New_York); "
            + "0 promotions wait for the next window",
          evidence: planLine(8, 3))
      ])
  }

  @Test func aFridayStartOutsideDeployHoursFails() throws {
    let findings = try judge(
      "rollout.deploy-hours", basePlan.replacingLine(3, with: "start: 2026-12-04T09:00:00-05:00"))
    #expect(
      findings == [
        .fail(
          "the first phase 'canary' is planned to start at Fri 2026-12-04 09:00, outside deploy "
            + "hours (mon–thu 09:00–16:00 America/New_York); it waits until "
            + "Mon 2026-12-07 09:00",
          evidence: planLine(3, 8))
      ])
  }

  @Test func noDeployWindowWithinAYearIsAnError() throws {
    let yaml = basePlan.replacingLine(13, with: "    from: 2026-11-01")
      .replacingLine(14, with: "    to: 2028-01-01")
    let findings = try judge("rollout.deploy-hours", yaml)
    #expect(
      findings == [
        .error(
          "no deploy window within a year after Tue 2026-12-01 09:00 for phase 'canary'",
          evidence: planLine(16, 5))
      ])
  }

  @Test func aForecastBeforeCompleteByPasses() throws {
    let findings = try judge("rollout.complete-by", basePlan)
    #expect(
      findings == [
        Finding(
          .pass,
          "phase 'full' reaches 100% at Wed 2026-12-02 15:00, 2d 9h before complete_by 2026-12-04 "
            + "(end of Fri 2026-12-04)",
          evidence: planLine(6, 14), measured: ["earliest_100": "2026-12-02T15:00:00-05:00"],
          expected: ["complete_by": "2026-12-05T00:00:00-05:00"])
      ])
  }

  @Test func aForecastAfterCompleteByFails() throws {
    let findings = try judge(
      "rollout.complete-by", basePlan.replacingLine(6, with: "complete_by: 2026-12-01"))
    #expect(findings.map(\.status) == [.fail])
    #expect(
      findings.first?.message
        == "phase 'full' reaches 100% at Wed 2026-12-02 15:00 at the earliest, 15h after "
        + "complete_by 2026-12-01 (end of Tue 2026-12-01)")
    #expect(findings.first?.evidence == planLine(6, 14))
  }

  @Test func anIrreversibleStepWithABackoutPasses() throws {
    let findings = try judge("rollout.migration-backout", basePlan)
    #expect(
      findings == [
        .pass(
          "migration step 'drop-legacy-table' is irreversible and backs out by: restore from the "
            + "nightly snapshot",
          evidence: planLine(46, 5))
      ])
  }

  @Test func anIrreversibleStepWithoutBackoutOrApprovalFails() throws {
    let findings = try judge("rollout.migration-backout", basePlan.replacingLine(48, with: nil))
    #expect(
      findings == [
        .fail(
          "migration step 'drop-legacy-table' is irreversible and has neither a backout nor an "
            + "approval",
          evidence: planLine(46, 5))
      ])
  }

  @Test func anApprovalNamingTheStepStandsInForABackout() throws {
    let yaml =
      basePlan.replacingLine(48, with: nil)
      + "approvals:\n  - role: dba-lead\n    by: Priya Natarajan\n    step: drop-legacy-table\n"
    let findings = try judge("rollout.migration-backout", yaml)
    #expect(
      findings.map(\.message)
        == [
          "migration step 'drop-legacy-table' is irreversible, approved by Priya Natarajan "
            + "(dba-lead)"
        ])
    #expect(findings.map(\.status) == [.pass])
  }

  @Test func aFlagWithKillSwitchAndOwnerPasses() throws {
    let findings = try judge("rollout.flag-kill-switch", basePlan)
    #expect(
      findings == [
        .pass(
          "every new feature flag has a kill switch and an owner ('checkout-v2')",
          evidence: planLine(38, 3))
      ])
  }

  @Test func aNewFlagWithoutKillSwitchOrOwnerFailsTwice() throws {
    let yaml = basePlan.replacingLine(40, with: nil).replacingLine(41, with: nil)
    let findings = try judge("rollout.flag-kill-switch", yaml)
    #expect(
      findings == [
        .fail("feature flag 'checkout-v2' has no kill switch", evidence: planLine(38, 5)),
        .fail("feature flag 'checkout-v2' has no owner", evidence: planLine(38, 5)),
      ])
    let existing = try judge(
      "rollout.flag-kill-switch", yaml.replacingLine(40, with: "    new: false"))
    #expect(existing.map(\.message) == ["the plan lists no new feature flags"])
  }

  @Test func supportToldTwoDaysAheadPasses() throws {
    let findings = try judge("rollout.comms-before-start", basePlan)
    #expect(
      findings == [
        .pass(
          "support hears about it at T-2d on #support-announce, at least 1d before the start",
          evidence: planLine(50, 5))
      ])
  }

  @Test func supportToldTwoHoursAheadIsTooLate() throws {
    let findings = try judge(
      "rollout.comms-before-start", basePlan.replacingLine(52, with: "    when: T-2h"))
    #expect(
      findings == [
        .fail(
          "comms to support on #support-announce come at T-2h, less than 1d before the start",
          evidence: planLine(50, 5))
      ])
  }

  @Test func noCommsToSupportFails() throws {
    var yaml = basePlan
    for line in 49...52 { yaml = yaml.replacingLine(line, with: nil) }
    let findings = try judge("rollout.comms-before-start", yaml)
    #expect(
      findings == [
        .fail("no comms to support are planned before the start", evidence: planLine(1, 1))
      ])
  }

  @Test func everyRuleHasAUniqueIdAndDocumentedParameters() {
    #expect(Set(RolloutRules.ids).count == RolloutRules.all.count)
    #expect(RolloutRules.ids.allSatisfy { $0.hasPrefix("rollout.") })
    #expect(
      RolloutRules.all.flatMap { rule in
        rule.parameters.map { "\(rule.id).\($0.name)=\($0.defaultValue)" }
      }
        == [
          "rollout.first-phase-small.max_traffic=5%", "rollout.bake-time.min_bake=1h",
          "rollout.rehearsed.within=90d", "rollout.comms-before-start.audiences=[support]",
          "rollout.comms-before-start.min_lead=1d",
        ])
  }
}
