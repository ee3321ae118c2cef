import LocatedYAML

/// How the built-in rollout rules weigh at each service tier.
///
/// A rehearsed rollback, promotion criteria and a flag kill switch are blockers for the most
/// critical services and count less (or not at all) for experimental ones. A rule not listed
/// counts the same at every tier. A plan that sets a rule's `severity` under `rules:` keeps that
/// severity at every tier.
public enum RolloutTiers {
  /// Rule id → severity at tiers 1, 2 and 3 where it differs from the rule's own.
  public static let severityByTier: [String: [Int: TierSeverity]] = [
    RolloutRules.rehearsed.id: [1: .severity(.blocker), 2: .severity(.major), 3: .off],
    RolloutRules.rollbackWithinBake.id: [1: .severity(.blocker), 3: .severity(.minor)],
    RolloutRules.promotionCriteria.id: [1: .severity(.blocker), 3: .severity(.minor)],
    RolloutRules.flagKillSwitch.id: [1: .severity(.blocker), 3: .severity(.minor)],
    RolloutRules.deployHours.id: [3: .severity(.minor)],
    RolloutRules.commsBeforeStart.id: [3: .severity(.minor)],
  ]

  /// A rule's severity (or `off`) at each of tiers 1, 2 and 3, as the packs page shows it.
  public static func byTier(_ rule: RolloutRule) -> [String] {
    ServiceTier.levels.map { level in
      (severityByTier[rule.id]?[level] ?? .severity(rule.severity)).description
    }
  }

  /// What a rule is at a tier on a plan: the plan's own severity wins, else the tier's.
  static func decide(_ rule: RolloutRule, plan: RolloutPlan, tier: ServiceTier?)
    -> TierPolicy.Decision
  {
    let written = plan.rules[rule.id]?.severity
    let severity = written ?? rule.severity
    guard let tier else { return .keep(severity, note: nil) }
    if written != nil {
      return .keep(
        severity,
        note: "applies at \(tier.label) as \(severity.rawValue), the severity the plan sets under "
          + "'rules'")
    }
    switch severityByTier[rule.id]?[tier.level] {
    case .off?:
      return .leaveOut(
        reason: "the rollout rules leave it out at \(tier.label) (docs/packs.md)",
        ruleLocation: plan.location)
    case .severity(let tiered)?:
      return .keep(
        tiered,
        note: "applies at \(tier.label) as \(tiered.rawValue), the rollout rules' severity at that "
          + "tier (written severity: \(rule.severity.rawValue))")
    case nil:
      return .keep(
        severity, note: "applies at every tier; at \(tier.label) it is \(severity.rawValue)")
    }
  }
}
