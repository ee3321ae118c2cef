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
    var result: [DisabledGate] = []
    for node in fields.sequence("disable") ?? [] {
      guard
        let entry = Fields(node, context: "a 'disable' entry", known: Self.disableKeys, sink: sink),
        let id = entry.string("id", required: true)
      else { continue }
      let reason = entry.string("reason", required: true)
      guard isRule(id, at: entry.location(of: "id")), let reason else { continue }
      if result.contains(where: { $0.id == id }) {
        sink.error(entry.location(of: "id"), "rule '\(id)' is disabled twice")
        continue
      }
      result.append(DisabledGate(id: id, reason: reason, location: node.location))
    }
    return result
  }

  func waivers(disabled: [DisabledGate]) -> [Waiver] {
    var result: [Waiver] = []
    for node in fields.sequence("waivers") ?? [] {
      guard let entry = Fields(node, context: "a waiver", known: Self.waiverKeys, sink: sink),
        let gate = entry.string("gate", required: true)
      else { continue }
      let reason = entry.string("reason", required: true)
      let approver = entry.string("approved_by")
      let expires = entry.date("expires")
      guard isRule(gate, at: entry.location(of: "gate")), let reason else { continue }
      if result.contains(where: { $0.gate == gate }) {
        sink.error(
          entry.location(of: "gate"), "rule '\(gate)' has more than one waiver",
          hint: "keep one waiver per rule")
        continue
      }
      if disabled.contains(where: { $0.id == gate }) {
        sink.warning(
          entry.location(of: "gate"), "rule '\(gate)' is disabled; its waiver has no effect")
      }
      if approver == nil {
        sink.warning(
          node.location,
          "the waiver for '\(gate)' has no 'approved_by'; it will not waive the rule",
          hint: "add approved_by: <who approved it>")
      }
      if expires == nil && !entry.has("expires") {
        sink.warning(
          node.location, "the waiver for '\(gate)' has no 'expires'; it will not waive the rule",
          hint: "add expires: YYYY-MM-DD")
      }
      result.append(
        Waiver(
          gate: gate, reason: reason, approvedBy: approver, expires: expires,
          location: node.location))
    }
    return result
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
