import ArgumentParser
import Foundation
import GoNoGoKit

extension GoNoGo {
  /// `gonogo validate`: check the definitions only; no evidence is read.
  struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "validate",
      abstract: "Check checklists and rollout plans for errors without reading any evidence.")

    @OptionGroup var input: InputOptions

    @Flag(name: [.short, .long], help: "Print nothing but errors (the exit code tells).")
    var quiet = false

    func run() throws {
      let definitions = Definitions.load(paths: input.paths)
      let now = try input.resolveNow()
      let diagnostics = (definitions.diagnostics + Advisory.warnings(definitions, now: now))
        .sorted()
      printDiagnostics(
        quiet ? diagnostics.filter { $0.severity == .error } : diagnostics, color: false)
      if definitions.hasErrors { throw ExitCode(2) }
      if quiet { return }
      let gates = definitions.checklists.reduce(0) { $0 + $1.gates.count }
      if !definitions.checklists.isEmpty {
        let files = definitions.checklists.map(\.file).joined(separator: ", ")
        print(TerminalText.escaped("\(files): valid (\(gates) gate\(gates == 1 ? "" : "s"))"))
      }
      for plan in definitions.plans {
        let phases = plan.phases.count
        let count = "\(phases) phase\(phases == 1 ? "" : "s")"
        print(TerminalText.escaped("\(plan.file): valid (\(count))"))
      }
    }
  }
}
