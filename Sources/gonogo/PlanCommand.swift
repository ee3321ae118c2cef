import ArgumentParser
import Foundation
import GoNoGoKit

extension GoNoGo {
  /// `gonogo plan`: print the forecast of a rollout plan as a timeline, data or a calendar.
  struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "plan",
      abstract: "Forecast when each phase of a rollout plan starts, bakes and is promoted.",
      discussion: """
        PATH is a rollout plan file, a directory holding rollout.yaml, or a program whose \
        workstreams have plans (default: the current directory). Exits 0 when every phase can be scheduled and 100% is reached by \
        complete_by, 1 when not, 2 when the plan or the command line is invalid. \
        --format ics writes the forecast as an iCalendar file to subscribe to: the go/no-go \
        review, the comms, one event per phase and the freezes, with stable UIDs.
        """)

    @OptionGroup var input: InputOptions

    @Option(name: .long, help: "Output format: text, json or ics.")
    var format: Format = .text

    @Option(
      name: .long,
      help: "Also write FORMAT=PATH (text, json or ics), e.g. ics=rollout.ics; repeatable.")
    var output: [String] = []

    enum Format: String, ExpressibleByArgument, CaseIterable {
      case text, json, ics
    }

    /// The `--output` pairs, checked.
    func outputs() throws -> [(Format, String)] {
      try output.map { pair in
        let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[1].isEmpty else {
          throw ValidationError("--output '\(pair)' must be FORMAT=PATH, e.g. ics=rollout.ics")
        }
        guard let format = Format(rawValue: parts[0]) else {
          throw ValidationError(
            "--output format '\(parts[0])' is unknown; use one of text, json, ics")
        }
        return (format, parts[1])
      }
    }

    func validate() throws {
      _ = try outputs()
    }

    func run() throws {
      let now = try input.resolveNow()
      let outputs = try outputs()
      let (plans, diagnostics) = RolloutPlanLoader.load(paths: input.paths)
      printDiagnostics(diagnostics.sorted(), color: false)
      if diagnostics.contains(where: { $0.severity == .error }) { throw ExitCode(2) }
      let schedules = plans.map(Schedule.forecast)
      // Built only for the formats that show them: a big freeze calendar makes many events.
      let needsCalendars = ([format] + outputs.map(\.0)).contains { $0 != .text }
      let calendars =
        needsCalendars ? zip(plans, schedules).map { ForecastCalendar(plan: $0, schedule: $1) } : []
      func render(_ format: Format) -> String {
        switch format {
        case .text:
          return schedules.map { ScheduleRenderer.text($0).joined(separator: "\n") + "\n" }
            .joined(separator: "\n")
        case .json:
          return JSONValue.object([
            "schema": "gonogo.rollout/v1",
            "now": .string(DateValue.iso8601(now)),
            "rollout": .array(schedules.map(ScheduleRenderer.json)),
            "calendar": .array(calendars.map(\.json)),
          ]).serialized() + "\n"
        case .ics:
          return CalendarWriter.ics(calendars, now: now)
        }
      }
      for (format, path) in outputs {
        do {
          try Data(render(format).utf8).write(to: URL(fileURLWithPath: path))
        } catch {
          printError(
            "gonogo: error: cannot write \(format.rawValue) forecast to \(path): "
              + error.localizedDescription)
          throw ExitCode(2)
        }
      }
      FileHandle.standardOutput.write(Data(render(format).utf8))
      let late = schedules.contains { $0.missesCompleteBy || $0.problem != nil }
      throw ExitCode(late ? 1 : 0)
    }
  }
}
