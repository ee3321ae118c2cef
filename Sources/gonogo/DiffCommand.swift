import ArgumentParser
import Foundation
import GoNoGoKit

extension GoNoGo {
  /// `gonogo diff OLD NEW`: what changed between two go/no-go reports.
  struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "diff",
      abstract: "Show what changed between two go/no-go reports.",
      discussion: """
        OLD and NEW are gonogo JSON reports, checklists (or directories) evaluated now, or \
        REV:PATH for a report or definitions as committed at a git revision \
        (main~1:reports/readiness.json, v2.3.0:readiness.yaml). Definitions at a revision are \
        judged against the evidence as committed at that revision, at --old-now (OLD) or --now (NEW).
        A regression is a worse verdict (GO < CONDITIONAL GO < NO-GO) or a gate that got worse \
        and now fails (pass = disabled = advisory < waived < fail < error).
        Exit codes: 0 no regression, 1 a regression, 2 bad input.
        """)

    @Argument(help: "The earlier report: a JSON report, definitions, or REV:PATH.")
    var old: String

    @Argument(help: "The later report: a JSON report, definitions, or REV:PATH.")
    var new: String

    @Option(name: .long, help: "Evaluate NEW definitions as of this time (ISO 8601).")
    var now: String?

    @Option(name: .customLong("old-now"), help: "Evaluate OLD definitions as of this time.")
    var oldNow: String?

    @Option(name: .long, help: "Evidence root for definitions (default: each checklist's directory).")
    var root: String?

    @Option(name: .long, help: "Output format: text, markdown or json.")
    var format: DiffFormat = .text

    enum DiffFormat: String, ExpressibleByArgument, CaseIterable {
      case text, markdown, json
    }

    func validate() throws {
      _ = try Self.time(now)
      _ = try Self.time(oldNow)
    }

    /// `--now`-style text as an instant: SOURCE_DATE_EPOCH or the clock when absent.
    static func time(_ text: String?) throws -> Date {
      try InputOptions.parse(text.map { ["--now", $0] } ?? []).resolveNow()
    }

    func run() throws {
      let rootURL = root.map { URL(fileURLWithPath: $0) }
      let before = ReportInput.load(old, now: try Self.time(oldNow), root: rootURL)
      let after = ReportInput.load(new, now: try Self.time(now), root: rootURL)
      var failed = false
      for case .failure(let error) in [before, after] {
        printError("gonogo: " + error.description)
        failed = true
      }
      guard !failed, case .success(let oldReport) = before, case .success(let newReport) = after
      else { throw ExitCode(2) }
      let diff = ReportDiff(old: oldReport, new: newReport)
      let text: String =
        switch format {
        case .text: DiffRenderer.text(diff)
        case .markdown: DiffRenderer.markdown(diff)
        case .json: DiffJSONRenderer.render(diff)
        }
      FileHandle.standardOutput.write(Data(text.utf8))
      throw ExitCode(diff.exitCode)
    }
  }
}
