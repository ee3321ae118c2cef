import Foundation
import LocatedYAML
import Testing

@testable import GoNoGoKit

/// A sound canary plan; tests change single lines so the line numbers below stay put.
///
/// Phases start on lines 16 (canary), 21 (early), 25 (half) and 29 (full), column 5.
let basePlan = """
  service: checkout-api
  owner: team-release
  start: 2026-12-01T09:00:00-05:00
  timezone: America/New_York
  strategy: canary
  complete_by: 2026-12-04
  deploy_hours:
    days: [mon-thu]
    from: "09:00"
    to: "16:00"
  freeze:
    - name: holiday
      from: 2026-12-19
      to: 2027-01-04
  phases:
    - name: canary
      traffic: 1%
      bake: 2h
      promote_when: [error_rate < 0.5%]
      rollback_when: [error_rate > 2% for 5m]
    - name: early
      traffic: 10%
      bake: 4h
      promote_when: [error_rate < 0.5%]
    - name: half
      traffic: 50%
      bake: 24h
      promote_when: [error_rate < 0.5%]
    - name: full
      traffic: 100%
  rollback:
    runbook: docs/runbook.md
    section: Rollback
    trigger: error_rate > 2% for 5m
    max_minutes: 15
    rehearsed: 2026-11-20
  feature_flags:
    - key: checkout-v2
      default: false
      kill_switch: true
      owner: team-payments
  migrations:
    - name: add-notes-column
      reversible: true
      backout: drop the column
    - name: drop-legacy-table
      reversible: false
      backout: restore from the nightly snapshot
  comms:
    - audience: support
      channel: "#support-announce"
      when: T-2d

  """

/// The runbook the base plan points at.
let runbookFiles = [
  "docs/runbook.md":
    "# Runbook\n\n## Rollback\n\nRun the rollback job, then watch the error rate.\n"
]

extension String {
  /// The text with line `number` (1-based) replaced; `nil` blanks it, keeping the numbering.
  func replacingLine(_ number: Int, with line: String?) -> String {
    var lines = components(separatedBy: "\n")
    lines[number - 1] = line ?? ""
    return lines.joined(separator: "\n")
  }

  /// The text with every occurrence of `old` replaced by `new`.
  func with(_ old: String, _ new: String) -> String {
    replacingOccurrences(of: old, with: new)
  }
}

/// Decodes a plan text as `rollout.yaml`, returning the plan and the sorted diagnostics.
func decodePlan(_ yaml: String) throws -> (RolloutPlan?, [Diagnostic]) {
  let node = try Loader().load(yaml, file: "rollout.yaml")
  let sink = DiagnosticSink()
  let plan = RolloutDecoder.decode(node, file: "rollout.yaml", sink: sink)
  return (plan, sink.diagnostics.sorted())
}

/// Decodes a plan text that must be valid.
func plan(_ yaml: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws
  -> RolloutPlan
{
  let (plan, diagnostics) = try decodePlan(yaml)
  #expect(diagnostics.isEmpty, "\(diagnostics)", sourceLocation: sourceLocation)
  return try #require(plan, sourceLocation: sourceLocation)
}

/// Runs one rollout rule on a plan text, with the runbook files in a temporary evidence root.
func judge(
  _ id: String, _ yaml: String, files: [String: String] = runbookFiles, now: Date = releaseDay,
  sourceLocation: Testing.SourceLocation = #_sourceLocation
) throws -> [Finding] {
  let plan = try plan(yaml, sourceLocation: sourceLocation)
  let rule = try #require(RolloutRules.rule(id), sourceLocation: sourceLocation)
  let root = try TempRoot(files)
  return RolloutRules.judge(
    rule, plan: plan, schedule: Schedule.forecast(plan),
    context: EvaluationContext(cache: root.cache, now: now))
}

/// The place a finding points at in the test plan.
func planLine(_ line: Int, _ column: Int) -> EvidenceLocation {
  EvidenceLocation(file: "rollout.yaml", line: line, column: column)
}

/// An instant written as RFC 3339.
func instant(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws
  -> Date
{
  try #require(DateValue(parsing: text)?.start, sourceLocation: sourceLocation)
}

/// The schedule's phases as (name, start, promoted) in the plan's zone, for exact comparisons.
func timeline(_ schedule: Schedule) -> [String] {
  schedule.phases.map { phase in
    let zone = schedule.timeZone
    var line = "\(phase.name) \(ScheduleRenderer.iso(phase.start, in: zone))"
    line += " bake-end \(ScheduleRenderer.iso(phase.bakeEnd, in: zone))"
    if !phase.waits.isEmpty { line += " waited " + phase.waits.map(\.code).joined(separator: ",") }
    return line
  }
}
