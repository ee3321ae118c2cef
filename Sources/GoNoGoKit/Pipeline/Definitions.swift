import Foundation
import LocatedYAML

/// Finds and loads definition files (checklists and rollout plans), collecting every diagnostic.
public struct Definitions: Sendable {
  /// The checklist names searched for in a directory, in order.
  public static let fileNames = ["readiness.yaml", "gonogo.yaml"]

  /// The checklists that decoded without errors.
  public var checklists: [Checklist]
  /// The rollout plans that decoded without errors.
  public var plans: [RolloutPlan] = []
  /// Everything found wrong (errors and warnings), sorted by location.
  public var diagnostics: [Diagnostic]
  /// The program file, when the paths named one; its workstreams are then loaded separately.
  public var program: Program?
  /// Each workstream of the program with its own definitions.
  public var workstreams: [WorkstreamDefinitions] = []
  /// The service tier the definitions are judged at: the checklists' (or, with no checklist,
  /// the program workstream's); it also weighs the rollout rules of the plans.
  public var tier: ServiceTier?

  /// True when any diagnostic is an error: nothing may be evaluated.
  public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

  /// Loads the definitions named by `paths`: files (a rollout plan when named `rollout.yaml` or
  /// `*.rollout.yaml`, else a checklist), or directories searched for `fileNames` and
  /// `rollout.yaml`.
  public static func load(paths: [String], limits: Limits = .default) -> Definitions {
    let programs = (paths.isEmpty ? ["."] : paths).compactMap(programFile)
    if let file = programs.first {
      guard paths.count == 1 else {
        return Definitions(
          checklists: [],
          diagnostics: [
            Diagnostic(
              at: SourceLocation(file: file, line: 1, column: 1),
              "a program is checked on its own; pass only \(file)",
              hint: "list the other checklists as workstreams of the program")
          ])
      }
      return loadProgram(file, limits: limits)
    }
    return loadFiles(paths: paths, limits: limits)
  }

  /// The program file a path names: `program.yaml` / `*.program.yaml`, or a directory holding
  /// `program.yaml`.
  static func programFile(_ path: String) -> String? {
    guard let kind = PathKind.of(path) else { return nil }
    if kind != .directory { return ProgramDecoder.isProgram(path) ? path : nil }
    let candidate = (path as NSString).appendingPathComponent("program.yaml")
    guard PathKind.of(candidate) != nil else { return nil }
    return candidate.hasPrefix("./") ? String(candidate.dropFirst(2)) : candidate
  }

  private static func loadProgram(_ file: String, limits: Limits) -> Definitions {
    let sink = DiagnosticSink()
    guard let program = ProgramDecoder.load(file, limits: limits, sink: sink) else {
      return Definitions(checklists: [], diagnostics: sink.diagnostics.sorted())
    }
    let directory = (file as NSString).deletingLastPathComponent
    var diagnostics = sink.diagnostics
    var workstreams: [WorkstreamDefinitions] = []
    let loaded = Parallel.map(program.workstreams) { workstream -> Either in
      let paths = workstream.paths.map { path in
        directory.isEmpty ? path.value : (directory as NSString).appendingPathComponent(path.value)
      }
      if let nested = paths.first(where: { programFile($0) != nil }) {
        return .nested(
          Diagnostic(
            at: workstream.location,
            "workstream '\(workstream.name)' names another program (\(nested)); programs do not nest"
          ))
      }
      let tiers = TierPolicy.Context(
        names: program.tierNames, tier: workstream.tier, programFile: file)
      return .loaded(loadFiles(paths: paths, limits: limits, tiers: tiers))
    }
    for (workstream, result) in zip(program.workstreams, loaded) {
      switch result {
      case .nested(let diagnostic): diagnostics.append(diagnostic)
      case .loaded(let definitions):
        diagnostics += definitions.diagnostics
        workstreams.append(WorkstreamDefinitions(workstream: workstream, definitions: definitions))
      }
    }
    var result = Definitions(checklists: [], diagnostics: diagnostics.sorted())
    result.program = program
    result.workstreams = workstreams
    return result
  }

  /// A workstream's definitions, or why it cannot have any.
  private enum Either: Sendable {
    case loaded(Definitions)
    case nested(Diagnostic)
  }

