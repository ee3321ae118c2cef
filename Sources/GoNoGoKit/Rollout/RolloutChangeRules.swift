import Foundation

/// Rules on what the release changes besides traffic: migration steps and feature flags.
extension RolloutRules {
  /// `rollout.migration-backout`: every irreversible step has a backout or an approval.
  static let migrationBackout = RolloutRule(
    id: "rollout.migration-backout",
    title: "Every irreversible migration or cutover step has a backout or an approval",
    severity: .blocker, category: .data, parameters: [],
    remediation: "Write a backout for the step, or record an approval naming it under approvals.",
    anchor: "migrations"
  ) { input in
    let plan = input.plan
    guard !plan.migrations.isEmpty else {
      return [
        .pass("the plan has no migration or cutover steps", evidence: input.at(plan.location))
      ]
    }
    var findings: [Finding] = []
    for step in plan.migrations where !step.reversible {
      if let backout = step.backout {
        findings.append(
          .pass(
            "\(step.stage.rawValue) step '\(step.name)' is irreversible and backs out by: "
              + backout,
            evidence: input.at(step.location)))
      } else if let approval = plan.approvals.first(where: { $0.step?.value == step.name }) {
        findings.append(
          .pass(
            "\(step.stage.rawValue) step '\(step.name)' is irreversible, approved by "
              + "\(approval.by) (\(approval.role))",
            evidence: input.at(step.location)))
      } else {
        findings.append(
          .fail(
            "\(step.stage.rawValue) step '\(step.name)' is irreversible and has neither a backout "
              + "nor an approval",
            evidence: input.at(step.location)))
      }
    }
    if findings.isEmpty {
      findings.append(
        .pass(
          "every migration and cutover step is reversible",
          evidence: input.at(
            plan.location(of: plan.keyLocations["migrations"] == nil ? "cutover" : "migrations"))))
    }
    return findings
  }

  /// `rollout.flag-kill-switch`: every new feature flag has a kill switch and an owner.
  static let flagKillSwitch = RolloutRule(
    id: "rollout.flag-kill-switch", title: "Every new feature flag has a kill switch and an owner",
    severity: .major, category: .sre, parameters: [],
    remediation: "Give each new flag kill_switch: true (or the switch's name) and an owner.",
    anchor: "feature_flags"
  ) { input in
    let flags = input.plan.featureFlags.filter(\.isNew)
    guard !flags.isEmpty else {
      return [
        .pass("the plan lists no new feature flags", evidence: input.at(input.plan.location))
      ]
    }
    var findings: [Finding] = []
    for flag in flags {
      if flag.killSwitch == .none {
        findings.append(
          .fail("feature flag '\(flag.key)' has no kill switch", evidence: input.at(flag.location)))
      }
      if flag.owner == nil {
        findings.append(
          .fail("feature flag '\(flag.key)' has no owner", evidence: input.at(flag.location)))
      }
    }
    guard findings.isEmpty else { return findings }
    let keys = flags.map { "'\($0.key)'" }.joined(separator: ", ")
    return [
      .pass(
        "every new feature flag has a kill switch and an owner (\(keys))",
        evidence: input.at(input.plan.location(of: "feature_flags")))
    ]
  }
}
