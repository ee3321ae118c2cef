import Foundation
import LocatedYAML

/// One built-in rollout rule: a gate evaluated on every rollout plan.
///
/// Each rule lives beside its judging code in one of the `Rollout*Rules.swift` files and is
/// listed once in `RolloutRules.all`. A plan overrides its parameters and severity under
/// `rules:`, switches it off under `disable:` and waives it under `waivers:`, by its id.
public struct RolloutRule: Sendable {
  /// Stable id (`rollout.first-phase-small`), the gate id in reports.
  public var id: String
  /// What the rule asks, in one line; the gate title.
  public var title: String
  /// The severity unless the plan overrides it.
  public var severity: Severity
  /// The readiness area.
  public var category: Category?
  /// The parameters a plan may override, with their defaults.
  public var parameters: [RuleParameter]
  /// What to do when the rule fails.
  public var remediation: String
  /// Where the gate points in the plan: the key its subject is written under.
  var anchor: String
  /// Judges a plan; never empty, never throws.
  var judge: @Sendable (RolloutRuleInput) -> [Finding]
}

/// A parameter of a rollout rule.
public struct RuleParameter: Sendable {
  /// The key under the rule's id in `rules:`.
  public var name: String
  /// What it means.
  public var summary: String
  /// The value used unless the plan overrides it.
  public var defaultValue: RuleValue

  /// Creates a parameter.
  public init(_ name: String, _ defaultValue: RuleValue, _ summary: String) {
    self.name = name
    self.defaultValue = defaultValue
    self.summary = summary
  }

  /// The type as users write it.
  public var type: String {
    switch defaultValue {
    case .percentage: "percentage"
    case .duration: "duration"
    case .strings: "list of strings"
    }
  }
}

/// What a rule gets: the plan, its forecast, the rule's parameter values and the run's context.
public struct RolloutRuleInput: Sendable {
  /// The plan.
  public let plan: RolloutPlan
  /// Its forecast.
  public let schedule: Schedule
  /// The evidence cache and "now".
  public let context: EvaluationContext
  /// Parameter values: the plan's overrides over the rule's defaults.
  let values: [String: RuleValue]

  func percentage(_ name: String) -> Percentage {
    if case .percentage(let value)? = values[name] { return value }
    return Percentage(fraction: 0)
  }

  func duration(_ name: String) -> Timespan {
    if case .duration(let value)? = values[name] { return value }
    return Timespan(seconds: 0)
  }

  func strings(_ name: String) -> [String] {
    if case .strings(let value)? = values[name] { return value }
    return []
  }

  /// A plan position as a finding's evidence location (the plan file as the user named it).
  func at(_ location: SourceLocation) -> EvidenceLocation {
    EvidenceLocation(file: location.file, line: location.line, column: location.column)
  }

  /// An instant in the plan's zone, as tables print it.
  func local(_ date: Date) -> String {
    ScheduleRenderer.local(date, in: plan.timeZone.value)
  }
}

/// The built-in rollout rules, in report order.
public enum RolloutRules {
  /// Every rule, in the order gates appear in reports.
  public static let all: [RolloutRule] = [
    firstPhaseSmall, trafficRising, bakeTime, promotionCriteria, rollbackDefined,
    runbookSection, rehearsed, rollbackWithinBake, freeze, deployHours, completeBy,
    migrationBackout, flagKillSwitch, commsBeforeStart,
  ]

  /// The rule ids, in order.
  public static var ids: [String] { all.map(\.id) }

  /// The rule with an id.
  public static func rule(_ id: String) -> RolloutRule? {
    all.first { $0.id == id }
  }

  /// Runs one rule on a plan with the plan's overrides applied.
  public static func judge(
    _ rule: RolloutRule, plan: RolloutPlan, schedule: Schedule, context: EvaluationContext
  ) -> [Finding] {
    var values: [String: RuleValue] = [:]
    for parameter in rule.parameters {
      values[parameter.name] = plan.rules[rule.id]?.values[parameter.name] ?? parameter.defaultValue
    }
    let input = RolloutRuleInput(plan: plan, schedule: schedule, context: context, values: values)
    let findings = rule.judge(input)
    return findings.isEmpty ? [.error("the rule found nothing to judge")] : findings
  }
}