  private static func loadFiles(
    paths: [String], limits: Limits, tiers: TierPolicy.Context? = nil
  ) -> Definitions {
    var files: [String] = []
    var planFiles: [String] = []
    var diagnostics: [Diagnostic] = []
    for path in paths.isEmpty ? ["."] : paths {
      guard let kind = PathKind.of(path) else {
        diagnostics.append(
          Diagnostic(
            at: SourceLocation(file: path, line: 1, column: 1), "no such file or directory",
            hint: "pass a readiness.yaml, a rollout.yaml or a directory that holds one"))
        continue
      }
      if kind == .directory {
        let found = fileNames.map { (path as NSString).appendingPathComponent($0) }
          .filter { PathKind.of($0) != nil }
          .map { $0.hasPrefix("./") ? String($0.dropFirst(2)) : $0 }
        let plan = RolloutPlanLoader.plan(in: path)
        if found.isEmpty && plan == nil {
          diagnostics.append(
            Diagnostic(
              at: SourceLocation(file: path, line: 1, column: 1),
              "the directory holds no "
                + (fileNames + [RolloutPlanLoader.fileName]).joined(separator: ", "),
              hint: "create readiness.yaml there or pass the file's path"))
        }
        files += found
        planFiles += plan.map { [$0] } ?? []
      } else if RolloutPlanLoader.isPlan(path) {
        planFiles.append(path)
      } else {
        files.append(path)
      }
    }
    var checklists: [Checklist] = []
    for file in files where !checklists.contains(where: { $0.file == file }) {
      let sink = DiagnosticSink()
      if let checklist = loadChecklist(file, limits: limits, sink: sink) {
        checklists.append(TierPolicy.apply(to: checklist, program: tiers, sink: sink))
      }
      diagnostics += sink.diagnostics
    }
    var plans: [RolloutPlan] = []
    for file in planFiles where !plans.contains(where: { $0.file == file }) {
      let sink = DiagnosticSink()
      if let plan = RolloutPlanLoader.load(file, limits: limits, sink: sink) {
        plans.append(plan)
      }
      diagnostics += sink.diagnostics
    }
    diagnostics += crossFileProblems(checklists)
    diagnostics += RolloutPlanLoader.crossPlanProblems(plans)
    diagnostics += ruleIDClashes(checklists, plans: plans)
    let tierSink = DiagnosticSink()
    let tier = checklists.lazy.compactMap(\.appliedTier).first
      ?? (checklists.isEmpty ? tiers.flatMap { TierPolicy.tier(of: $0, sink: tierSink) } : nil)
    diagnostics += tierSink.diagnostics
    var result = Definitions(checklists: checklists, plans: plans, diagnostics: diagnostics.sorted())
    result.tier = tier
    return result
  }

  /// Checklist gates may not take the ids of rollout rules while a plan is loaded.
  private static func ruleIDClashes(_ checklists: [Checklist], plans: [RolloutPlan])
    -> [Diagnostic]
  {
    guard let plan = plans.first else { return [] }
    var problems: [Diagnostic] = []
    for checklist in checklists {
      for gate in checklist.gates where RolloutRules.rule(gate.id) != nil {
        problems.append(
          Diagnostic(
            at: gate.location,
            "gate id '\(gate.id)' is the id of a rollout rule evaluated on \(plan.file)",
            hint: "give the gate another id"))
      }
    }
    return problems
  }

  /// Loads and decodes one checklist file.
  public static func loadChecklist(_ file: String, limits: Limits, sink: DiagnosticSink)
    -> Checklist?
  {
    // A big checklist's gates decode while libyaml is still reading the rest of the file.
    let ahead = GatesAhead()
    guard
      let node = DefinitionFile.load(
        file, limits: limits, sink: sink, onTopLevelItem: ahead.collect,
        whileWaiting: ahead.decodeOne)
    else { return nil }
    let checklist = ChecklistDecoder.decode(
      node, file: file, packs: nil, decodedAhead: ahead.decoded, sink: sink)
    // Freeing a small tree costs less than handing it to another thread.
    if (checklist?.gates.count ?? 0) >= 1_000 { Parallel.discard(node) }
    return checklist
  }

  private static func crossFileProblems(_ checklists: [Checklist]) -> [Diagnostic] {
    // Within one checklist the decoder has already refused duplicates.
    guard checklists.count > 1 else { return [] }
    var seen: [String: SourceLocation] = [:]
    var problems: [Diagnostic] = []
    for checklist in checklists {
      for gate in checklist.gates {
        if let first = seen[gate.id] {
          problems.append(
            Diagnostic(
              at: gate.location,
              "duplicate gate id '\(gate.id)'; it is already defined at \(first)",
              hint: "give each gate a unique id across all checklists"))
        } else {
          seen[gate.id] = gate.location
        }
      }
    }
    return problems
  }
}

/// One workstream of a program and the definitions loaded for it.
public struct WorkstreamDefinitions: Sendable {
  /// The workstream as the program declares it.
  public var workstream: Workstream
  /// Its checklists and plans.
  public var definitions: Definitions
}
