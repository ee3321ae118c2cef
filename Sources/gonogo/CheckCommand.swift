import ArgumentParser
import Foundation
import GoNoGoKit

extension GoNoGo {
  /// `gonogo check`: evaluate the gates and print the go/no-go report.
  struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Evaluate every gate against its evidence and print the go/no-go report.")

    @OptionGroup var input: InputOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .long, help: "Evidence root (default: each checklist's directory).")
    var root: String?

    @Option(name: .customLong("fail-on"), help: "Also exit 1 on 'conditional' (CONDITIONAL GO).")
    var failOn: FailOn?

    enum FailOn: String, ExpressibleByArgument, CaseIterable {
      case conditional
      case nogo = "no-go"
    }

    func validate() throws {
      if let root {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory),
          isDirectory.boolValue
        else {
          throw ValidationError("--root '\(root)' is not a directory")
        }
      }
    }

    func run() throws {
      let now = try input.resolveNow()
      let outputs = try output.outputs()
      let definitions = Definitions.load(paths: input.paths)
      if definitions.hasErrors {
        printDiagnostics(definitions.diagnostics, color: false)
        throw ExitCode(2)
      }
      let report = Evaluation.run(
        definitions, root: root.map { URL(fileURLWithPath: $0) }, now: now)
      try write(report, outputs: outputs)
      throw ExitCode(report.verdict.exitCode(failOnConditional: failOn == .conditional))
    }

    private func write(_ report: Report, outputs: [(OutputFormat, String)]) throws {
      for (format, path) in outputs {
        let text = format.render(report)
        do {
          try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
          FileHandle.standardError.write(
            Data("gonogo: error: cannot write \(format.rawValue) report to \(path): \(error.localizedDescription)\n".utf8))
          throw ExitCode(2)
        }
      }
      let text = output.format.render(report, options: .init(color: output.useColor))
      FileHandle.standardOutput.write(Data(text.utf8))
    }
  }
}
