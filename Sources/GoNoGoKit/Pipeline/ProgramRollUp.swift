import Foundation

/// Evaluates each workstream of a program on its own and rolls the results up into one report
/// with a verdict per workstream and one overall.
enum ProgramRollUp {
  static func run(
    _ program: Program, workstreams: [WorkstreamDefinitions], root: URL?, now: Date,
    enforceAdvisory: Bool = false, release: ReleaseIdentity = .unknown
  ) -> Report {
    var gates: [GateResult] = []
    var waivers: [WaiverResult] = []
    var diagnostics: [Diagnostic] = []
    var sources = [program.file]
    var rollout: [Schedule] = []
    var results: [WorkstreamResult] = []
    var excluded: [TierExclusion] = []
    let reports = Parallel.map(workstreams) { item in
      Evaluation.run(
        item.definitions, root: root, now: now, workstream: item.workstream.name,
        enforceAdvisory: enforceAdvisory, release: release)
    }
    gates.reserveCapacity(reports.reduce(0) { $0 + $1.gates.count })
    for (item, report) in zip(workstreams, reports) {
      let name = item.workstream.name
      gates += report.gates
      waivers += report.waivers
      diagnostics += report.diagnostics
      sources += report.sources
      rollout += report.rollout
      excluded += report.excludedByTier
      var result = WorkstreamResult(
        name: name, owner: item.workstream.owner, verdict: report.verdict,
        sources: report.sources, summary: report.summary)
      result.tier = report.tier
      results.append(result)
    }
    var report = Report(
      verdict: VerdictRules.verdict(gates: gates, waivers: waivers), now: now,
      program: program.program, release: program.release, sources: sources, gates: gates,
      waivers: waivers, diagnostics: diagnostics.sorted())
    report.rollout = rollout
    report.workstreams = results
    report.evidenceInputs = reports.flatMap(\.evidenceInputs)
    report.excludedByTier = excluded
    return report
  }
}
