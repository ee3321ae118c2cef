import Foundation
import LocatedYAML

/// Decodes a rollout plan from its YAML tree, reporting every problem at once.
public enum RolloutDecoder {
  static let topKeys = [
    "version", "service", "release", "owner", "start", "timezone", "strategy", "phases",
    "rollback", "feature_flags", "migrations", "cutover", "freeze", "deploy_hours", "comms",
    "approvals", "complete_by", "rules", "disable", "waivers", "review",
  ]
  static let phaseKeys = ["name", "traffic", "cohort", "bake", "promote_when", "rollback_when"]
  static let rollbackKeys = ["runbook", "section", "trigger", "max_minutes", "rehearsed"]
  static let comparisons = ["<=", ">=", "==", "!=", "<", ">"]

  /// The plan, or nil when any error was reported to `sink`.
  public static func decode(_ root: Node, file: String, sink: DiagnosticSink) -> RolloutPlan? {
    let errorsBefore = sink.diagnostics.filter { $0.severity == .error }.count
    guard let fields = Fields(root, context: "the rollout plan", known: topKeys, sink: sink) else {
      return nil
    }
    if let version = fields.int("version"), version != 1 {
      sink.error(
        fields.location(of: "version"), "unsupported rollout plan version \(version)",
        hint: "this gonogo reads version: 1")
    }
    let service = fields.string("service", required: true)
    let release = fields.string("release")
    let owner = fields.string("owner")
    let timeZoneName = fields.string("timezone", required: true)
    let zone = timeZoneName.flatMap { timeZone($0, fields, "timezone") }
    let start = decodeStart(fields)
    let strategy = fields.choice("strategy", Strategy.self, required: true)
    let phases = decodePhases(fields)
    let rollback = fields.value("rollback").flatMap { decodeRollback($0, sink: sink) }
    let sections = PlanSections(
      fields: fields, zone: zone?.value ?? TimeZone(secondsFromGMT: 0) ?? .gmt,
      zoneName: timeZoneName ?? "UTC", directory: (file as NSString).deletingLastPathComponent)
    let flags = sections.featureFlags()
    let steps = sections.steps()
    let completeBy = sections.instant("complete_by", endOfDay: true)
    let horizon = start.map { FreezeHorizon.of(start: $0.value, completeBy: completeBy?.value.date) }
    let freezes = sections.freezes(start: start?.value, horizon: horizon)
    let hours = sections.deployHours()
    let comms = sections.comms(start: start?.value)
    let approvals = sections.approvals(steps: steps.map(\.name))
    let reviewOffset = decodeReview(fields, start: start?.value)
    let rules = sections.ruleOverrides()
    let disabled = sections.disabled()
    let waivers = sections.waivers(disabled: disabled)
    let errors = sink.diagnostics.filter { $0.severity == .error }.count
    guard errors == errorsBefore, let service, let zone, let timeZoneName, let start, let strategy,
      let phases
    else { return nil }
    var keyLocations: [String: SourceLocation] = [:]
    for pair in root.mapping ?? [] {
      if let key = pair.key.scalar?.text { keyLocations[key] = pair.value.location }
    }
    return RolloutPlan(
      file: file, service: service, release: release, owner: owner, start: start,
      timeZone: zone, timeZoneName: timeZoneName, strategy: strategy, phases: phases,
      rollback: rollback, featureFlags: flags, migrations: steps, freezes: freezes,
      deployHours: hours, comms: comms, approvals: approvals, completeBy: completeBy,
      rules: rules, disabled: disabled, waivers: waivers, location: root.location,
      keyLocations: keyLocations,
      freezeHorizon: freezes.contains { $0.isExpanded } ? horizon?.end : nil,
      reviewOffset: reviewOffset)
  }

  /// An IANA time zone name (`Europe/Berlin`, `UTC`).
  static func timeZone(_ name: String, _ fields: Fields, _ key: String) -> Located<TimeZone>? {
    if let zone = TimeZone(identifier: name), !name.isEmpty {
      return Located(zone, at: fields.location(of: key))
    }
    let known = TimeZone.knownTimeZoneIdentifiers + ["UTC"]
    fields.sink.error(
      fields.location(of: key),
      "'\(key)' in \(fields.context) names no known time zone '\(name)'"
        + Suggestion.didYouMean(name, in: known),
      hint: "use an IANA zone name such as Europe/Berlin, America/New_York or UTC")
    return nil
  }

  /// `review`: when the go/no-go review is, like a comms entry's `when` (`T-1d`, or a
  /// date-time with a zone); one hour before the start when absent.
  private static func decodeReview(_ fields: Fields, start: Date?) -> Int {
    let fallback = -3_600
    guard let text = fields.string("review", required: fields.has("review")) else { return fallback }
    if case .success(let offset) = PlanTime.relative(text) { return offset }
    if case .success(let value) = DateValue.parse(text), !value.isDay {
      return start.map { Int(value.start.timeIntervalSince($0)) } ?? fallback
    }
    fields.sink.error(
      fields.location(of: "review"),
      "'review' in the rollout plan must be relative to the start, such as T-1d, or a date-time "
        + "with a zone; not '\(text)'", hint: "for example: review: T-1d")
    return fallback
  }

  private static func decodeStart(_ fields: Fields) -> Located<Date>? {
    guard let value = fields.date("start", required: true) else { return nil }
    if value.isDay {
      fields.sink.error(
        fields.location(of: "start"),
        "'start' in the rollout plan must be a date-time with a zone, not the day '\(value.text)'",
        hint: "for example: start: \(value.text)T09:00:00+01:00")
      return nil
    }
    return Located(value.start, at: fields.location(of: "start"))
  }

