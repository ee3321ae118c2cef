import Foundation
import LocatedYAML

/// Turns a rollout plan into gates that join the checklists' gates in one verdict.
public enum RolloutGates {
  /// The gate owner when the plan names none.
  public static let defaultOwner = "release-manager"

  /// A plan's gates, disabled rules and waivers, ready for `VerdictRules.report`.
  public struct Outcome: Sendable {
    /// Each rule as an evaluated gate, in `RolloutRules.all` order.
    public var evaluated: [VerdictRules.Evaluated]
    /// The plan's disabled rules.
    public var disabled: [DisabledGate]
    /// The plan's waivers.
    public var waivers: [Waiver]
    /// The rules the service tier left out (not evaluated).
    public var excludedByTier: [TierExclusion] = []
  }

  /// Evaluates every rollout rule on a plan.
  ///
  /// - Parameter qualifier: appended to gate ids as `id@qualifier` (waivers and disabled entries
  ///   follow), so that several plans in one run keep distinct gates; nil for plain ids.
  /// - Parameter tier: the service tier the plan's checklists are judged at (`RolloutTiers`).
  public static func evaluate(
    _ plan: RolloutPlan, schedule: Schedule, context: EvaluationContext, qualifier: String? = nil,
    tier: ServiceTier? = nil
  ) -> Outcome {
    func qualified(_ id: String) -> String { qualifier.map { "\(id)@\($0)" } ?? id }
    var evaluated: [VerdictRules.Evaluated] = []
    var excluded: [TierExclusion] = []
    for rule in RolloutRules.all {
      var gate = Gate(
        id: qualified(rule.id), title: rule.title, owner: plan.owner ?? defaultOwner,
        severity: plan.rules[rule.id]?.severity ?? rule.severity, category: rule.category,
        checks: [], remediation: rule.remediation, docs: nil,
        location: plan.keyLocations[rule.anchor] ?? plan.location)
      switch RolloutTiers.decide(rule, plan: plan, tier: tier) {
      case .keep(let severity, let note):
        gate.severity = severity
        gate.tierNote = note
      case .leaveOut(let reason, let ruleLocation):
        excluded.append(
          TierExclusion(gate, reason: reason, ruleLocation: ruleLocation))
        continue
      }
      if plan.disabled.contains(where: { $0.id == rule.id }) {
        evaluated.append(VerdictRules.Evaluated(gate: gate, findings: [], evidence: []))
        continue
      }
      let findings = RolloutRules.judge(rule, plan: plan, schedule: schedule, context: context)
      var evidence: [String] = []
      if rule.id == RolloutRules.runbookSection.id, let runbook = plan.rollback?.runbook,
        EvidenceRoot.problem(withPath: runbook.value) == nil
      {
        evidence.append(EvidenceRoot.normalize(runbook.value))
      }
      evaluated.append(VerdictRules.Evaluated(gate: gate, findings: findings, evidence: evidence))
    }
    let disabled = plan.disabled.map {
      DisabledGate(id: qualified($0.id), reason: $0.reason, location: $0.location)
    }
    let waivers = plan.waivers.map {
      Waiver(
        gate: qualified($0.gate), reason: $0.reason, approvedBy: $0.approvedBy,
        expires: $0.expires, location: $0.location)
    }
    var outcome = Outcome(evaluated: evaluated, disabled: disabled, waivers: waivers)
    outcome.excludedByTier = excluded
    return outcome
  }
}
