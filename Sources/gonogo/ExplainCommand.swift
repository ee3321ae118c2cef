import ArgumentParser
import Foundation
import GoNoGoKit

extension GoNoGo {
  /// `gonogo explain GATE`: why one gate has the status it has.
  struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "explain",
      abstract: "Explain one gate: its definition, the evidence it read, why it failed, "
        + "its owner and remediation.")

    @Argument(help: "The gate's id.")
    var gate: String

    @OptionGroup var input: InputOptions

    @Option(name: .long, help: "Evidence root (default: each checklist's directory).")
    var root: String?

    @OptionGroup var release: ReleaseOptions

    func run() throws {
      let now = try input.resolveNow()
      let definitions = Definitions.load(paths: input.paths)
      if definitions.hasErrors {
        printDiagnostics(definitions.diagnostics, color: false)
        throw ExitCode(2)
      }
      // The same release as `check` judges against, so revision binding explains alike.
      let identity = try release.release(
        evidenceDirectory: releaseDirectory(root: root, paths: input.paths))
      let report = Evaluation.run(
        definitions, root: root.map { URL(fileURLWithPath: $0) }, now: now, release: identity)
      if !report.gates.contains(where: { $0.id == gate }),
        let exclusion = report.excludedByTier.first(where: { $0.id == gate })
      {
        FileHandle.standardOutput.write(Data(GateExplanation.render(exclusion, report: report).utf8))
        return
      }
      guard let result = report.gates.first(where: { $0.id == gate }) else {
        let ids = report.gates.map(\.id) + report.excludedByTier.map(\.id)
        let suggestion =
          Suggestion.closest(to: gate, in: ids).map { "; did you mean '\($0)'?" } ?? ""
        throw ValidationError("no gate has the id '\(gate)'\(suggestion)")
      }
      let definition = definitions.checklists.lazy.flatMap(\.gates).first { $0.id == gate }
      let text = GateExplanation.render(result, gate: definition, report: report)
      FileHandle.standardOutput.write(Data(text.utf8))
    }
  }
}
