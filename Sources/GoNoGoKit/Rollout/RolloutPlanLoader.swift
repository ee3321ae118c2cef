import Foundation
import LocatedYAML

/// Finds and loads rollout plans.
public enum RolloutPlanLoader {
  /// The name searched for in a directory.
  public static let fileName = "rollout.yaml"

  /// True when a file named on the command line is a rollout plan: `rollout.yaml`, or a name
  /// ending in `.rollout.yaml` (`checkout.rollout.yaml`).
  public static func isPlan(_ path: String) -> Bool {
    let name = (path as NSString).lastPathComponent
    return name == fileName || name.hasSuffix("." + fileName)
  }

  /// The plan in a directory, when there is one (a leading `./` dropped).
  public static func plan(in directory: String) -> String? {
    let path = (directory as NSString).appendingPathComponent(fileName)
    guard PathKind.of(path) != nil else { return nil }
    return path.hasPrefix("./") ? String(path.dropFirst(2)) : path
  }

  /// Loads the plans named by `paths` (plan files, or directories holding `rollout.yaml`;
  /// default the current directory), with every diagnostic, sorted.
  public static func load(paths: [String], limits: Limits = .default)
    -> (plans: [RolloutPlan], diagnostics: [Diagnostic])
  {
    var diagnostics: [Diagnostic] = []
    var plans: [RolloutPlan] = []
    for path in paths.isEmpty ? ["."] : paths {
      if let program = Definitions.programFile(path) {
        // A program's plans are its workstreams' plans.
        let loaded = Definitions.load(paths: [program], limits: limits)
        let found = loaded.workstreams.flatMap(\.definitions.plans)
        diagnostics += loaded.diagnostics
        if found.isEmpty && !loaded.hasErrors {
          diagnostics.append(
            Diagnostic(
              at: SourceLocation(file: program, line: 1, column: 1),
              "no workstream of the program has a \(fileName)"))
        }
        plans += found.filter { plan in !plans.contains { $0.file == plan.file } }
        continue
      }
      var isDirectory: ObjCBool = false
      let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
      let file = isDirectory.boolValue ? plan(in: path) : (exists ? path : nil)
      guard let file else {
        diagnostics.append(
          Diagnostic(
            at: SourceLocation(file: path, line: 1, column: 1),
            exists ? "the directory holds no \(fileName)" : "no such file or directory",
            hint: "pass a rollout.yaml or a directory that holds one"))
        continue
      }
      guard !plans.contains(where: { $0.file == file }) else { continue }
      let sink = DiagnosticSink()
      if let plan = load(file, limits: limits, sink: sink) { plans.append(plan) }
      diagnostics += sink.diagnostics
    }
    diagnostics += crossPlanProblems(plans)
    return (plans, diagnostics.sorted())
  }

  /// Loads and decodes one plan file.
  public static func load(_ file: String, limits: Limits = .default, sink: DiagnosticSink)
    -> RolloutPlan?
  {
    guard let node = DefinitionFile.load(file, limits: limits, sink: sink) else { return nil }
    return RolloutDecoder.decode(node, file: file, sink: sink)
  }

  /// Problems between plans of one run: two plans for one service.
  public static func crossPlanProblems(_ plans: [RolloutPlan]) -> [Diagnostic] {
    var seen: [String: RolloutPlan] = [:]
    var problems: [Diagnostic] = []
    for plan in plans {
      if let first = seen[plan.service] {
        problems.append(
          Diagnostic(
            at: plan.location(of: "service"),
            "service '\(plan.service)' already has a rollout plan in \(first.file)",
            hint: "keep one rollout plan per service in a run"))
      } else {
        seen[plan.service] = plan
      }
    }
    return problems
  }
}
