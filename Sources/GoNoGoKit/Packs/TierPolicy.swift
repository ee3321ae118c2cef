import LocatedYAML

/// Applies a service tier to a checklist before anything is evaluated: gates whose `tiers` leave
/// the tier out, or whose `severity_by_tier` says `off` there, are removed (and listed as left
/// out); the others take the severity `severity_by_tier` gives them at the tier.
///
/// Every tier a definition names is checked here, whether or not a tier is applied, so that a
/// misspelt tier is an error at its line and column rather than a gate silently left in or out.
public enum TierPolicy {
  /// The tier names and tier a checklist is judged with when it belongs to a program.
  public struct Context: Sendable {
    /// The program's `tiers:` names.
    public var names: Located<[String]>?
    /// The workstream's `tier:`.
    public var tier: Located<TierToken>?
    /// The program file, for messages.
    public var programFile: String

    /// Creates a context.
    public init(names: Located<[String]>?, tier: Located<TierToken>?, programFile: String) {
      self.names = names
      self.tier = tier
      self.programFile = programFile
    }
  }

  /// The checklist with its tier applied; problems are reported to `sink`.
  public static func apply(
    to checklist: Checklist, program: Context?, sink: DiagnosticSink
  ) -> Checklist {
    var checklist = checklist
    var names = checklist.tierNames
    if let program, let programNames = program.names {
      if let own = checklist.tierNames, own.value != programNames.value {
        sink.error(
          own.location,
          "these tier names differ from the program's (\(programNames.value.joined(separator: ", ")) "
            + "at \(programNames.location))",
          hint: "the program names the tiers of every workstream; remove 'tiers' here")
      }
      names = programNames
    }
    var declared = checklist.tier
    if let program, let workstreamTier = program.tier {
      if let own = checklist.tier,
        resolve(own, names: names, sink: DiagnosticSink())
          != resolve(workstreamTier, names: names, sink: DiagnosticSink())
      {
        sink.error(
          own.location,
          "the checklist says tier \(own.value) but its workstream in \(program.programFile) "
            + "says tier \(workstreamTier.value) (at \(workstreamTier.location))",
          hint: "declare the tier in one place: the program's workstream")
      }
      declared = workstreamTier
    }
    var applied: ServiceTier?
    if let declared, let level = resolve(declared, names: names, sink: sink) {
      applied = ServiceTier(
        level: level, name: names.map { $0.value[level - 1] }, location: declared.location)
    }
    var kept: [Gate] = []
    var excluded: [TierExclusion] = []
    for var gate in checklist.gates {
      let decision = decide(gate, tier: applied, names: names, sink: sink)
      switch decision {
      case .keep(let severity, let note):
        gate.severity = severity
        gate.tierNote = note
        kept.append(gate)
      case .leaveOut(let reason, let ruleLocation):
        excluded.append(
          TierExclusion(gate, reason: reason, ruleLocation: ruleLocation))
      }
    }
    checklist.gates = kept
    checklist.appliedTier = applied
    checklist.excludedByTier = excluded
    return checklist
  }

  /// The tier a program's workstream declares, for a workstream that has only rollout plans.
  static func tier(of context: Context, sink: DiagnosticSink) -> ServiceTier? {
    guard let declared = context.tier,
      let level = resolve(declared, names: context.names, sink: sink)
    else { return nil }
    return ServiceTier(
      level: level, name: context.names.map { $0.value[level - 1] }, location: declared.location)
  }

  /// Whether a gate is judged at a tier, and at which severity.
  enum Decision: Equatable {
    case keep(Severity, note: String?)
    case leaveOut(reason: String, ruleLocation: SourceLocation)
  }

  static func decide(
    _ gate: Gate, tier: ServiceTier?, names: Located<[String]>?, sink: DiagnosticSink
  )
    -> Decision
  {
    guard let rules = gate.tierRules else {
      return .keep(
        gate.severity,
        note: tier.map { "applies at every tier; at \($0.label) it is \(gate.severity.rawValue)" })
    }
    var levels: [Int]?
    if let tiers = rules.tiers {
      levels = []
      for token in tiers {
        guard let level = resolve(token, names: names, sink: sink) else { continue }
        if levels?.contains(level) == true {
          sink.error(token.location, "tier \(token.value) is listed twice in 'tiers'")
        } else {
          levels?.append(level)
        }
      }
    }
    var byTier: [Int: (TierSeverity, SourceLocation)] = [:]
    for entry in rules.severityByTier {
      guard let level = resolve(entry.tier, names: names, sink: sink) else { continue }
      if byTier[level] != nil {
        sink.error(
          entry.tier.location, "tier \(level) is given twice in 'severity_by_tier'",
          hint: "a tier's number and its name are the same tier")
        continue
      }
      if let levels, !levels.contains(level) {
        sink.error(
          entry.tier.location,
          "'severity_by_tier' sets tier \(entry.tier.value), which 'tiers' leaves out",
          hint: "add the tier to 'tiers' or remove this entry")
        continue
      }
      byTier[level] = (entry.severity, entry.tier.location)
    }
    guard let tier else { return .keep(gate.severity, note: nil) }
    // The tiers as written (`[critical, 2]`), so the reason reads like the definition.
    let list = rules.tiers.map { "[" + $0.map(\.value.description).joined(separator: ", ") + "]" }
    if let levels, !levels.contains(tier.level), let location = rules.tiersLocation {
      return .leaveOut(
        reason: "its tiers \(list ?? "") do not include \(tier.label)", ruleLocation: location)
    }
    if let (severity, location) = byTier[tier.level] {
      switch severity {
      case .off:
        return .leaveOut(
          reason: "severity_by_tier switches it off at \(tier.label)", ruleLocation: location)
      case .severity(let severity):
        return .keep(
          severity,
          note: "applies at \(tier.label) as \(severity.rawValue), set by severity_by_tier at "
            + "\(location) (written severity: \(gate.severity.rawValue))")
      }
    }
    let scope = list.map { "its tiers \($0) include \(tier.label)" } ?? "applies at every tier"
    return .keep(
      gate.severity, note: "\(scope); at \(tier.label) it is \(gate.severity.rawValue) as written")
  }

  /// The level a tier names, or nil (reported) when it names none.
  static func resolve(_ token: Located<TierToken>, names: Located<[String]>?, sink: DiagnosticSink)
    -> Int?
  {
    switch token.value {
    case .number(let number): return number
    case .name(let name):
      guard let names else {
        sink.error(
          token.location, "tier '\(name)' is not declared",
          hint: "use 1, 2 or 3, or name the tiers with 'tiers: [critical, standard, experimental]' "
            + "at the top of the checklist (or the program)")
        return nil
      }
      guard let index = names.value.firstIndex(of: name) else {
        sink.error(
          token.location,
          "tier '\(name)' is not one of the tiers \(names.value.joined(separator: ", "))"
            + Suggestion.didYouMean(name, in: names.value),
          hint: "the tiers are named at \(names.location)")
        return nil
      }
      return index + 1
    }
  }
}