  private static func decodePhases(_ fields: Fields) -> [Phase]? {
    let sink = fields.sink
    guard let nodes = fields.sequence("phases", required: true) else { return nil }
    if nodes.isEmpty {
      sink.error(
        fields.location(of: "phases"), "the rollout plan has no phases",
        hint: "add at least one phase, the last at traffic: 100%")
      return nil
    }
    var phases: [Phase] = []
    var seen: [String: SourceLocation] = [:]
    for (index, node) in nodes.enumerated() {
      let label = node["name"]?.scalar.map { "phase '\($0.text)'" } ?? "phase \(index + 1)"
      guard let phase = Fields(node, context: label, known: phaseKeys, sink: sink) else { continue }
      let name = phase.string("name", required: true)
      let traffic = phase.percentage("traffic")
      let cohort = phase.string("cohort", required: phase.has("cohort"))
      if !phase.has("traffic") && !phase.has("cohort")
        && !misspelt(["traffic", "cohort"], in: node, known: phaseKeys)
      {
        sink.error(
          node.location, "\(label) names neither 'traffic' nor 'cohort'",
          hint: "add 'traffic: 5%' or 'cohort: <who>'")
      }
      let bake = phase.timespan("bake")
      let promote = criteria(phase, "promote_when")
      let rollback = criteria(phase, "rollback_when")
      guard let name else { continue }
      if let first = seen[name] {
        sink.error(
          phase.location(of: "name"),
          "duplicate phase name '\(name)'; it is already used at line \(first.line), "
            + "column \(first.column)",
          hint: "give each phase a unique name")
        continue
      }
      seen[name] = node.location
      phases.append(
        Phase(
          name: name, traffic: traffic, cohort: cohort, bake: bake, promoteWhen: promote,
          rollbackWhen: rollback, location: node.location))
    }
    return phases
  }

  /// True when the mapping has an unknown key that was reported as a misspelling of one of
  /// `keys`: the key's absence is then not reported a second time.
  static func misspelt(_ keys: [String], in node: Node, known: [String]) -> Bool {
    (node.mapping ?? []).contains { pair in
      let key = pair.key.scalar?.text ?? ""
      guard !known.contains(key), let closest = Suggestion.closest(to: key, in: known) else {
        return false
      }
      return keys.contains(closest)
    }
  }

  /// Metric criteria: one string or a list, each `<metric> <comparison> <threshold>`.
  static func criteria(_ fields: Fields, _ key: String) -> [MetricCriterion] {
    var result: [MetricCriterion] = []
    for item in fields.strings(key) ?? [] {
      if let criterion = criterion(item.value, at: item.location) {
        result.append(criterion)
      } else {
        fields.sink.error(
          item.location,
          "'\(item.value)' in '\(key)' of \(fields.context) is not a metric criterion",
          hint: "write <metric> <comparison> <threshold>, e.g. error_rate < 0.5%")
      }
    }
    return result
  }

  /// Parses `error_rate < 0.5%`; nil without a metric, a comparison or a threshold.
  static func criterion(_ text: String, at location: SourceLocation) -> MetricCriterion? {
    // The comparisons are ASCII, so they never match inside a multi-byte character.
    let bytes = Array(text.utf8)
    for index in bytes.indices {
      for comparison in comparisons {
        let symbol = comparison.utf8
        guard index + symbol.count <= bytes.count,
          bytes[index..<(index + symbol.count)].elementsEqual(symbol)
        else { continue }
        let metricText = String(decoding: bytes[..<index], as: UTF8.self).trimmingWhitespace()
        let thresholdText = String(decoding: bytes[(index + symbol.count)...], as: UTF8.self)
          .trimmingWhitespace()
        guard !metricText.isEmpty, !thresholdText.isEmpty,
          thresholdText.contains(where: { $0.isNumber })
        else { return nil }
        return MetricCriterion(
          metric: metricText, comparison: comparison, threshold: thresholdText, location: location)
      }
    }
    return nil
  }

  private static func decodeRollback(_ node: Node, sink: DiagnosticSink) -> RollbackPlan? {
    guard let fields = Fields(node, context: "the rollback plan", known: rollbackKeys, sink: sink)
    else { return nil }
    var runbook: Located<String>?
    if let path = fields.string("runbook", required: fields.has("runbook")) {
      if let problem = EvidenceRoot.problem(withPath: path) {
        sink.error(
          fields.location(of: "runbook"), "runbook path '\(path)': \(problem)",
          hint: "write paths relative to the evidence root (--root), inside it")
      } else {
        runbook = Located(path, at: fields.location(of: "runbook"))
      }
    }
    let section = fields.string("section", required: fields.has("section")).map {
      Located($0, at: fields.location(of: "section"))
    }
    let trigger = fields.strings("trigger", required: fields.has("trigger")) ?? []
    let maxMinutes = fields.int("max_minutes", in: 1...10_080).map {
      Located($0, at: fields.location(of: "max_minutes"))
    }
    let rehearsed = fields.date("rehearsed").map {
      Located($0, at: fields.location(of: "rehearsed"))
    }
    return RollbackPlan(
      runbook: runbook, section: section, trigger: trigger, maxMinutes: maxMinutes,
      rehearsed: rehearsed, location: node.location)
  }
}
