import Foundation

/// Rules on the forecast: freezes, deploy hours, the deadline and comms ahead of the start.
extension RolloutRules {
  /// `rollout.freeze`: no phase starts in a freeze and none is left in flight across one.
  ///
  /// The forecast never promotes inside a freeze, so the rule judges what the freeze does to the
  /// plan: a planned start inside a freeze, or a rollout in flight (started, not yet at 100 %)
  /// while a freeze runs — a phase left half-way through a holiday freeze.
  static let freeze = RolloutRule(
    id: "rollout.freeze", title: "No rollout step falls in or runs across a change freeze",
    severity: .blocker, category: .sre, parameters: [],
    remediation: "Move the start so the rollout reaches 100% before the freeze, or after it ends.",
    anchor: "freeze"
  ) { input in
    let plan = input.plan
    guard !plan.freezes.isEmpty else {
      return [.pass("the plan declares no freeze windows", evidence: input.at(plan.location))]
    }
    var findings: [Finding] = []
    let start = plan.start.value
    if let first = plan.phases.first, let window = plan.freezes.first(where: { $0.contains(start) })
    {
      let actual = input.schedule.phases.first.map { " and waits until " + input.local($0.start) }
      findings.append(
        .fail(
          "the first phase '\(first.name)' is planned to start at \(input.local(start)), inside "
            + "freeze '\(window.name)'" + (actual ?? ""),
          evidence: input.at(plan.start.location)))
    }
    let phases = input.schedule.phases
    let end = input.schedule.earliest100 ?? phases.last?.bakeEnd ?? start
    // One finding a phase: a calendar's weekly freeze can be crossed many times by one phase.
    for phase in phases where phase.start < end {
      let liveUntil = phase.promotedAt ?? end
      let crossed = plan.freezes.filter { $0.from.date < liveUntil && phase.start < $0.to.date }
      guard !crossed.isEmpty else { continue }
      let shown = crossed.prefix(3).map { "'\($0.name)' (\($0.from.text) to \($0.to.text))" }
      let windows =
        crossed.count == 1
        ? "freeze " + shown[0]
        : "\(crossed.count) freeze windows: " + shown.joined(separator: ", ")
          + (crossed.count > 3 ? " and \(crossed.count - 3) more" : "")
      findings.append(
        .fail(
          "phase '\(phase.name)' (\(phase.traffic?.text ?? phase.cohort ?? "")) is live from "
            + "\(input.local(phase.start)) to \(input.local(liveUntil)), across \(windows)",
          evidence: input.at(phase.location)))
    }
    guard findings.isEmpty else { return findings }
    // A calendar gives many windows of one name: each name once, the first few.
    var unique: [String] = []
    for freeze in plan.freezes where !unique.contains(freeze.name) {
      unique.append(freeze.name)
      if unique.count > 5 { break }
    }
    var names = unique.prefix(5).map { "'\($0)'" }.joined(separator: ", ")
    if unique.count > 5 { names += ", …" }
    return [
      .pass(
        "no phase starts in or runs across a freeze window (\(names))",
        evidence: input.at(plan.location(of: "freeze")))
    ]
  }

  /// `rollout.deploy-hours`: the planned start is inside deploy hours and every promotion can be
  /// placed in a deploy window within a year.
  static let deployHours = RolloutRule(
    id: "rollout.deploy-hours", title: "Every promotion falls inside deploy hours",
    severity: .major, category: .sre, parameters: [],
    remediation: "Plan the start inside deploy hours; promotions then wait for the next window.",
    anchor: "deploy_hours"
  ) { input in
    let plan = input.plan
    if let problem = input.schedule.problem {
      let phase = plan.phases.first { $0.name == input.schedule.unscheduled.first }
      return [.error(problem, evidence: input.at(phase?.location ?? plan.location))]
    }
    guard !plan.deployHours.isEmpty else {
      return [
        .pass(
          "the plan sets no deploy hours: promotions may happen at any time",
          evidence: input.at(plan.location))
      ]
    }
    let hours = plan.deployHours.map(\.summary).joined(separator: "; ")
    let start = plan.start.value
    if let first = plan.phases.first, !plan.deployHours.contains(where: { $0.contains(start) }) {
      let actual = input.schedule.phases.first.map { "; it waits until " + input.local($0.start) }
      return [
        .fail(
          "the first phase '\(first.name)' is planned to start at \(input.local(start)), outside "
            + "deploy hours (\(hours))" + (actual ?? ""),
          evidence: input.at(plan.start.location))
      ]
    }
    let waits = input.schedule.phases.filter { $0.waits.contains(.deployHours) }.count
    return [
      .pass(
        "every promotion falls inside deploy hours (\(hours)); "
          + "\(waits.plural("promotion")) wait for the next window",
        evidence: input.at(plan.location(of: "deploy_hours")))
    ]
  }

