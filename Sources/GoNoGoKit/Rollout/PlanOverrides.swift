import Foundation
import LocatedYAML

/// Decodes `rules:` overrides, `disable:` and `waivers:` of a rollout plan.
///
/// They name rollout rule ids. A plan's waivers and disabled rules work exactly like a
/// checklist's; a checklist's waivers name only the checklist's own gates.
extension PlanSections {
  /// `rules: {rule-id: {parameter: value, severity: major}}`.
  func ruleOverrides() -> [String: RuleSettings] {
    guard let node = fields.value("rules") else { return [:] }
    guard let pairs = node.mapping else {
      sink.error(
        node.location, "'rules' in the rollout plan must map rule ids to their settings",
        hint: "for example: rules: {rollout.first-phase-small: {max_traffic: 10%}}")
      return [:]
    }
    var result: [String: RuleSettings] = [:]
    for pair in pairs {
      let id = pair.key.scalar?.text ?? ""
      guard let rule = RolloutRules.rule(id) else {
        sink.error(
          pair.key.location,
          "no rollout rule has the id '\(id)'" + Suggestion.didYouMean(id, in: RolloutRules.ids),
          hint: "rollout rules: \(RolloutRules.ids.joined(separator: ", "))")
        continue
      }
      let known = ["severity"] + rule.parameters.map(\.name)
      guard let entry = Fields(pair.value, context: "rule '\(id)'", known: known, sink: sink) else {
        continue
      }
      let severity = entry.choice("severity", Severity.self)
      var values: [String: RuleValue] = [:]
      for parameter in rule.parameters where entry.has(parameter.name) {
        let value: RuleValue?
        switch parameter.defaultValue {
        case .percentage: value = entry.percentage(parameter.name).map(RuleValue.percentage)
        case .duration: value = entry.timespan(parameter.name).map(RuleValue.duration)
        case .strings:
          value = entry.strings(parameter.name, required: true).map { .strings($0.map(\.value)) }
        }
        if let value { values[parameter.name] = value }
      }
      result[id] = RuleSettings(severity: severity, values: values, location: pair.key.location)
    }
    return result
  }

  func disabled() -> [DisabledGate] {
    ExceptionDecoder(fields: fields, noun: "rule", exists: isRule).disabled()
  }

  func waivers(disabled: [DisabledGate]) -> [Waiver] {
    ExceptionDecoder(fields: fields, noun: "rule", exists: isRule).waivers(disabled: disabled)
  }

  private func isRule(_ id: String, at location: SourceLocation) -> Bool {
    guard RolloutRules.rule(id) != nil else {
      sink.error(
        location,
        "no rollout rule has the id '\(id)'" + Suggestion.didYouMean(id, in: RolloutRules.ids),
        hint: "rollout rules: \(RolloutRules.ids.joined(separator: ", "))")
      return false
    }
    return true
  }
}
