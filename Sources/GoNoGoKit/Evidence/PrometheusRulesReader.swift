import Foundation
import LocatedYAML

/// The rules of one Prometheus rule file (or `PrometheusRule` resource), with their lines.
public struct PrometheusRuleFile: Sendable, Equatable {
  /// The rule groups, in file order.
  public var groups: [PrometheusRuleGroup]

  /// Every alerting rule, in file order.
  public var alerts: [PrometheusRule] { groups.flatMap(\.rules).filter { $0.alert != nil } }
}

/// A named group of rules.
public struct PrometheusRuleGroup: Sendable, Equatable {
  /// The group's name (unique in its file).
  public var name: String
  /// The rules, in file order.
  public var rules: [PrometheusRule]
}

/// One alerting or recording rule.
public struct PrometheusRule: Sendable, Equatable {
  /// The alert name, for alerting rules.
  public var alert: String?
  /// The series name, for recording rules.
  public var record: String?
  /// The PromQL expression.
  public var expr: String
  /// The `for` duration, when written.
  public var forDuration: Duration?
  /// Labels added to the alert or series.
  public var labels: [String: Located<String>]
  /// Annotations of an alert (`runbook_url`, `summary`, …).
  public var annotations: [String: Located<String>]
  /// Where the rule starts.
  public var line: Int

  /// A Prometheus duration as written and its length.
  public struct Duration: Sendable, Equatable {
    /// The text (`5m`, `1h30m`).
    public var text: String
    /// Its length in whole seconds.
    public var seconds: Int
  }
}

/// Reads Prometheus rule files: `groups[].rules[]`, or a Kubernetes `PrometheusRule` with the
/// groups under `spec.groups`; several YAML documents may share a file.
///
/// A file Prometheus would refuse (a rule with both or neither of `alert` and `record`, no `expr`,
/// a malformed `for`, a repeated group name) is an error, as is a promtool test file.
public enum PrometheusRulesReader: EvidenceReader {
  public static let format = "prometheus-rules"

  public static func read(_ source: EvidenceSource) -> Result<PrometheusRuleFile, EvidenceError> {
    let file = source.file.path
    return source.yamlDocuments().flatMap { documents in
      var groups: [PrometheusRuleGroup] = []
      var groupLines: [String: Int] = [:]
      var sawRules = false
      for document in documents where document.scalar?.value != .null {
        if document["rule_files"] != nil || document["tests"] != nil {
          return .failure(
            EvidenceError(
              "\(file) is a promtool test file (rule_files, tests), not a rule file; point the "
                + "check at the rule files it tests", line: document.location.line))
        }
        let list: Node?
        if document["kind"]?.scalar?.text == "PrometheusRule" {
          list = document["spec"]?["groups"]
          if list == nil {
            return .failure(
              EvidenceError(
                "the PrometheusRule in \(file) has no spec.groups", line: document.location.line))
          }
        } else if document["apiVersion"] != nil && document["groups"] == nil {
          continue  // another Kubernetes resource sharing the file
        } else {
          list = document["groups"]
        }
        guard let list else { continue }
        sawRules = true
        guard let items = list.sequence else {
          return .failure(
            EvidenceError(
              "'groups' in \(file) must be a list, not \(list.kindDescription)",
              line: list.location.line))
        }
        for item in items {
          switch group(item, file: file) {
          case .failure(let error): return .failure(error)
          case .success(let group):
            if let first = groupLines[group.name] {
              return .failure(
                EvidenceError(
                  "group name '\(group.name)' is repeated in \(file) (lines \(first) and "
                    + "\(item.location.line))", line: item.location.line))
            }
            groupLines[group.name] = item.location.line
            groups.append(group)
          }
        }
      }
      guard sawRules else {
        return .failure(
          EvidenceError("\(file) is not a Prometheus rule file: it has no 'groups'", line: 1))
      }
      return .success(PrometheusRuleFile(groups: groups))
    }
  }

