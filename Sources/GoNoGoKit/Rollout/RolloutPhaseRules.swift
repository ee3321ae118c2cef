import Foundation

/// Rules on the shape of the phases: small start, rising traffic, bake times, criteria.
extension RolloutRules {
  /// `rollout.first-phase-small`: the first phase sends at most `max_traffic`.
  static let firstPhaseSmall = RolloutRule(
    id: "rollout.first-phase-small", title: "The first phase exposes only a small share of traffic",
    severity: .blocker, category: .sre,
    parameters: [
      RuleParameter(
        "max_traffic", .percentage(Percentage(fraction: 0.05, text: "5%")),
        "Most traffic the first phase may send.")
    ],
    remediation: "Start with a canary of at most the allowed share, or a named internal cohort.",
    anchor: "phases"
  ) { input in
    guard let first = input.plan.phases.first else { return [.fail("the plan has no phases")] }
    let limit = input.percentage("max_traffic")
    guard let traffic = first.traffic else {
      return [
        .pass(
          "first phase '\(first.name)' is limited to the cohort '\(first.cohort ?? "")'",
          evidence: input.at(first.location))
      ]
    }
    let measured: [String: JSONValue] = ["traffic": .string(traffic.text)]
    let expected: [String: JSONValue] = ["max_traffic": .string(limit.text)]
    if traffic.fraction > limit.fraction + 1e-12 {
      return [
        Finding(
          .fail,
          "first phase '\(first.name)' sends \(traffic.text) of traffic, more than the "
            + "\(limit.text) allowed for a first phase",
          evidence: input.at(first.location), measured: measured, expected: expected)
      ]
    }
    return [
      Finding(
        .pass,
        "first phase '\(first.name)' sends \(traffic.text) of traffic, within the "
          + "\(limit.text) allowed",
        evidence: input.at(first.location), measured: measured, expected: expected)
    ]
  }

  /// `rollout.traffic-rising`: every phase sends more than the one before; the last sends 100 %.
  static let trafficRising = RolloutRule(
    id: "rollout.traffic-rising", title: "Traffic rises at every phase and ends at 100%",
    severity: .blocker, category: .sre, parameters: [],
    remediation: "Order the phases by rising traffic and end with a phase at traffic: 100%.",
    anchor: "phases"
  ) { input in
    var findings: [Finding] = []
    var previous: Phase?
    for phase in input.plan.phases {
      guard let traffic = phase.traffic else { continue }
      if let previous, let before = previous.traffic, traffic.fraction <= before.fraction {
        findings.append(
          .fail(
            "phase '\(phase.name)' sends \(traffic.text) of traffic, no more than phase "
              + "'\(previous.name)' before it (\(before.text)); traffic must rise at every phase",
            evidence: input.at(phase.location)))
      }
      previous = phase
    }
    if let last = input.plan.phases.last {
      if let traffic = last.traffic, traffic.fraction < 1 {
        findings.append(
          .fail(
            "the last phase '\(last.name)' sends \(traffic.text) of traffic; the rollout must "
              + "end at 100%",
            evidence: input.at(last.location)))
      } else if last.traffic == nil {
        findings.append(
          .fail(
            "the last phase '\(last.name)' targets the cohort '\(last.cohort ?? "")', not 100% of "
              + "traffic; the rollout must end at 100%",
            evidence: input.at(last.location)))
      }
    }
    guard findings.isEmpty else { return findings }
    let steps = input.plan.phases.compactMap { $0.traffic?.text }.joined(separator: " → ")
    return [.pass("traffic rises \(steps)", evidence: input.at(input.plan.location(of: "phases")))]
  }

  /// `rollout.bake-time`: every phase before the last bakes at least `min_bake`.
  static let bakeTime = RolloutRule(
    id: "rollout.bake-time", title: "Every phase before the last bakes long enough",
    severity: .blocker, category: .sre,
    parameters: [
      RuleParameter(
        "min_bake", .duration(Timespan(seconds: 3600, text: "1h")),
        "Shortest bake allowed for a phase before the last.")
    ],
    remediation: "Give every phase before the last a bake time of at least the minimum.",
    anchor: "phases"
  ) { input in
    let minimum = input.duration("min_bake")
    let phases = input.plan.phases.dropLast()
    guard !phases.isEmpty else {
      return [
        .pass(
          "the plan has a single phase: there is no promotion to bake before",
          evidence: input.at(input.plan.location(of: "phases")))
      ]
    }
    var findings: [Finding] = []
    for phase in phases {
      guard let bake = phase.bake else {
        findings.append(
          Finding(
            .fail,
            "phase '\(phase.name)' has no bake time; every phase before the last must bake at "
              + "least \(minimum.text)",
            evidence: input.at(phase.location), expected: ["min_bake": .string(minimum.text)]))
        continue
      }
      if bake < minimum {
        findings.append(
          Finding(
            .fail,
            "phase '\(phase.name)' bakes \(bake.text), less than the minimum \(minimum.text)",
            evidence: input.at(phase.location), measured: ["bake": .string(bake.text)],
            expected: ["min_bake": .string(minimum.text)]))
      }
    }
    guard findings.isEmpty else { return findings }
    let shortest = phases.min { ($0.bake?.seconds ?? 0) < ($1.bake?.seconds ?? 0) }
    return [
      .pass(
        "every phase before the last bakes at least \(minimum.text) (shortest: phase "
          + "'\(shortest?.name ?? "")', \(shortest?.bake?.text ?? ""))",
        evidence: input.at(input.plan.location(of: "phases")))
    ]
  }

  /// `rollout.promotion-criteria`: every phase before the last says when it may be promoted.
  static let promotionCriteria = RolloutRule(
    id: "rollout.promotion-criteria", title: "Every phase before the last has promotion criteria",
    severity: .major, category: .sre, parameters: [],
    remediation: "Add promote_when metric criteria (e.g. error_rate < 0.5%) to every phase "
      + "before the last.",
    anchor: "phases"
  ) { input in
    let phases = input.plan.phases.dropLast()
    let missing = phases.filter { $0.promoteWhen.isEmpty }
    guard missing.isEmpty else {
      return missing.map { phase in
        .fail(
          "phase '\(phase.name)' has no promote_when criteria: nothing says when it is safe "
            + "to promote",
          evidence: input.at(phase.location))
      }
    }
    let message =
      phases.isEmpty
      ? "the plan has a single phase: there is no promotion to decide"
      : "every phase before the last has promote_when criteria"
    return [.pass(message, evidence: input.at(input.plan.location(of: "phases")))]
  }
}
