import Foundation

/// Rules on the way back: a trigger and a runbook, the runbook's section, rehearsal, speed.
extension RolloutRules {
  /// `rollout.rollback-defined`: the plan names a rollback trigger and a runbook.
  static let rollbackDefined = RolloutRule(
    id: "rollout.rollback-defined", title: "The rollback has a trigger and a runbook",
    severity: .blocker, category: .sre, parameters: [],
    remediation: "Add rollback: with runbook: <path> and trigger: <metric criterion>.",
    anchor: "rollback"
  ) { input in
    guard let rollback = input.plan.rollback else {
      return [
        .fail(
          "the plan has no rollback section: nothing says when or how to roll back",
          evidence: input.at(input.plan.location))
      ]
    }
    var findings: [Finding] = []
    if rollback.runbook == nil {
      findings.append(
        .fail("the rollback plan names no runbook", evidence: input.at(rollback.location)))
    }
    if rollback.trigger.isEmpty {
      findings.append(
        .fail(
          "the rollback plan names no trigger: nothing says when to roll back",
          evidence: input.at(rollback.location)))
    }
    guard findings.isEmpty, let runbook = rollback.runbook else { return findings }
    let triggers = rollback.trigger.map { "'\($0.value)'" }.joined(separator: ", ")
    return [
      .pass(
        "rollback is triggered by \(triggers) and follows \(runbook.value)",
        evidence: input.at(rollback.location))
    ]
  }

  /// `rollout.runbook-section`: the runbook exists and has the rollback section.
  static let runbookSection = RolloutRule(
    id: "rollout.runbook-section", title: "The rollback runbook has the rollback section",
    severity: .blocker, category: .sre, parameters: [],
    remediation: "Write the rollback steps under the named heading of the runbook.",
    anchor: "rollback"
  ) { input in
    guard let rollback = input.plan.rollback, let runbook = rollback.runbook else {
      return [
        .fail(
          "the plan names no rollback runbook, so its rollback section cannot be checked",
          evidence: input.at(input.plan.rollback?.location ?? input.plan.location))
      ]
    }
    let section = rollback.sectionName
    let here = input.at(rollback.section?.location ?? runbook.location)
    let (files, errors) = input.context.files(EvidenceSelector([runbook]))
    guard errors.isEmpty, let file = files.first else {
      return errors.map { Finding(.error, $0.message, evidence: input.at(runbook.location)) }
    }
    switch input.context.cache.document(MarkdownEvidenceReader.self, for: file) {
    case .failure(let error):
      return [.error(error.message, evidence: input.at(runbook.location))]
    case .success(let evidence):
      if evidence.isBlank {
        return [.fail("\(file.path) is empty", evidence: input.at(runbook.location))]
      }
      let wanted = section.trimmingWhitespace().lowercased()
      guard
        let heading = evidence.document.headings.first(where: { $0.text.lowercased() == wanted })
      else {
        return [.fail("\(file.path) has no '\(section)' section", evidence: here)]
      }
      return [
        .pass(
          "\(file.path) has the '\(heading.text)' section (line \(heading.line))", evidence: here)
      ]
    }
  }

  /// `rollout.rehearsed`: the rollback was rehearsed within `within` of now.
  static let rehearsed = RolloutRule(
    id: "rollout.rehearsed", title: "The rollback was rehearsed recently",
    severity: .major, category: .sre,
    parameters: [
      RuleParameter(
        "within", .duration(Timespan(seconds: 90 * 86_400, text: "90d")),
        "Longest time since the last rollback rehearsal.")
    ],
    remediation:
      "Rehearse the rollback (e.g. in staging) and record the date under rollback.rehearsed.",
    anchor: "rollback"
  ) { input in
    let within = input.duration("within")
    guard let rollback = input.plan.rollback, let date = rollback.rehearsed else {
      return [
        .fail(
          "the rollback plan has no 'rehearsed' date: the rollback has never been rehearsed",
          evidence: input.at(input.plan.rollback?.location ?? input.plan.location))
      ]
    }
    let seconds = input.context.now.timeIntervalSince(date.value.start)
    let here = input.at(date.location)
    if seconds < 0 {
      return [
        .fail(
          "the rollback rehearsal date \(date.value.text) is in the future; a rehearsal "
            + "counts once it has happened",
          evidence: here)
      ]
    }
    let age = Freshness.describe(seconds: seconds)
    let measured: [String: JSONValue] = ["rehearsed": .string(date.value.text)]
    let expected: [String: JSONValue] = ["within": .string(within.text)]
    if seconds > Double(within.seconds) {
      return [
        Finding(
          .fail,
          "the rollback was last rehearsed on \(date.value.text), \(age) ago; it must be rehearsed "
            + "within \(within.text)",
          evidence: here, measured: measured, expected: expected)
      ]
    }
    return [
      Finding(
        .pass,
        "the rollback was rehearsed on \(date.value.text), \(age) ago (within \(within.text))",
        evidence: here, measured: measured, expected: expected)
    ]
  }

  /// `rollout.rollback-within-bake`: a rollback fits inside the shortest bake.
  static let rollbackWithinBake = RolloutRule(
    id: "rollout.rollback-within-bake",
    title: "A rollback finishes within the shortest bake time",
    severity: .major, category: .sre, parameters: [],
    remediation: "Make the rollback faster, or bake the short phases longer than max_minutes.",
    anchor: "rollback"
  ) { input in
    guard let rollback = input.plan.rollback, let limit = rollback.maxMinutes else {
      return [
        .fail(
          "the rollback plan has no max_minutes: nothing says how long a rollback takes",
          evidence: input.at(input.plan.rollback?.location ?? input.plan.location))
      ]
    }
    let baked = input.plan.phases.filter { $0.bake != nil }
    guard let shortest = baked.min(by: { ($0.bake?.seconds ?? 0) < ($1.bake?.seconds ?? 0) }),
      let bake = shortest.bake
    else {
      return [
        .fail(
          "no phase has a bake time to hold a \(limit.value)-minute rollback",
          evidence: input.at(limit.location))
      ]
    }
    let measured: [String: JSONValue] = ["max_minutes": .int(limit.value)]
    let expected: [String: JSONValue] = ["shortest_bake": .string(bake.text)]
    if limit.value * 60 > bake.seconds {
      return [
        Finding(
          .fail,
          "a rollback may take \(limit.value) minutes, longer than phase '\(shortest.name)' bakes "
            + "(\(bake.text)): the phase could be promoted before a rollback finishes",
          evidence: input.at(shortest.location), measured: measured, expected: expected)
      ]
    }
    return [
      Finding(
        .pass,
        "a rollback takes at most \(limit.value) minutes, within the shortest bake (phase "
          + "'\(shortest.name)', \(bake.text))",
        evidence: input.at(limit.location), measured: measured, expected: expected)
    ]
  }
}