  private static func group(_ node: Node, file: String) -> Result<
    PrometheusRuleGroup, EvidenceError
  > {
    let line = node.location.line
    guard node.mapping != nil else {
      return .failure(EvidenceError("a rule group in \(file) must be a mapping", line: line))
    }
    guard let name = node["name"]?.scalar?.text, !name.trimmingWhitespace().isEmpty else {
      return .failure(
        EvidenceError("the rule group on line \(line) of \(file) has no name", line: line))
    }
    var rules: [PrometheusRule] = []
    if let list = node["rules"], list.scalar?.value != .null {
      guard let items = list.sequence else {
        return .failure(
          EvidenceError(
            "'rules' of group '\(name)' in \(file) must be a list", line: list.location.line))
      }
      for item in items {
        switch rule(item, group: name, file: file) {
        case .success(let rule): rules.append(rule)
        case .failure(let error): return .failure(error)
        }
      }
    }
    return .success(PrometheusRuleGroup(name: name, rules: rules))
  }

  private static func rule(_ node: Node, group: String, file: String) -> Result<
    PrometheusRule, EvidenceError
  > {
    let line = node.location.line
    func problem(_ message: String, _ at: Node? = nil) -> Result<PrometheusRule, EvidenceError> {
      .failure(EvidenceError(message, line: at?.location.line ?? line, column: at?.location.column))
    }
    guard node.mapping != nil else {
      return problem("a rule in group '\(group)' of \(file) must be a mapping")
    }
    let alert = node["alert"]?.scalar?.text
    let record = node["record"]?.scalar?.text
    let name = alert ?? record ?? ""
    switch (alert, record) {
    case (nil, nil):
      return problem("the rule on line \(line) of \(file) has neither 'alert' nor 'record'")
    case (.some, .some):
      return problem(
        "rule \(name) in \(file) has both 'alert' and 'record'; a rule is one or the other")
    default:
      if name.trimmingWhitespace().isEmpty {
        return problem("the rule on line \(line) of \(file) has an empty name")
      }
    }
    guard let expr = node["expr"]?.scalar?.text, !expr.trimmingWhitespace().isEmpty else {
      return problem("rule \(name) in \(file) has no 'expr'")
    }
    var forDuration: PrometheusRule.Duration?
    if let value = node["for"], value.scalar?.value != .null {
      guard let text = value.scalar?.text, let seconds = prometheusDuration(text) else {
        return problem(
          "the 'for' of rule \(name) in \(file) is "
            + "'\(value.scalar?.text ?? value.kindDescription)', not a Prometheus duration such "
            + "as 5m or 1h30m", value)
      }
      forDuration = PrometheusRule.Duration(text: text, seconds: seconds)
    }
    var maps: [String: [String: Located<String>]] = [:]
    for key in ["labels", "annotations"] {
      guard let value = node[key], value.scalar?.value != .null else { continue }
      guard let pairs = value.mapping else {
        return problem("'\(key)' of rule \(name) in \(file) must be a mapping", value)
      }
      var map: [String: Located<String>] = [:]
      for pair in pairs {
        let key = pair.key.scalar?.text ?? ""
        guard let scalar = pair.value.scalar else {
          return problem("'\(key)' of rule \(name) in \(file) must be text", pair.value)
        }
        map[key] = Located(scalar.value == .null ? "" : scalar.text, at: pair.value.location)
      }
      maps[key] = map
    }
    return .success(
      PrometheusRule(
        alert: alert, record: record, expr: expr, forDuration: forDuration,
        labels: maps["labels"] ?? [:],
        annotations: maps["annotations"] ?? [:], line: line))
  }

  /// Seconds in a Prometheus duration (`1h30m`, `5m`, `90s`, `0`): units y, w, d, h, m, s, ms in
  /// that order, each at most once.
  static func prometheusDuration(_ text: String) -> Int? {
    if text == "0" { return 0 }
    let units: [(String, Int)] = [
      ("y", 365 * 86_400), ("w", 7 * 86_400), ("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1),
      ("ms", 0),
    ]
    var rest = Substring(text)
    var total = 0
    var next = 0
    var sawUnit = false
    while !rest.isEmpty {
      let digits = rest.prefix { $0.isASCII && $0.isNumber }
      guard !digits.isEmpty, let number = Int(digits), digits.count <= 9 else { return nil }
      rest = rest.dropFirst(digits.count)
      let letters = rest.prefix { $0.isLetter }
      guard let index = units[next...].firstIndex(where: { $0.0 == String(letters) }) else {
        return nil
      }
      rest = rest.dropFirst(letters.count)
      total += number * units[index].1
      next = index + 1
      sawUnit = true
    }
    return sawUnit ? total : nil
  }
}