  /// `rollout.complete-by`: the forecast reaches 100 % by `complete_by`.
  static let completeBy = RolloutRule(
    id: "rollout.complete-by", title: "The forecast reaches 100% by complete_by",
    severity: .major, category: .sre, parameters: [],
    remediation: "Start earlier, shorten bakes, or agree a later complete_by.",
    anchor: "complete_by"
  ) { input in
    let plan = input.plan
    let schedule = input.schedule
    guard let deadline = plan.completeBy else {
      return [.pass("the plan sets no complete_by date", evidence: input.at(plan.location))]
    }
    let here = input.at(deadline.location)
    let due = "complete_by " + ScheduleRenderer.describe(deadline.value, in: plan.timeZone.value)
    if let problem = schedule.problem {
      return [.error("cannot forecast when the rollout reaches 100%: \(problem)", evidence: here)]
    }
    guard let full = schedule.earliest100,
      let phase = schedule.phases.first(where: {
        $0.start == full && ($0.traffic?.fraction ?? 0) >= 1
      })
    else {
      return [
        .fail("no phase sends 100% of traffic, so the rollout never meets \(due)", evidence: here)
      ]
    }
    let measured: [String: JSONValue] = [
      "earliest_100": .string(ScheduleRenderer.iso(full, in: plan.timeZone.value))
    ]
    let expected: [String: JSONValue] = [
      "complete_by": .string(ScheduleRenderer.iso(deadline.value.date, in: plan.timeZone.value))
    ]
    let gap = ScheduleRenderer.span(Int(abs(full.timeIntervalSince(deadline.value.date))))
    if full > deadline.value.date {
      return [
        Finding(
          .fail,
          "phase '\(phase.name)' reaches 100% at \(input.local(full)) at the earliest, "
            + "\(gap) after \(due)",
          evidence: here, measured: measured, expected: expected)
      ]
    }
    return [
      Finding(
        .pass, "phase '\(phase.name)' reaches 100% at \(input.local(full)), \(gap) before \(due)",
        evidence: here, measured: measured, expected: expected)
    ]
  }

  /// `rollout.comms-before-start`: each audience in `audiences` is told `min_lead` before start.
  static let commsBeforeStart = RolloutRule(
    id: "rollout.comms-before-start", title: "Support hears about the rollout before it starts",
    severity: .major, category: .support,
    parameters: [
      RuleParameter(
        "audiences", .strings(["support"]), "Audiences that must be told before the start."),
      RuleParameter(
        "min_lead", .duration(Timespan(seconds: 86_400, text: "1d")),
        "How long before the start they must be told."),
    ],
    remediation: "Add a comms entry for each audience at T-<lead> or earlier (e.g. when: T-2d).",
    anchor: "comms"
  ) { input in
    let lead = input.duration("min_lead")
    let where_ = input.at(input.plan.location(of: "comms"))
    var findings: [Finding] = []
    for audience in input.strings("audiences") {
      let items = input.plan.comms.filter { item in
        item.audience.contains { $0.lowercased() == audience.lowercased() }
      }
      let early = items.filter { $0.offset < 0 && -$0.offset >= lead.seconds }
      if let first = early.min(by: { $0.offset < $1.offset }) {
        findings.append(
          .pass(
            "\(audience) hears about it at \(first.when) on \(first.channel), at least "
              + "\(lead.text) before the start",
            evidence: input.at(first.location)))
      } else if items.isEmpty {
        findings.append(
          .fail("no comms to \(audience) are planned before the start", evidence: where_))
      } else {
        for item in items {
          findings.append(
            .fail(
              "comms to \(audience) on \(item.channel) come at \(item.when), less than "
                + "\(lead.text) before the start",
              evidence: input.at(item.location)))
        }
      }
    }
    return findings
  }
}
