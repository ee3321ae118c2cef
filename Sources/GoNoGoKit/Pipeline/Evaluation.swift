import Foundation

/// Evaluates loaded checklists against their evidence and produces the report.
public enum Evaluation {
  /// Evaluates every gate of every checklist and every rollout rule of every plan.
  /// - Parameters:
  ///   - root: the evidence root; nil means each checklist's or plan's own directory.
  ///   - now: "today" for expiry and freshness.
  ///   - enforceAdvisory: judge gates still before their `advisory_until` day as enforced.
  ///   - release: the release the evidence must describe (revision binding).
  public static func run(
    _ definitions: Definitions, root: URL?, now: Date, enforceAdvisory: Bool = false,
    release: ReleaseIdentity = .unknown
  ) -> Report {
    if let program = definitions.program {
      return ProgramRollUp.run(
        program, workstreams: definitions.workstreams, root: root, now: now,
        enforceAdvisory: enforceAdvisory, release: release)
    }
    return run(
      definitions, root: root, now: now, workstream: nil, enforceAdvisory: enforceAdvisory,
      release: release)
  }

  /// `run(_:root:now:)` for checklists and plans that are not a program; `workstream` names the
  /// program's workstream they belong to, if any, on every gate and waiver.
  static func run(
    _ definitions: Definitions, root: URL?, now: Date, workstream: String?,
    enforceAdvisory: Bool = false, release: ReleaseIdentity = .unknown
  ) -> Report {
    var evaluated: [VerdictRules.Evaluated] = []
    var disabled: [DisabledGate] = []
    var waivers: [Waiver] = []
    var caches = Caches(root: root)
    // The evidence root of each evaluated gate, as the user would write it.
    var roots: [String] = []
    let givenRoot = root?.relativePath
    for checklist in definitions.checklists {
      let cache = caches.cache(forDefinitionsIn: checklist.file)
      let context = EvaluationContext(cache: cache, now: now, release: release)
      let active = checklist.gates.filter { gate in
        !checklist.disabled.contains { $0.id == gate.id }
      }
      let results = evaluate(active, context: context)
      roots += Array(
        repeating: givenRoot ?? (checklist.file as NSString).deletingLastPathComponent,
        count: checklist.gates.count)
      for gate in checklist.gates {
        if let index = active.firstIndex(where: { $0.id == gate.id }) {
          evaluated.append(results[index])
        } else {
          evaluated.append(VerdictRules.Evaluated(gate: gate, findings: [], evidence: []))
        }
      }
      disabled += checklist.disabled
      waivers += checklist.waivers
    }
    var schedules: [Schedule] = []
    var excludedRules: [TierExclusion] = []
    let tier = definitions.tier
    for plan in definitions.plans {
      let cache = caches.cache(forDefinitionsIn: plan.file)
      let schedule = Schedule.forecast(plan)
      let outcome = RolloutGates.evaluate(
        plan, schedule: schedule,
        context: EvaluationContext(cache: cache, now: now, release: release),
        qualifier: definitions.plans.count > 1 ? plan.service : nil, tier: tier)
      evaluated += outcome.evaluated
      excludedRules += outcome.excludedByTier
      roots += Array(
        repeating: givenRoot ?? (plan.file as NSString).deletingLastPathComponent,
        count: outcome.evaluated.count)
      disabled += outcome.disabled
      waivers += outcome.waivers
      schedules.append(schedule)
    }
    let first = definitions.checklists.first
    let plan = definitions.plans.first
    var report = VerdictRules.report(
      program: first?.program ?? plan?.service ?? "",
      release: first?.release ?? plan?.release ?? "",
      sources: definitions.checklists.map(\.file) + definitions.plans.map(\.file),
      evaluated: evaluated, disabled: disabled, waivers: waivers,
      diagnostics: definitions.diagnostics, now: now, enforceAdvisory: enforceAdvisory)
    report.rollout = schedules
    report.tier = tier
    report.excludedByTier = (definitions.checklists.flatMap(\.excludedByTier) + excludedRules).map {
      var exclusion = $0
      exclusion.workstream = workstream
      return exclusion
    }
    for index in report.gates.indices {
      if index < roots.count { report.gates[index].evidenceRoot = roots[index] }
      if index < evaluated.count {
        report.gates[index].pack = evaluated[index].gate.pack
        report.gates[index].tierNote = evaluated[index].gate.tierNote
      }
      report.gates[index].workstream = workstream
    }
    for index in report.waivers.indices { report.waivers[index].workstream = workstream }
    report.evidenceInputs = caches.inputs
    return report
  }

  /// One evidence cache per evidence root, so that each file is read once per run.
  private struct Caches {
    let root: URL?
    private var byRoot: [String: EvidenceCache] = [:]
    private var byDirectory: [String: EvidenceCache] = [:]
    /// Each cache with the root as the user named it (`--root`, else the definition's directory).
    private var named: [(cache: EvidenceCache, prefix: String)] = []

    init(root: URL?) { self.root = root }

    /// Every evidence file the run's checks resolved, named from the root as the user gave it.
    var inputs: [InputFile] {
      named.flatMap { entry in
        entry.cache.usedFiles.map { file in
          InputFile(path: Caches.join(entry.prefix, file.path), url: file.url)
        }
      }
    }

    static func join(_ prefix: String, _ path: String) -> String {
      if prefix.isEmpty || prefix == "." { return path }
      return prefix.hasSuffix("/") ? prefix + path : prefix + "/" + path
    }

    /// The cache for the evidence of a definition file: `--root`, else the file's directory.
    mutating func cache(forDefinitionsIn file: String) -> EvidenceCache {
      // A checklist and its plan share a directory: the directory as written is looked up first.
      let directory = root == nil ? (file as NSString).deletingLastPathComponent : ""
      if let cache = byDirectory[directory] { return cache }
      let url =
        root
        ?? URL(fileURLWithPath: directory.isEmpty ? "." : directory, isDirectory: true)
        .standardizedFileURL
      let cache: EvidenceCache
      if let known = byRoot[url.path] {
        cache = known
      } else {
        cache = EvidenceCache(root: EvidenceRoot(url))
        named.append((cache, root?.relativePath ?? directory))
      }
      byRoot[url.path] = cache
      byDirectory[directory] = cache
      return cache
    }
  }

  /// Evaluates gates concurrently; results keep the gates' order.
  static func evaluate(_ gates: [Gate], context: EvaluationContext) -> [VerdictRules.Evaluated] {
    Parallel.map(gates) { gate in
      var findings: [Finding] = []
      for check in gate.checks {
        let kind = type(of: check).description.kind
        let own = check.evaluate(context) + EvidenceBinding.evaluate(check, kind: kind, context: context)
        findings += own.map { finding in
          var finding = finding
          finding.kind = kind
          return finding
        }
      }
      var evidence: [String] = []
      for check in gate.checks {
        for pattern in check.evidence.patterns where !Glob.isPattern(pattern.value) {
          let path = EvidenceRoot.normalize(pattern.value)
          if !evidence.contains(path) { evidence.append(path) }
        }
      }
      for finding in findings {
        if let file = finding.evidence?.file, !evidence.contains(file) { evidence.append(file) }
      }
      return VerdictRules.Evaluated(gate: gate, findings: findings, evidence: evidence)
    }
  }
}
