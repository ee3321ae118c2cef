import ArgumentParser
import Foundation
import GoNoGoKit

extension GoNoGo {
  /// `gonogo plan`: print the forecast of a rollout plan as a timeline.
  struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Forecast when each phase of a rollout plan starts, bakes and is promoted.",
      discussion: """
        PATH is a rollout plan file, a directory holding rollout.yaml, or a program whose \
        workstreams have plans (default: the current directory). Exits 0 when every phase can be scheduled and 100% is reached by \
        complete_by, 1 when not, 2 when the plan or the command line is invalid.
        """)

    @OptionGroup var input: InputOptions

    @Option(name: .long, help: "Output format: text or json.")
    var format: Format = .text

    enum Format: String, ExpressibleByArgument, CaseIterable {
      case text, json
    }

    func run() throws {
      let now = try input.resolveNow()
      let (plans, diagnostics) = RolloutPlanLoader.load(paths: input.paths)
      printDiagnostics(diagnostics.sorted(), color: false)
      if diagnostics.contains(where: { $0.severity == .error }) { throw ExitCode(2) }
      let schedules = plans.map(Schedule.forecast)
      let text: String
      switch format {
      case .text:
        text = schedules.map { ScheduleRenderer.text($0).joined(separator: "\n") + "\n" }
          .joined(separator: "\n")
      case .json:
        text =
          JSONValue.object([
            "schema": "gonogo.rollout/v1",
            "now": .string(DateValue.iso8601(now)),
            "rollout": .array(schedules.map(ScheduleRenderer.json)),
          ]).serialized() + "\n"
      }
      FileHandle.standardOutput.write(Data(text.utf8))
      let late = schedules.contains { $0.missesCompleteBy || $0.problem != nil }
      throw ExitCode(late ? 1 : 0)
    }
  }
}
